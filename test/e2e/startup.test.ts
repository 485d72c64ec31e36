// `npm start` / `bin/keyfront serve`: the one start-up line, first-start setup, HOST/PORT, restarts,
// and several processes starting on one new database.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BACKEND, createTestDatabase, type TestDatabase } from '../helpers/backend.ts';
import { queryDb } from '../helpers/db.ts';
import { adminToken, BIN, ROOT, spawnServer, startServer, TEST_ENV } from '../helpers/server.ts';
import { spawn } from 'node:child_process';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('start-up', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  it('applies migrations, creates Magento\'s default scopes and groups, and prints one line', async () => {
    const server = await startServer({ database });
    try {
      assert.match(server.startLine, /^Keyfront listening on http:\/\/127\.0\.0\.1:\d+ \(database: [^,)\s]+[,)]/);
      assert.match(server.startLine, /no admin user yet: create one with bin\/keyfront admin:user:create/);
      const admin = await adminToken(server);
      const views = await server.request('GET', '/rest/V1/store/storeViews', { token: admin });
      assert.deepEqual(views.body, [
        { id: 0, code: 'admin', name: 'Admin', website_id: 0, store_group_id: 0, is_active: true },
        { id: 1, code: 'default', name: 'Default Store View', website_id: 1, store_group_id: 1, is_active: true },
      ]);
      const websites = await server.request('GET', '/rest/V1/store/websites', { token: admin });
      assert.deepEqual(websites.body, [
        { id: 0, code: 'admin', name: 'Admin', default_group_id: 0 },
        { id: 1, code: 'base', name: 'Main Website', default_group_id: 1 },
      ]);
      const groups = await server.request('GET', '/rest/V1/store/storeGroups', { token: admin });
      assert.deepEqual(groups.body, [
        { id: 0, website_id: 0, root_category_id: 0, default_store_id: 0, name: 'Default', code: 'default' },
        { id: 1, website_id: 1, root_category_id: 2, default_store_id: 1, name: 'Main Website Store', code: 'main_website_store' },
      ]);
      const customerGroups = await queryDb<{ customer_group_id: number; customer_group_code: string }>(
        server.databaseUrl,
        'select customer_group_id, customer_group_code from customer_group order by customer_group_id',
      );
      assert.deepEqual(customerGroups.map((g) => [Number(g.customer_group_id), g.customer_group_code]), [
        [0, 'NOT LOGGED IN'],
        [1, 'General'],
        [2, 'Wholesale'],
        [3, 'Retailer'],
      ]);
    } finally {
      await server.stop();
    }
    // A restart on the same database changes nothing and no longer asks for an admin.
    const again = await startServer({ database });
    try {
      assert.doesNotMatch(again.startLine, /no admin user/);
      const upgrade = await again.cli('setup:upgrade');
      assert.equal(upgrade.code, 0);
      assert.match(upgrade.stdout, /up to date/);
      const views = await queryDb(again.databaseUrl, 'select store_id from store');
      assert.equal(views.length, 2);
    } finally {
      await again.stop();
    }
  });

  it('prints exactly one line on stdout and never a password', { skip: BACKEND === 'mysql' && 'MariaDB root has no password to hide here' }, async () => {
    const db = await createTestDatabase();
    try {
      // PostgreSQL here trusts local connections, so a password in the URL is accepted and must be masked.
      const url = BACKEND === 'postgres' ? db.url.replace('postgres@', 'postgres:s3cret-pw@') : db.url;
      const child = spawn(process.execPath, [BIN, 'serve', '--port=0'], { env: { ...process.env, ...TEST_ENV, DATABASE_URL: url }, cwd: ROOT });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      await new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('\n') && resolve()));
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      assert.equal(stdout.trim().split('\n').length, 1, stdout);
      assert.ok(!stdout.includes('s3cret-pw'), stdout);
    } finally {
      await db.drop();
    }
  });

  it('ends with 0 on SIGTERM after sign-ups and sign-ins have started its hashing threads', async () => {
    const db = await createTestDatabase();
    try {
      const server = await spawnServer({ DATABASE_URL: db.url });
      const exited = new Promise<[number | null, string | null]>((r) => server.child.once('exit', (code, signal) => r([code, signal])));
      const post = (path: string, body: unknown) => fetch(`${server.url}/rest/default/V1${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const created = await Promise.all([1, 2, 3].map((i) => post('/customers', { customer: { email: `hash${i}@example.com`, firstname: 'A', lastname: 'B' }, password: 'Password1' })));
      assert.deepEqual(created.map((r) => r.status), [200, 200, 200]);
      const token = await post('/integration/customer/token', { username: 'hash1@example.com', password: 'Password1' });
      assert.equal(token.status, 200);
      server.child.kill('SIGTERM');
      assert.deepEqual(await exited, [0, null], server.logs());
    } finally {
      await db.drop();
    }
  });

  it('listens where HOST/PORT say, and --port wins over PORT', async () => {
    const db = await createTestDatabase();
    try {
      const port = await freePort();
      const byEnv = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, ...TEST_ENV, DATABASE_URL: db.url, HOST: '127.0.0.1', PORT: String(port) }, cwd: ROOT });
      let line = '';
      await new Promise<void>((resolve, reject) => {
        byEnv.stdout.on('data', (d) => ((line += d), line.includes('\n') && resolve()));
        byEnv.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      assert.match(line, new RegExp(`http://127\\.0\\.0\\.1:${port} `));
      const reply = await fetch(`http://127.0.0.1:${port}/rest/V1/customers/me`);
      assert.equal(reply.status, 401);
      byEnv.kill('SIGTERM');
      await new Promise((r) => byEnv.once('exit', r));
      const flag = await spawnServer({ DATABASE_URL: db.url, PORT: '1' }); // --port=0 from the harness wins over PORT=1
      assert.doesNotMatch(flag.startLine, /:1 /);
      flag.child.kill('SIGTERM');
      await new Promise((r) => flag.child.once('exit', r));
    } finally {
      await db.drop();
    }
  });

  it('lets two processes start on one new database at the same moment', async () => {
    const db = await createTestDatabase();
    try {
      const [a, b] = await Promise.all([spawnServer({ DATABASE_URL: db.url }), spawnServer({ DATABASE_URL: db.url })]);
      for (const [i, s] of [a, b].entries()) {
        const reply = await fetch(`${s.url}/rest/V1/customers`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ customer: { email: `twin${i}@example.com`, firstname: 'A', lastname: 'B' } }),
        });
        assert.equal(reply.status, 200);
      }
      const views = await queryDb(db.url, 'select store_id from store');
      assert.equal(views.length, 2);
      for (const s of [a, b]) {
        s.child.kill('SIGTERM');
        await new Promise((r) => s.child.once('exit', r));
      }
    } finally {
      await db.drop();
    }
  });

  it('refuses a bad DATABASE_URL or port with a one-line reason', async () => {
    const { runCli } = await import('../helpers/server.ts');
    const badUrl = await runCli(['serve'], { DATABASE_URL: 'oracle://x' });
    assert.notEqual(badUrl.code, 0);
    assert.match(badUrl.stderr.trim(), /^DATABASE_URL must start with sqlite:, postgres:\/\/ or mysql:\/\//);
    assert.equal(badUrl.stderr.trim().split('\n').length, 1);
    const badPort = await runCli(['serve', '--port=http'], { DATABASE_URL: database.url });
    assert.notEqual(badPort.code, 0);
    assert.match(badPort.stderr, /--port must be a port number/);
  });
});
