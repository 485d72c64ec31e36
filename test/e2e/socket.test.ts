// Issue 15, item 5: DATABASE_URL over a Unix socket. PostgreSQL in both of pg's forms (a `host=`
// parameter naming the socket folder, and the folder URL-encoded as the host), MariaDB with mysql2's
// `socketPath` parameter. The server starts, serves sign-up, sign-in and GET /me, and the database
// confirms its connections came over the socket. A socket that is not there skips (with the reason),
// except under CI (CI=true), where it fails.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { BACKEND, createTestDatabase, MYSQL_ADMIN_URL, POSTGRES_ADMIN_URL } from '../helpers/backend.ts';
import { queryDb } from '../helpers/db.ts';
import { request, spawnServer } from '../helpers/server.ts';

/** Where the server's socket is, asked of the server itself over TCP. */
async function socketOf(backend: 'postgres' | 'mysql'): Promise<string> {
  if (backend === 'postgres') {
    const [row] = await queryDb<{ dir: string; port: string }>(POSTGRES_ADMIN_URL, "select split_part(current_setting('unix_socket_directories'), ',', 1) as dir, current_setting('port') as port");
    return `${row.dir.trim()}/.s.PGSQL.${row.port}`;
  }
  const [row] = await queryDb<{ socket: string }>(MYSQL_ADMIN_URL, 'select @@socket as socket');
  return row.socket;
}

function missing(path: string): string | false {
  if (existsSync(path) || process.env.CI === 'true') return false;
  return `no socket at ${path}`;
}

/** Starts a server on `url`, and proves it serves a customer: sign-up, sign-in, GET /me. */
async function serves(url: string, email: string): Promise<{ stop(): void; startLine: string }> {
  const server = await spawnServer({ DATABASE_URL: url });
  try {
    const created = await request(server.url, 'POST', '/rest/V1/customers', { body: { customer: { email, firstname: 'Uni', lastname: 'Socket' }, password: 'Password1' } });
    assert.equal(created.status, 200, created.text);
    const token = await request(server.url, 'POST', '/rest/V1/integration/customer/token', { body: { username: email, password: 'Password1' } });
    assert.equal(token.status, 200, token.text);
    const me = await request(server.url, 'GET', '/rest/V1/customers/me', { token: token.body });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.email, email);
  } catch (error) {
    server.child.kill('SIGTERM');
    throw error;
  }
  return { stop: () => server.child.kill('SIGTERM'), startLine: server.startLine };
}

describe('PostgreSQL over a Unix socket', { skip: BACKEND !== 'postgres' && 'PostgreSQL only' }, async () => {
  const socket = BACKEND === 'postgres' ? await socketOf('postgres') : '';
  const folder = socket.slice(0, socket.lastIndexOf('/'));
  const port = socket.slice(socket.lastIndexOf('.') + 1);
  const user = decodeURIComponent(new URL(POSTGRES_ADMIN_URL).username || 'postgres');

  for (const [form, urlOf] of [
    ['postgres:///<db>?host=<folder>', (db: string) => `postgres:///${db}?host=${folder}&port=${port}&user=${user}`],
    ['postgresql://<user>@<folder, URL-encoded>/<db>', (db: string) => `postgresql://${user}@${encodeURIComponent(folder)}:${port}/${db}`],
  ] as const) {
    it(`${form}: the server starts and serves /me, over the socket`, { skip: BACKEND === 'postgres' && missing(socket) }, async () => {
      const database = await createTestDatabase();
      const name = new URL(database.url).pathname.slice(1);
      const url = urlOf(name);
      const server = await serves(url, 'pg-socket@example.com');
      try {
        assert.ok(server.startLine.includes(`database: ${url}`), server.startLine);
        // A socket connection has no client address; the test's own (TCP) connection has one.
        const [row] = await queryDb<{ n: number }>(POSTGRES_ADMIN_URL, `select count(*)::int as n from pg_stat_activity where datname = '${name}' and client_addr is null and backend_type = 'client backend'`);
        assert.ok(row.n > 0, 'Keyfront holds connections over the socket');
      } finally {
        server.stop();
        await database.drop();
      }
    });
  }
});

describe('MariaDB over a Unix socket', { skip: BACKEND !== 'mysql' && 'MariaDB only' }, async () => {
  const socket = BACKEND === 'mysql' ? await socketOf('mysql') : '';
  const user = decodeURIComponent(new URL(MYSQL_ADMIN_URL).username || 'root');

  it('mysql://<user>@localhost/<db>?socketPath=<socket>: the server starts and serves /me, over the socket', { skip: BACKEND === 'mysql' && missing(socket) }, async () => {
    const database = await createTestDatabase();
    const name = new URL(database.url).pathname.slice(1);
    const url = `mysql://${user}@localhost/${name}?socketPath=${socket}`;
    const server = await serves(url, 'maria-socket@example.com');
    try {
      assert.ok(server.startLine.includes(`database: ${url}`), server.startLine);
      // A socket connection's host is `localhost`; a TCP one's is `127.0.0.1:<port>`.
      const hosts = await queryDb<{ host: string }>(MYSQL_ADMIN_URL, `select host from information_schema.processlist where db = '${name}'`);
      assert.ok(hosts.length > 0 && hosts.every((h) => h.host === 'localhost'), JSON.stringify(hosts));
    } finally {
      server.stop();
      await database.drop();
    }
  });
});
