// Issue 15, item 4: Keyfront behind PgBouncer in transaction mode (Debian's pgbouncer 1.18, which
// knows nothing of prepared statements: a client connection's consecutive statements may run on
// different server connections). With `?pgbouncer=true` Keyfront uses unnamed statements only and a
// transaction-level migration lock; without it, its named hot-path statements meet server
// connections that lack them (or already have them) and requests fail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BACKEND, createTestDatabase, POSTGRES_ADMIN_URL, type TestDatabase } from '../helpers/backend.ts';
import { queryDb } from '../helpers/db.ts';
import { pgbouncerMissing, startPgBouncer, type PgBouncer } from '../helpers/pgbouncer.ts';
import { ADMIN, runCli, spawnServer, request, type Reply } from '../helpers/server.ts';

const PASSWORD = 'Password1';
const skip = BACKEND !== 'postgres' ? 'PostgreSQL only' : pgbouncerMissing();

function withParameter(url: string, parameter: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${parameter}`;
}

/**
 * Concurrent traffic of every kind that reaches the database: sign-ups, sign-ins, GET /me, the
 * GraphQL `customer` query and an admin's GET /V1/customers/:id, `customers` at a time, all in
 * parallel. Answers every reply with what it was.
 */
async function traffic(url: string, admin: string, run: string, customers: number): Promise<Array<{ what: string; reply: Reply }>> {
  const replies: Array<{ what: string; reply: Reply }> = [];
  const record = async (what: string, pending: Promise<Reply>) => {
    const reply = await pending;
    replies.push({ what, reply });
    return reply;
  };
  await Promise.all(
    Array.from({ length: customers }, async (_, i) => {
      const email = `${run}-${i}@example.com`;
      const created = await record('sign-up', request(url, 'POST', '/rest/V1/customers', { body: { customer: { email, firstname: 'Pg', lastname: 'Bouncer' }, password: PASSWORD } }));
      if (created.status !== 200) return;
      const signedIn = await record('sign-in', request(url, 'POST', '/rest/V1/integration/customer/token', { body: { username: email, password: PASSWORD } }));
      if (signedIn.status !== 200) return;
      const token = signedIn.body as string;
      await Promise.all([
        record('GET /me', request(url, 'GET', '/rest/V1/customers/me', { token })),
        record('GET /me', request(url, 'GET', '/rest/V1/customers/me', { token })),
        record('GraphQL customer', request(url, 'POST', '/graphql', { token, body: { query: '{customer{email firstname}}' } })),
        record('GET /customers/:id', request(url, 'GET', `/rest/V1/customers/${created.body.id}`, { token: admin })),
      ]);
    }),
  );
  return replies;
}

/** A reply that did what it should: 2xx, and for GraphQL no `errors`. */
const succeeded = ({ reply }: { reply: Reply }) => reply.status >= 200 && reply.status < 300 && !(reply.body && typeof reply.body === 'object' && 'errors' in reply.body);

async function adminTokenAt(url: string, env: Record<string, string>): Promise<string> {
  const created = await runCli(['admin:user:create', `--admin-user=${ADMIN.username}`, `--admin-password=${ADMIN.password}`, '--admin-email=admin@example.com', '--admin-firstname=Ada', '--admin-lastname=Admin'], env);
  assert.equal(created.code, 0, created.stderr);
  const reply = await request(url, 'POST', '/rest/V1/integration/admin/token', { body: ADMIN });
  assert.equal(reply.status, 200, reply.text);
  return reply.body as string;
}

/** A PgBouncer with `poolSize` server connections and a fresh database, for the enclosing suite. */
function bouncerForSuite(poolSize: number): { bouncer: PgBouncer; database: TestDatabase } {
  const suite = {} as { bouncer: PgBouncer; database: TestDatabase };
  before(async () => {
    suite.bouncer = await startPgBouncer({ poolSize });
    suite.database = await createTestDatabase();
  });
  after(async () => {
    await suite.bouncer?.stop();
    await suite.database?.drop();
  });
  return suite;
}

describe('behind PgBouncer in transaction mode', { skip }, () => {
  // Two server connections for all of Keyfront's ten: statements of different requests
  // interleave on shared server connections.
  const suite = bouncerForSuite(2);

  it('with ?pgbouncer=true: concurrent sign-ups, sign-ins, /me, GraphQL and admin reads all succeed', async () => {
    const env = { DATABASE_URL: withParameter(suite.bouncer.urlFor(suite.database.url), 'pgbouncer=true') };
    const server = await spawnServer(env);
    try {
      // The switch is read, and the printed URL still masks nothing it should not show.
      assert.match(server.startLine, /database: postgres:\/\/postgres@127\.0\.0\.1:\d+\/kf_[0-9a-f]+\?pgbouncer=true/);
      const admin = await adminTokenAt(server.url, env);
      for (let round = 0; round < 3; round++) {
        const replies = await traffic(server.url, admin, `on-${round}`, 12);
        const failed = replies.filter((r) => !succeeded(r)).map(({ what, reply }) => `${what}: ${reply.status} ${reply.text.slice(0, 200)}`);
        assert.deepEqual(failed, [], server.logs());
        assert.equal(replies.length, 12 * 6);
      }
      assert.doesNotMatch(server.logs(), /prepared statement/);
    } finally {
      server.child.kill('SIGTERM');
    }
  });

  it('two servers start at once on a new database through it: the migration lock needs no session', async () => {
    const fresh = await createTestDatabase();
    const env = { DATABASE_URL: withParameter(suite.bouncer.urlFor(fresh.url), 'pgbouncer=true') };
    const servers = await Promise.allSettled([spawnServer(env), spawnServer(env)]);
    try {
      for (const s of servers) assert.equal(s.status, 'fulfilled', s.status === 'rejected' ? String(s.reason) : '');
      for (const s of servers) {
        if (s.status !== 'fulfilled') continue;
        const live = await request(s.value.url, 'GET', '/health/ready');
        assert.equal(live.status, 200, live.text);
      }
      // No advisory lock outlives the migrations (Kysely's own session-level lock, taken and released
      // by statements PgBouncer may send to different server connections, is left held at times,
      // and the next start waits on it), and the next start finds nothing to do.
      const name = new URL(fresh.url).pathname.slice(1);
      const locks = await queryDb<{ n: number }>(POSTGRES_ADMIN_URL, `select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database where l.locktype = 'advisory' and d.datname = '${name}'`);
      assert.equal(locks[0].n, 0);
      const again = await runCli(['setup:upgrade'], env);
      assert.equal(again.code, 0, again.stderr);
    } finally {
      for (const s of servers) if (s.status === 'fulfilled') s.value.child.kill('SIGTERM');
      await fresh.drop();
    }
  });
});

describe('behind PgBouncer without ?pgbouncer=true', { skip }, () => {
  // One server connection: the first Keyfront connection to prepare a named statement leaves it
  // there, and any other Keyfront connection that prepares it finds it "already exists". The
  // parallel requests below make the pool open several connections at once (it opens a new one
  // whenever none is idle), so this fails on every run; with two or more server connections it
  // fails too, but which error comes first depends on where PgBouncer sends each statement.
  const suite = bouncerForSuite(1);

  it('the same traffic fails: named prepared statements do not survive transaction pooling', async () => {
    const env = { DATABASE_URL: suite.bouncer.urlFor(suite.database.url) };
    const server = await spawnServer(env);
    try {
      // The admin is made directly on PostgreSQL: through this PgBouncer the CLI, one more client
      // of the same server connection, already fails ("keyfront_1" already exists).
      const admin = await adminTokenAt(server.url, { DATABASE_URL: suite.database.url });
      const replies = await traffic(server.url, admin, 'off', 12);
      const failed = replies.filter((r) => !succeeded(r));
      assert.ok(failed.length > 0, `expected failures without the switch; ${replies.length} replies all succeeded`);
      // Failures are opaque 500s to the client; the log says why.
      assert.ok(failed.every(({ reply }) => reply.status === 500 || (reply.body && typeof reply.body === 'object' && 'errors' in reply.body)), failed.map((f) => `${f.reply.status} ${f.reply.text}`).join('\n'));
      assert.match(server.logs(), /prepared statement \\?"keyfront_\d+\\?" (already exists|does not exist)/);
    } finally {
      server.child.kill('SIGTERM');
    }
  });
});
