// Token endpoints: format, storage, lifetimes read at issue time, expiry at use, throttling,
// and the many ways a bearer header can be wrong (all of them: anonymous).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminToken, startServer, type TestServer, spawnServer } from '../helpers/server.ts';
import { createHash } from 'node:crypto';
import { queryDb } from '../helpers/db.ts';

const SIGN_IN_FAILED = { message: 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.' };

describe('tokens', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startServer();
    admin = await adminToken(server);
    const created = await server.request('POST', '/rest/V1/customers', { body: { customer: { email: 'tok@example.com', firstname: 'T', lastname: 'K' }, password: 'Password1' } });
    assert.equal(created.status, 200);
  });
  after(() => server.close());

  const login = (username: unknown, password: unknown) => server.request('POST', '/rest/V1/integration/customer/token', { body: { username, password } });

  it('requires both credentials: one aggregate 400', async () => {
    for (const [username, password] of [['', ''], [null, null]]) {
      const reply = await login(username, password);
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, {
        message: 'One or more input exceptions have occurred.',
        errors: [
          { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'username' } },
          { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'password' } },
        ],
      });
    }
    const admin400 = await server.request('POST', '/rest/V1/integration/admin/token', { body: { username: 'admin' } });
    assert.deepEqual(admin400.body, { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'password' } });
  });

  it('answers every failure with the same generic 401', async () => {
    assert.deepEqual((await login('nobody@example.com', 'Password1')).body, SIGN_IN_FAILED);
    assert.deepEqual((await login('tok@example.com', 'wrong-Password1')).body, SIGN_IN_FAILED);
    const adminWrong = await server.request('POST', '/rest/V1/integration/admin/token', { body: { username: 'admin', password: 'nope1234' } });
    assert.equal(adminWrong.status, 401);
    assert.deepEqual(adminWrong.body, SIGN_IN_FAILED);
    const adminUnknown = await server.request('POST', '/rest/V1/integration/admin/token', { body: { username: 'ghost', password: 'nope1234' } });
    assert.deepEqual(adminUnknown.body, SIGN_IN_FAILED);
  });

  it('treats unknown, malformed or wrongly presented tokens as anonymous', async () => {
    const token = (await login('tok@example.com', 'Password1')).body as string;
    for (const header of [`Bearer ${token}x`, `Bearer  ${token}`, `Basic ${token}`, token, `Bearer ${'0'.repeat(32)}`, 'Bearer', `bearer ${token} extra`]) {
      const reply = await server.request('GET', '/rest/V1/customers/me', { headers: { Authorization: header } });
      assert.equal(reply.status, 401, header);
      assert.deepEqual(reply.body.parameters, { resources: 'self' });
    }
    const lower = await server.request('GET', '/rest/V1/customers/me', { headers: { Authorization: `bEaReR ${token}` } });
    assert.equal(lower.status, 200, 'the scheme matches case-insensitively');
    const anonymousRouteStillWorks = await server.request('POST', '/rest/V1/customers', {
      headers: { Authorization: 'Bearer garbage' },
      body: { customer: { email: 'anon-with-garbage@example.com', firstname: 'A', lastname: 'B' } },
    });
    assert.equal(anonymousRouteStillWorks.status, 200);
  });

  it('stores tokens only as hashes', async () => {
    const token = (await login('tok@example.com', 'Password1')).body as string;
    const digest = createHash('sha256').update(token).digest('hex');
    const rows = await queryDb<{ token_hash: string }>(server.databaseUrl, 'select token_hash from access_token');
    assert.ok(rows.some((r) => r.token_hash === digest));
    assert.ok(!rows.some((r) => r.token_hash === token));
  });

  it('throttles the token endpoint: five failures then the right password works, six lock it', async () => {
    await server.request('POST', '/rest/V1/customers', { body: { customer: { email: 'throttle@example.com', firstname: 'T', lastname: 'K' }, password: 'Password1' } });
    for (let i = 0; i < 5; i++) assert.equal((await login('throttle@example.com', 'bad')).status, 401);
    assert.equal((await login('throttle@example.com', 'Password1')).status, 200, 'five failures then success');
    for (let i = 0; i < 6; i++) assert.equal((await login('throttle@example.com', 'bad')).status, 401);
    const locked = await login('THROTTLE@example.com', 'Password1');
    assert.equal(locked.status, 401, 'six failures lock the user name, whatever its case');
    assert.deepEqual(locked.body, SIGN_IN_FAILED);
  });

  it('reads lifetimes at issue time and refuses expired tokens at use; the lock expires too', async () => {
    // A server of its own on its own database, so the clock can be moved by restarting it.
    const own = await startServer();
    try {
      const ownAdmin = await adminToken(own);
      await own.request('POST', '/rest/V1/customers', { body: { customer: { email: 'life@example.com', firstname: 'L', lastname: 'F' }, password: 'Password1' } });
      const ownLogin = (password: string) => own.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'life@example.com', password } });
      const oneHour = (await ownLogin('Password1')).body as string;
      assert.equal((await own.cli('config:set', 'oauth/access_token_lifetime/customer', '3')).code, 0);
      const threeHours = (await ownLogin('Password1')).body as string;
      for (let i = 0; i < 6; i++) await ownLogin('bad');
      assert.equal((await ownLogin('Password1')).status, 401, 'locked');
      await own.stop();

      // Two hours later: the 1-hour token has expired, the 3-hour one and the admin's 4-hour one still work.
      const later = await spawnServer({ ...own.env, KEYFRONT_CLOCK_OFFSET_SECONDS: String(2 * 3600) });
      try {
        const get = (token: string) => fetch(`${later.url}/rest/V1/customers/me`, { headers: { Authorization: `Bearer ${token}` } });
        assert.equal((await get(oneHour)).status, 401);
        assert.equal((await get(threeHours)).status, 200);
        const adminStill = await fetch(`${later.url}/rest/V1/customers/1`, { headers: { Authorization: `Bearer ${ownAdmin}` } });
        assert.equal(adminStill.status, 200);
        const relogin = await fetch(`${later.url}/rest/V1/integration/customer/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'life@example.com', password: 'Password1' }),
        });
        assert.equal(relogin.status, 200, 'the 30-minute throttle lock has expired');
      } finally {
        later.child.kill('SIGTERM');
        await new Promise((r) => later.child.once('exit', r));
      }
    } finally {
      await own.close();
    }
  });

  it('issues admin tokens that work on admin routes only while the admin exists', async () => {
    const reply = await server.request('GET', '/rest/V1/store/storeConfigs?storeCodes[]=default', { token: admin });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.length, 1);
    assert.deepEqual(Object.keys(reply.body[0]), [
      'id', 'code', 'website_id', 'locale', 'base_currency_code', 'default_display_currency_code', 'timezone', 'weight_unit',
      'base_url', 'base_link_url', 'base_static_url', 'base_media_url', 'secure_base_url', 'secure_base_link_url', 'secure_base_static_url', 'secure_base_media_url',
    ]);
    const anonymous = await server.request('GET', '/rest/V1/store/storeConfigs');
    assert.deepEqual(anonymous.body, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Backend::store' } });
  });
});
