// Issue 10, item 3: a database that cannot answer. Keyfront talks to PostgreSQL/MariaDB through a
// TCP proxy in this process, which the test freezes (bytes swallowed) or stops (connections
// refused); SQLite is "frozen" by another connection holding the write lock. Every answer is then
// Magento-shaped 503, the process lives, and it recovers by itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BACKEND, createTestDatabase, type TestDatabase } from '../helpers/backend.ts';
import { executeDb } from '../helpers/db.ts';
import { spawnServer, request } from '../helpers/server.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

const UNAVAILABLE = { message: 'The service is temporarily unavailable. Please try again later.' };
const ENV = { KEYFRONT_DB_TIMEOUT_MS: '1500', KEYFRONT_MAIL_INTERVAL_MS: '200' };

async function createCustomer(url: string, email: string) {
  const r = await request(url, 'POST', '/rest/V1/customers', { body: { customer: { email, firstname: 'D', lastname: 'B' }, password: 'Password1' } });
  assert.equal(r.status, 200, r.text);
  const t = await request(url, 'POST', '/rest/V1/integration/customer/token', { body: { username: email, password: 'Password1' } });
  assert.equal(t.status, 200, t.text);
  return t.body as string;
}

/** Retries until the server answers `status` again (bounded): recovery, not a timing claim. */
async function until(check: () => Promise<number>, status: number): Promise<number> {
  let last = 0;
  for (let i = 0; i < 60; i++) {
    last = await check();
    if (last === status) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

describe('a database that does not answer', { skip: BACKEND === 'sqlite' ? 'SQLite: see the locked-file test' : false }, () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: Awaited<ReturnType<typeof spawnServer>>;
  before(async () => {
    database = await createTestDatabase();
    const target = new URL(database.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || (BACKEND === 'postgres' ? 5432 : 3306)));
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    server = await spawnServer({ ...ENV, DATABASE_URL: viaProxy.toString() });
  });
  after(async () => {
    server?.child.kill('SIGTERM');
    await proxy?.close();
    await database?.drop();
  });

  it('frozen: every door answers 503 in its own shape, live stays 200, and it recovers', async () => {
    const token = await createCustomer(server.url, 'frozen@example.com');
    proxy.freeze();
    try {
      const me = await request(server.url, 'GET', '/rest/V1/customers/me', { token });
      assert.equal(me.status, 503, me.text);
      assert.deepEqual(me.body, UNAVAILABLE);
      // The sign-in throttle fails closed: no token without the database.
      const signIn = await request(server.url, 'POST', '/rest/V1/integration/customer/token', { body: { username: 'frozen@example.com', password: 'Password1' } });
      assert.equal(signIn.status, 503, signIn.text);
      const page = await fetch(`${server.url}/customer/account/login/`);
      assert.equal(page.status, 503);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.equal((await request(server.url, 'GET', '/health/ready')).status, 503);
      assert.equal((await request(server.url, 'GET', '/health/live')).status, 200);
    } finally {
      await proxy.resume();
    }
    assert.equal(await until(async () => (await request(server.url, 'GET', '/rest/V1/customers/me', { token })).status, 200), 200);
    assert.equal((await request(server.url, 'GET', '/health/ready')).status, 200);
    assert.equal(server.child.exitCode, null, 'the process lives');
  });

  it('stopped: 503, not 500, and it recovers when the database is back', async () => {
    const token = await createCustomer(server.url, 'stopped@example.com');
    await proxy.stop();
    try {
      const me = await request(server.url, 'GET', '/rest/V1/customers/me', { token });
      assert.equal(me.status, 503, me.text);
      assert.deepEqual(me.body, UNAVAILABLE);
      const create = await request(server.url, 'POST', '/rest/V1/customers', { body: { customer: { email: 'while-down@example.com', firstname: 'D', lastname: 'B' }, password: 'Password1' } });
      assert.equal(create.status, 503, create.text);
    } finally {
      await proxy.resume();
    }
    assert.equal(await until(async () => (await request(server.url, 'GET', '/rest/V1/customers/me', { token })).status, 200), 200);
    assert.doesNotMatch(server.logs(), /"level":50.*unexpected error/);
  });
});

describe('a locked SQLite database', { skip: BACKEND !== 'sqlite' ? 'SQLite only' : false }, () => {
  it('a write that cannot get the lock answers 503, and works again once the lock is gone', async () => {
    const { default: SQLite } = await import('better-sqlite3');
    const database = await createTestDatabase();
    const server = await spawnServer({ ...ENV, DATABASE_URL: database.url });
    // KEYFRONT_SQLITE_NATIVE_BINDING: the addon built for another Node (CI's Node 22 run), as test/helpers/db.ts does.
    const binding = process.env.KEYFRONT_SQLITE_NATIVE_BINDING;
    let holder: InstanceType<typeof SQLite> | undefined;
    try {
      holder = new SQLite(database.url.slice('sqlite:'.length), binding ? { nativeBinding: binding } : {});
      await createCustomer(server.url, 'first@example.com');
      holder.exec('BEGIN EXCLUSIVE');
      const create = await request(server.url, 'POST', '/rest/V1/customers', { body: { customer: { email: 'locked@example.com', firstname: 'L', lastname: 'K' }, password: 'Password1' } });
      assert.equal(create.status, 503, create.text);
      assert.deepEqual(create.body, UNAVAILABLE);
      holder.exec('ROLLBACK');
      await createCustomer(server.url, 'locked@example.com');
      assert.equal(server.child.exitCode, null);
    } finally {
      holder?.close();
      server.child.kill('SIGTERM');
      await database.drop();
    }
  });
});


// Issue 15, item 4: a migration run by another process while the server runs. On PostgreSQL the
// hot-path reads (`SELECT c.*`) are named prepared statements; once customer_entity gains a column,
// each connection's prepared read fails once with "cached plan must not change result type"
// (0A000) until prepared again. Keyfront drops that connection's statements and runs the read once
// more. MariaDB (mysql2 `query`: text protocol, nothing prepared on the server) and SQLite
// (statements re-prepare themselves on a schema change) must simply go on answering.
describe('a column added to customer_entity while the server runs', () => {
  it('GET /me stays 200 on every pool connection, and the body does not change', async () => {
    const database = await createTestDatabase();
    const server = await spawnServer({ DATABASE_URL: database.url });
    try {
      const token = await createCustomer(server.url, 'schema@example.com');
      const me = () => request(server.url, 'GET', '/rest/V1/customers/me', { token });
      // Twenty at once: the pool (ten connections) opens several, and each prepares the reads.
      const before = await Promise.all(Array.from({ length: 20 }, me));
      assert.deepEqual(before.map((r) => r.status), Array(20).fill(200));
      const body = before[0].body;

      await executeDb(database.url, 'ALTER TABLE customer_entity ADD COLUMN keyfront_test_extra int');

      for (let round = 0; round < 3; round++) {
        const after = await Promise.all(Array.from({ length: 20 }, me));
        assert.deepEqual(after.map((r) => `${r.status} ${r.status === 200 ? '' : r.text}`), Array(20).fill('200 '), server.logs());
        // Columns are mapped one by one to Magento's fields: an unknown one never reaches the wire.
        for (const r of after) assert.deepEqual(r.body, body);
      }
      assert.doesNotMatch(server.logs(), /cached plan/);
    } finally {
      server.child.kill('SIGTERM');
      await database.drop();
    }
  });
});
