// Issue 10, items 4, 5, 11, 12 and 13: one email, one account, held by the database under both
// sharing modes; emails compared byte-wise (after lower-casing) on every database; a JWT
// revocation mark that cannot tie; a stable Message-ID per mail; security events in the log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openServices } from '../../src/app.ts';
import { TokenRepository } from '../../src/auth/token-repository.ts';
import { TokenService } from '../../src/auth/token-service.ts';
import { USER_TYPE_CUSTOMER } from '../../src/auth/principal.ts';
import { messageIdOf } from '../../src/mail/sender.ts';
import { optionsFromEnv } from '../../src/options.ts';
import { createUsStore, startServer, type TestServer } from '../helpers/server.ts';

const TAKEN = 'A customer with the same email address already exists in an associated website.';
const SHARE_REFUSED = 'Cannot share customer accounts globally because some customer accounts with the same emails exist on multiple websites and cannot be merged.';

function create(server: TestServer, store: string, email: string) {
  return server.request('POST', `/rest/${store}/V1/customers`, { body: { customer: { email, firstname: 'S', lastname: 'H' }, password: 'Password1' } });
}

describe('email uniqueness under both sharing modes', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    await createUsStore(server);
  });
  after(() => server?.close());

  it('global sharing: parallel creates of one email in two websites make exactly one account', async () => {
    assert.equal((await server.cli('config:set', 'customer/account_share/scope', '0')).code, 0);
    try {
      for (let round = 0; round < 3; round++) {
        const email = `race${round}@example.com`;
        const replies = await Promise.all([create(server, 'default', email), create(server, 'us', email), create(server, 'default', email.toUpperCase()), create(server, 'us', email)]);
        const ok = replies.filter((r) => r.status === 200);
        assert.equal(ok.length, 1, replies.map((r) => `${r.status} ${r.text}`).join('\n'));
        for (const r of replies.filter((r) => r.status !== 200)) assert.deepEqual(r.body, { message: TAKEN });
      }
    } finally {
      await server.cli('config:set', 'customer/account_share/scope', '1');
    }
  });

  it('switching to global sharing is refused while an email has accounts in two websites', async () => {
    assert.equal((await create(server, 'default', 'twice@example.com')).status, 200);
    assert.equal((await create(server, 'us', 'twice@example.com')).status, 200);
    const refused = await server.cli('config:set', 'customer/account_share/scope', '0');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, new RegExp(SHARE_REFUSED.replace(/[.]/g, '\\.')));
    const shown = await server.cli('config:show', 'customer/account_share/scope');
    assert.doesNotMatch(shown.stdout, /\b0\b/);
    // Per-website sharing still allows it, as in Magento.
    assert.equal((await create(server, 'us', 'other-site@example.com')).status, 200);
  });

  it('emails compare the same on every database: an accented email is not the account', async () => {
    assert.equal((await create(server, 'default', 'coll@example.com')).status, 200);
    for (const username of ['cöll@example.com', 'CÖLL@example.com', 'coll@exämple.com']) {
      const accented = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username, password: 'Password1' } });
      assert.equal(accented.status, 401, `${username}: ${accented.text}`);
    }
    const own = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'COLL@example.com', password: 'Password1' } });
    assert.equal(own.status, 200, own.text);
  });
});

describe('JWT revocation cannot tie', () => {
  it('a token issued in the second of a revocation ends at the next revocation in that same second', async () => {
    const server = await startServer();
    const services = await openServices(optionsFromEnv({ ...process.env, ...server.env }));
    try {
      const id = (await create(server, 'default', 'tie@example.com')).body.id as number;
      await services.config.set('webapi/token/format', 'jwt');
      // One frozen second: every step below happens "at once".
      const frozen = new Date('2030-01-01T00:00:00.500Z');
      const tokens = new TokenService({ repository: new TokenRepository(services.database), clock: { now: () => frozen }, jwtKeys: services.jwtKeys, config: services.config, grants: services.roles });
      await tokens.revokeAll(USER_TYPE_CUSTOMER, id);
      const issued = await tokens.issueForLogin(USER_TYPE_CUSTOMER, id);
      assert.equal((await tokens.principalFor(issued)).type, 'customer');
      await tokens.revokeAll(USER_TYPE_CUSTOMER, id);
      assert.equal((await tokens.principalFor(issued)).type, 'anonymous');
      const next = await tokens.issueForLogin(USER_TYPE_CUSTOMER, id);
      assert.equal((await tokens.principalFor(next)).type, 'customer');
    } finally {
      await services.database.close();
      await server.close();
    }
  });

  it('README and behaviour agree: in JWT mode a password change ends the JWT in use too', async () => {
    const server = await startServer();
    try {
      await create(server, 'default', 'jwtpw@example.com');
      assert.equal((await server.cli('config:set', 'webapi/token/format', 'jwt')).code, 0);
      const token = (await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'jwtpw@example.com', password: 'Password1' } })).body as string;
      const changed = await server.request('PUT', '/rest/V1/customers/me/password', { token, body: { currentPassword: 'Password1', newPassword: 'Changed-Pass1' } });
      assert.equal(changed.status, 200, changed.text);
      assert.equal((await server.request('GET', '/rest/V1/customers/me', { token })).status, 401);
      const { readFileSync } = await import('node:fs');
      assert.match(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'), /in JWT\s+mode the JWT in use ends too/);
    } finally {
      await server.close();
    }
  });
});

describe('mail and security log', () => {
  it('every attempt of one mail carries the same Message-ID, and no other mail shares it', () => {
    const row = { mail_id: 7, created_at: '2030-01-01 00:00:00', recipient_email: 'a@example.com', sender_email: 'owner@example.com' };
    assert.equal(messageIdOf(row), messageIdOf({ ...row }));
    assert.match(messageIdOf(row), /^<keyfront\.7\.[0-9a-f]{24}@example\.com>$/);
    assert.notEqual(messageIdOf(row), messageIdOf({ ...row, created_at: '2030-01-01 00:00:01' }));
    assert.notEqual(messageIdOf(row), messageIdOf({ ...row, mail_id: 8 }));
  });

  it('sign-in failures, locks, resets and revocations are logged at info as fields, never with a secret', async () => {
    const server = await startServer({ env: { LOG_LEVEL: 'info' } });
    try {
      await create(server, 'default', 'logged@example.com');
      await server.cli('config:set', 'customer/password/lockout_failures', '2');
      for (let i = 0; i < 2; i++) await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'logged@example.com', password: 'Secret-Guess-1' } });
      const token = await server.request('POST', '/rest/V1/integration/admin/token', { body: { username: 'nobody', password: 'Admin-Guess-1' } });
      assert.equal(token.status, 401);
      // Lines are written as the requests are answered; give the pipe a moment (bounded).
      for (let i = 0; i < 50 && !server.logs().includes('"event":"account_locked"'); i++) await new Promise((r) => setTimeout(r, 100));
      const events = server
        .logs()
        .split('\n')
        .filter((l) => l.includes('"event"'))
        .map((l) => JSON.parse(l));
      assert.ok(events.some((e) => e.event === 'sign_in' && e.outcome === 'failed' && e.user_type === 'customer' && e.level === 30));
      assert.ok(events.some((e) => e.event === 'account_locked' && typeof e.customer_id === 'number'));
      assert.ok(events.some((e) => e.event === 'sign_in' && e.user_type === 'admin' && e.outcome === 'failed'));
      const text = server.logs();
      for (const secret of ['Secret-Guess-1', 'Admin-Guess-1', 'Password1']) assert.ok(!text.includes(secret), `log carries ${secret}`);
    } finally {
      await server.close();
    }
  });
});
