// Brute-force protection on the token endpoints (Magento's RequestThrottler, without its bugs),
// across processes, plus the bounded password-hashing queue.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, adminToken, request, spawnServer, startServer, type TestServer } from '../helpers/server.ts';

const GENERIC = {
  message: 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.',
};
const CUSTOMER_TOKEN = '/rest/default/V1/integration/customer/token';
const ADMIN_TOKEN = '/rest/default/V1/integration/admin/token';

async function createCustomer(server: TestServer, email: string, password = 'Password1'): Promise<void> {
  const r = await server.request('POST', '/rest/default/V1/customers', { body: { customer: { email, firstname: 'T', lastname: 'T' }, password } });
  assert.equal(r.status, 200, r.text);
}

async function fail(url: string, path: string, username: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const r = await request(url, 'POST', path, { body: { username, password: 'Wrong-pass1' } });
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, GENERIC);
  }
}

describe('token endpoint throttle', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    await adminToken(server);
  });
  after(() => server?.close());

  it('five failures then the right password gives a customer token', async () => {
    await createCustomer(server, 'five@example.com');
    await fail(server.url, CUSTOMER_TOKEN, 'five@example.com', 5);
    const r = await server.request('POST', CUSTOMER_TOKEN, { body: { username: 'five@example.com', password: 'Password1' } });
    assert.equal(r.status, 200, r.text);
  });

  it('six failures then the right password gives 401 with the generic message', async () => {
    await createCustomer(server, 'six@example.com');
    await fail(server.url, CUSTOMER_TOKEN, 'six@example.com', 6);
    const r = await server.request('POST', CUSTOMER_TOKEN, { body: { username: 'six@example.com', password: 'Password1' } });
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, GENERIC);
    // Another user is not affected.
    await createCustomer(server, 'other@example.com');
    assert.equal((await server.request('POST', CUSTOMER_TOKEN, { body: { username: 'other@example.com', password: 'Password1' } })).status, 200);
  });

  it('the same for admins: 5 then right works, 6 then right is refused', async () => {
    await fail(server.url, ADMIN_TOKEN, ADMIN.username, 5);
    assert.equal((await server.request('POST', ADMIN_TOKEN, { body: ADMIN })).status, 200);
    await fail(server.url, ADMIN_TOKEN, ADMIN.username, 6);
    assert.deepEqual((await server.request('POST', ADMIN_TOKEN, { body: ADMIN })).body, GENERIC);
  });

  it('an unknown user gets exactly the same answer as a wrong password', async () => {
    const unknown = await server.request('POST', CUSTOMER_TOKEN, { body: { username: 'nobody@example.com', password: 'Password1' } });
    const wrong = await server.request('POST', CUSTOMER_TOKEN, { body: { username: 'other@example.com', password: 'Wrong-pass1' } });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.text, wrong.text);
    assert.equal(unknown.headers.get('content-type'), wrong.headers.get('content-type'));
  });

  it('counts across two processes sharing the database', async () => {
    await createCustomer(server, 'shared@example.com');
    const second = await spawnServer(server.env);
    try {
      await fail(server.url, CUSTOMER_TOKEN, 'shared@example.com', 3);
      await fail(second.url, CUSTOMER_TOKEN, 'shared@example.com', 3);
      for (const url of [server.url, second.url]) {
        const r = await request(url, 'POST', CUSTOMER_TOKEN, { body: { username: 'shared@example.com', password: 'Password1' } });
        assert.deepEqual(r.body, GENERIC);
      }
    } finally {
      second.child.kill('SIGTERM');
    }
  });

  it('the lock really expires (1800 s), and is matched case-insensitively', async () => {
    await createCustomer(server, 'expiring@example.com');
    await fail(server.url, CUSTOMER_TOKEN, 'Expiring@Example.com', 6);
    assert.deepEqual((await server.request('POST', CUSTOMER_TOKEN, { body: { username: 'expiring@example.com', password: 'Password1' } })).body, GENERIC);
    const later = await spawnServer({ ...server.env, KEYFRONT_CLOCK_OFFSET_SECONDS: '1801' });
    try {
      const r = await request(later.url, 'POST', CUSTOMER_TOKEN, { body: { username: 'expiring@example.com', password: 'Password1' } });
      assert.equal(r.status, 200, r.text);
    } finally {
      later.child.kill('SIGTERM');
    }
  });
});

describe('a burst of concurrent wrong passwords', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    await createCustomer(server, 'burst@example.com');
  });
  after(() => server?.close());

  /** Starts a process that reports each password verification on stderr (the trace seam), fires the burst. */
  async function checksDuringBurst(username: string, attempts: number, expected: number): Promise<number> {
    const traced = await spawnServer({ ...server.env, KEYFRONT_TRACE_PASSWORD_CHECKS: '1' });
    let checks = 0;
    traced.child.stderr!.on('data', (d: Buffer) => (checks += (String(d).match(/keyfront-trace: password check/g) ?? []).length));
    try {
      const replies = await Promise.all(
        Array.from({ length: attempts }, () => request(traced.url, 'POST', CUSTOMER_TOKEN, { body: { username, password: 'Wrong-pass1' } })),
      );
      for (const r of replies) assert.deepEqual(r.body, GENERIC);
      // The trace lines are written before each reply is sent; let the pipe deliver them (bounded
      // wait for the expected count, then a little longer so that any extra line shows up too).
      for (let i = 0; i < 50 && checks < expected; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
      return checks;
    } finally {
      traced.child.kill('SIGTERM');
    }
  }

  it('runs no more password checks than the limit (6)', async () => {
    assert.equal(await checksDuringBurst('burst@example.com', 25, 6), 6);
    assert.deepEqual((await server.request('POST', CUSTOMER_TOKEN, { body: { username: 'burst@example.com', password: 'Password1' } })).body, GENERIC);
  });

  it('(control: with a higher limit the seam sees every check)', async () => {
    await server.cli('config:set', 'oauth/authentication_lock/max_failures_count', '100');
    // An unknown user: a dummy verification runs each time, and no account lockout interferes.
    assert.equal(await checksDuringBurst('nobody-control@example.com', 12, 12), 12);
  });
});

describe('bounded password hashing', () => {
  it('a flood of sign-ins is answered 503 beyond the queue, never 500, and the server keeps serving', async () => {
    const server = await startServer({
      env: { KEYFRONT_HASH_CONCURRENCY: '1', KEYFRONT_HASH_QUEUE_LIMIT: '1', KEYFRONT_ARGON2_MEMORY_KIB: '32768', KEYFRONT_ARGON2_TIME_COST: '3' },
    });
    try {
      await createCustomer(server, 'flood@example.com');
      const replies = await Promise.all(
        Array.from({ length: 16 }, (_, i) => server.request('POST', CUSTOMER_TOKEN, { body: { username: `flood${i}@example.com`, password: 'Password1' } })),
      );
      const statuses = replies.map((r) => r.status);
      assert.ok(statuses.every((s) => s === 401 || s === 503), statuses.join(','));
      const busy = replies.filter((r) => r.status === 503);
      assert.ok(busy.length > 0, `expected some refusals with 1 running + 1 queued: ${statuses.join(',')}`);
      for (const r of busy) assert.deepEqual(r.body, { message: 'The service is busy. Please try again later.' });
      const ok = await server.request('POST', CUSTOMER_TOKEN, { body: { username: 'flood@example.com', password: 'Password1' } });
      assert.equal(ok.status, 200, ok.text);
    } finally {
      await server.close();
    }
  });
});
