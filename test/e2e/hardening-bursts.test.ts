// Issue 10, items 1 and 2: parallel bursts against the password paths. Each burst is small enough
// for the test suite; `npm run battery` runs the same bursts at 200-way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../../src/auth/token-service.ts';
import { formatDateTime } from '../../src/lib/clock.ts';
import { withDatabase } from '../helpers/db.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const MISMATCH_CURRENT = "The password doesn't match this account. Verify the password and try again.";
const LOCKED = 'The account is locked.';
const TOKEN_MISMATCH = 'The password token is mismatched. Reset and try again.';

async function register(server: TestServer, email: string): Promise<{ id: number; token: string }> {
  const created = await server.request('POST', '/rest/V1/customers', { body: { customer: { email, firstname: 'Bur', lastname: 'St' }, password: 'Password1' } });
  assert.equal(created.status, 200, created.text);
  const token = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: email, password: 'Password1' } });
  assert.equal(token.status, 200, token.text);
  return { id: created.body.id, token: token.body };
}

describe('bursts on the password paths', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.close());

  it('40 parallel wrong current passwords run fewer checks than lockout_failures (10), then the account is locked', async () => {
    const { token } = await register(server, 'burst-current@example.com');
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        server.request('PUT', '/rest/V1/customers/me/password', { token, body: { currentPassword: `Wrong-${i}-pass`, newPassword: 'Changed-Pass1' } }),
      ),
    );
    for (const r of replies) assert.equal(r.status, 401, r.text);
    const mismatches = replies.filter((r) => r.body.message === MISMATCH_CURRENT).length;
    const locked = replies.filter((r) => r.body.message === LOCKED).length;
    assert.equal(mismatches + locked, 40);
    // The 10th counted attempt locks before its check: 9 checks answer "doesn't match".
    assert.equal(mismatches, 9, `${mismatches} checks ran`);
    const right = await server.request('PUT', '/rest/V1/customers/me/password', { token, body: { currentPassword: 'Password1', newPassword: 'Changed-Pass1' } });
    assert.equal(right.status, 401);
    assert.deepEqual(right.body, { message: LOCKED });
  });

  it('a burst of right passwords all succeed and leave no count behind', async () => {
    const { id } = await register(server, 'burst-right@example.com');
    const replies = await Promise.all(
      Array.from({ length: 12 }, () => server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'burst-right@example.com', password: 'Password1' } })),
    );
    // At most lockout_failures attempts are in flight before one of them clears the count; the
    // token endpoint's own throttle (6) is cleared by each success.
    assert.ok(replies.every((r) => r.status === 200 || r.status === 401), replies.map((r) => r.status).join(','));
    assert.ok(replies.filter((r) => r.status === 200).length >= 1);
    const row = await withDatabase(server.databaseUrl, ({ db }) => db.selectFrom('customer_entity').select(['failures_num', 'lock_expires']).where('entity_id', '=', id).executeTakeFirstOrThrow());
    assert.equal(Number(row.failures_num), 0);
    assert.equal(row.lock_expires, null);
  });

  it('one reset token, 30 parallel resets: exactly one succeeds, the rest get the mismatch error', async () => {
    const { id } = await register(server, 'burst-reset@example.com');
    const resetToken = 'burst-reset-token-0123456789abcdef';
    await withDatabase(server.databaseUrl, ({ db }) =>
      db.updateTable('customer_entity').set({ rp_token: hashToken(resetToken), rp_token_created_at: formatDateTime(new Date()) }).where('entity_id', '=', id).execute(),
    );
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        server.request('POST', '/rest/V1/customers/resetPassword', { body: { email: 'burst-reset@example.com', resetToken, newPassword: `Reset-${i}-Pass` } }),
      ),
    );
    const ok = replies.filter((r) => r.status === 200);
    assert.equal(ok.length, 1, replies.map((r) => `${r.status} ${r.text}`).join('\n'));
    for (const r of replies.filter((r) => r.status !== 200)) {
      assert.equal(r.status, 400, r.text);
      assert.deepEqual(r.body, { message: TOKEN_MISMATCH });
    }
    // The winner's password is the one stored.
    const winner = replies.indexOf(ok[0]);
    const signIn = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'burst-reset@example.com', password: `Reset-${winner}-Pass` } });
    assert.equal(signIn.status, 200, signIn.text);
  });
});
