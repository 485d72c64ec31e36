// `bin/keyfront serve --workers=N` (KEYFRONT_WORKERS): one port served by N worker processes of a
// cluster primary. Which worker answered is read from the request log (LOG_LEVEL=info with
// KEYFRONT_LOG_REQUESTS=1: pino writes each process's pid), the workers from /proc (the primary's
// children); nothing new is exposed for the tests. Requests go on fresh connections (agent: false),
// so the primary hands them out in turn.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { connect, createServer, type AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BACKEND, createTestDatabase, type TestDatabase } from '../helpers/backend.ts';
import { queryDb } from '../helpers/db.ts';
import { childrenOf } from '../helpers/processes.ts';
import { runCli, spawnServer } from '../helpers/server.ts';
import { startMailCatcher } from '../helpers/smtp.ts';

const LOGGED = { LOG_LEVEL: 'info', KEYFRONT_LOG_REQUESTS: '1' };
/** A guard for waits on the servers (never an assertion on time): a loaded machine is slow. */
const GUARD_MS = 60_000;

interface Answer {
  status: number;
  body: any;
}

/** One request on its own connection. */
function call(base: string, method: string, path: string, body?: unknown, token?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const held = open(base, method, path, body, token);
    held.request.end(held.rest);
    held.answer.then(resolve, reject);
  });
}

/** A request whose body is sent only in part: `request.end(rest)` completes it. */
function open(base: string, method: string, path: string, body?: unknown, token?: string): { request: ClientRequest; rest: string; answer: Promise<Answer> } {
  const url = new URL(path, base);
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(text) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const request = httpRequest({ host: url.hostname, port: url.port, method, path: url.pathname, headers, agent: false });
  const answer = new Promise<Answer>((resolve, reject) => {
    request.on('response', (response) => {
      let data = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (data += chunk));
      response.on('end', () => {
        let parsed: unknown = data;
        try {
          parsed = JSON.parse(data);
        } catch {
          /* not JSON */
        }
        resolve({ status: response.statusCode ?? 0, body: parsed });
      });
    });
    request.on('error', reject);
  });
  const half = Math.floor(text.length / 2);
  if (half > 0) request.write(text.slice(0, half));
  else request.flushHeaders();
  return { request, rest: text.slice(half), answer };
}

/** The server's JSON log lines. */
function logLines(logs: string): Array<Record<string, any>> {
  return logs.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, any>];
    } catch {
      return [];
    }
  });
}

/** The pids that logged an incoming request for `path`. */
function answeringPids(logs: string, path: string): Set<number> {
  return new Set(logLines(logs).filter((l) => l.msg === 'incoming request' && l.req?.url === path).map((l) => l.pid as number));
}

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + GUARD_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

async function stop(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  const exited = exitOf(child);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  return exited;
}

/** A keep-alive connection that answered one request and now sits idle. */
async function keptAlive(base: string): Promise<{ closed: boolean }> {
  const url = new URL(base);
  const state = { closed: false };
  const socket = connect(Number(url.port), url.hostname);
  socket.on('close', () => (state.closed = true));
  socket.on('error', () => {});
  let answer = '';
  await new Promise<void>((resolve) => {
    socket.on('data', (d) => {
      answer += d;
      if (answer.includes('{"status":"ok"}')) resolve();
    });
    socket.write(`GET /health/live HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n\r\n`);
  });
  return state;
}

/** Whether a new connection to the server's port is refused. */
function refused(base: string): Promise<boolean> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

const customer = (email: string) => ({ customer: { email, firstname: 'Wanda', lastname: 'Worker' }, password: 'Password1' });

describe('serve --workers', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  it('serves one port from two workers, prints one line once both listen, replaces a killed worker', async () => {
    const server = await spawnServer({ DATABASE_URL: database.url, ...LOGGED }, ['--workers=2']);
    try {
      assert.match(server.startLine, /^Keyfront listening on http:\/\/127\.0\.0\.1:\d+ \(database: [^)]+\) - 2 workers - /);
      assert.equal(server.output().trim().split('\n').length, 1, server.output());
      const workers = childrenOf(server.child.pid!);
      assert.equal(workers.length, 2, `the primary's children: ${workers}`);

      for (let i = 0; i < 8; i++) assert.equal((await call(server.url, 'GET', '/rest/V1/customers/me')).status, 401);
      assert.deepEqual([...answeringPids(server.logs(), '/rest/V1/customers/me')].sort(), workers, 'each worker answered');

      // A worker killed outright is replaced; the port keeps answering.
      process.kill(workers[0], 'SIGKILL');
      await until('a replacement worker', () => {
        const now = childrenOf(server.child.pid!);
        return now.length === 2 && !now.includes(workers[0]);
      });
      const replacement = childrenOf(server.child.pid!).find((pid) => !workers.includes(pid))!;
      await until('the replacement answers', async () => {
        await call(server.url, 'GET', '/rest/V1/customers/me').catch(() => null); // a connection handed to the dead worker is cut
        return answeringPids(server.logs(), '/rest/V1/customers/me').has(replacement);
      });
      for (let i = 0; i < 6; i++) assert.equal((await call(server.url, 'GET', '/rest/V1/customers/me')).status, 401);
      assert.ok(logLines(server.logs()).some((l) => l.component === 'cluster' && l.signal === 'SIGKILL' && /starting a replacement/.test(l.msg)), server.logs());
      assert.equal(server.output().trim().split('\n').length, 1, 'a replacement prints no second start-up line');
      assert.deepEqual(await stop(server.child), { code: 0, signal: null });
    } finally {
      await stop(server.child);
    }
  });

  it('on SIGTERM closes idle connections, refuses new ones, lets requests in flight finish with 200, then exits 0', async () => {
    const server = await spawnServer({ DATABASE_URL: database.url, ...LOGGED }, ['--workers=2']);
    try {
      const signUp = await call(server.url, 'POST', '/rest/V1/customers', customer('drain@example.com'));
      assert.equal(signUp.status, 200, JSON.stringify(signUp.body));
      // Four sign-ins whose bodies are half sent: the workers have them, and wait for the rest.
      const path = '/rest/V1/integration/customer/token';
      const held = [0, 1, 2, 3].map(() => open(server.url, 'POST', path, { username: 'drain@example.com', password: 'Password1' }));
      await until('the four sign-ins reached the workers', () => logLines(server.logs()).filter((l) => l.msg === 'incoming request' && l.req?.url === path).length === 4);
      const idle = await keptAlive(server.url);
      const exited = exitOf(server.child);
      server.child.kill('SIGTERM');
      await until('both workers draining', () => logLines(server.logs()).filter((l) => /worker draining/.test(l.msg ?? '')).length === 2);
      // While the sign-ins still wait for their bodies: the idle keep-alive connection is closed,
      // and the port takes no new connection.
      await until('the idle connection closed', () => idle.closed);
      await until('new connections refused', () => refused(server.url));
      for (const h of held) h.request.end(h.rest);
      for (const answer of await Promise.all(held.map((h) => h.answer))) {
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.match(answer.body, /^\w{32}$/);
      }
      assert.deepEqual(await exited, { code: 0, signal: null });
      assert.deepEqual(childrenOf(server.child.pid!), []);
    } finally {
      await stop(server.child);
    }
  });

  it('kills a worker still busy after 10 s of draining, and exits 0', { skip: BACKEND !== 'sqlite' && 'the drain bound does not depend on the database' }, async () => {
    const server = await spawnServer({ DATABASE_URL: database.url, ...LOGGED }, ['--workers=2']);
    try {
      const path = '/rest/V1/integration/customer/token';
      const held = open(server.url, 'POST', path, { username: 'never@example.com', password: 'Password1' }); // never completed
      const failed = held.answer.then(() => null, (error: Error) => error);
      await until('the sign-in reached a worker', () => answeringPids(server.logs(), path).size === 1);
      assert.deepEqual(await stop(server.child), { code: 0, signal: null });
      assert.ok(await failed, 'the request held open was cut');
      assert.ok(logLines(server.logs()).some((l) => /worker killed: requests still in flight after 10 s/.test(l.msg ?? '')), server.logs());
    } finally {
      await stop(server.child);
    }
  });

  it('gives up, with the reason shown once, when replacements keep failing to start', { skip: BACKEND !== 'sqlite' && 'a database that vanishes is easiest made with a file' }, async () => {
    const db = await createTestDatabase();
    const server = await spawnServer({ DATABASE_URL: db.url, ...LOGGED }, ['--workers=2']);
    try {
      const exited = exitOf(server.child);
      // The running workers keep their open file; a new one finds a file where its folder was.
      const folder = dirname(db.url.slice('sqlite:'.length));
      await db.drop();
      writeFileSync(folder, 'not a folder');
      process.kill(childrenOf(server.child.pid!)[0], 'SIGKILL');
      assert.deepEqual(await exited, { code: 1, signal: null });
      const reasons = server.logs().split('\n').filter((l) => l.startsWith('serve failed:'));
      assert.equal(reasons.length, 1, server.logs());
      assert.match(reasons[0], /^serve failed: EEXIST/);
      const waits = logLines(server.logs()).filter((l) => /starting a replacement/.test(l.msg ?? '')).map((l) => l.restartInMs as number);
      assert.equal(waits.length, 5, 'the kill, then four failed starts; the fifth ends it');
      assert.deepEqual(waits, [...waits].sort((a, b) => a - b), 'each wait at least as long as the last');
      assert.ok(waits[4] > waits[0], `${waits}`);
    } finally {
      await stop(server.child);
      rmSync(dirname(db.url.slice('sqlite:'.length)), { force: true });
    }
  });

  it('delivers each mail exactly once while three workers run senders', async () => {
    const smtp = await startMailCatcher();
    const db = await createTestDatabase();
    const emails = Array.from({ length: 60 }, (_, i) => `mail${i}@example.com`);
    // First the outbox fills (one process whose sender looked once, at its start, and waits an hour) ...
    const filler = await spawnServer({ DATABASE_URL: db.url, KEYFRONT_MAIL_INTERVAL_MS: '3600000' });
    try {
      const created = await Promise.all(emails.map((email) => call(filler.url, 'POST', '/rest/V1/customers', customer(email))));
      assert.deepEqual(created.map((c) => c.status), emails.map(() => 200));
    } finally {
      await stop(filler.child);
    }
    // ... then three workers start their senders at the same moment, on the same due mail.
    const server = await spawnServer({ DATABASE_URL: db.url, SMTP_URL: smtp.url, KEYFRONT_MAIL_INTERVAL_MS: '50' }, ['--workers=3']);
    try {
      // Every outbox row sent, once: no sender can claim it again, so nothing more can arrive.
      await until('the outbox is delivered', async () => {
        const rows = await queryDb<{ n: number | string }>(db.url, 'select count(*) as n from mail_outbox where sent_at is null');
        return Number(rows[0].n) === 0;
      });
      const attempts = await queryDb<{ attempts: number | string }>(db.url, 'select attempts from mail_outbox');
      assert.deepEqual(attempts.map((a) => Number(a.attempts)), emails.map(() => 1));
      assert.deepEqual(smtp.received.flatMap((m) => m.to).sort(), [...emails].sort(), 'each customer got one mail');
      assert.equal(new Set(smtp.received.map((m) => m.headers['message-id'])).size, emails.length);
    } finally {
      await stop(server.child);
      await smtp.close();
      await db.drop();
    }
  });

  it('takes concurrent sign-ups, sign-ins and reads on two workers without a 5xx', async () => {
    const db = await createTestDatabase();
    const server = await spawnServer({ DATABASE_URL: db.url, ...LOGGED }, ['--workers=2']);
    try {
      const emails = Array.from({ length: 40 }, (_, i) => `busy${i}@example.com`);
      const signUps = await Promise.all(emails.map((email) => call(server.url, 'POST', '/rest/V1/customers', customer(email))));
      assert.deepEqual(signUps.map((r) => r.status), emails.map(() => 200));
      const signIns = await Promise.all(emails.map((username) => call(server.url, 'POST', '/rest/V1/integration/customer/token', { username, password: 'Password1' })));
      assert.deepEqual(signIns.map((r) => r.status), emails.map(() => 200));
      // Reads, sign-ins, address changes and more sign-ups at once.
      const mixed = await Promise.all(
        emails.flatMap((email, i) => [
          call(server.url, 'GET', '/rest/V1/customers/me', undefined, signIns[i].body),
          call(server.url, 'POST', '/rest/V1/integration/customer/token', { username: email, password: 'Password1' }),
          call(server.url, 'PUT', '/rest/V1/customers/me', { customer: { email, firstname: `W${i}`, lastname: 'Worker' } }, signIns[i].body),
          call(server.url, 'POST', '/rest/V1/customers', customer(`more${i}@example.com`)),
        ]),
      );
      assert.deepEqual(mixed.filter((r) => r.status !== 200).map((r) => [r.status, r.body]), []);
      assert.equal(answeringPids(server.logs(), '/rest/V1/customers').size, 2, 'both workers wrote');
      assert.ok(!/SQLITE_BUSY|database is locked/i.test(server.logs()), server.logs());
    } finally {
      await stop(server.child);
      await db.drop();
    }
  });

  it('sums the workers\' metrics on the metrics port (the primary) and on the public port', async () => {
    const scrape = async (url: string) => {
      const text = (await call(url, 'GET', '/metrics')).body as string;
      return [...text.matchAll(/^keyfront_http_requests_total\{[^}]*route="[^"]*customers\/me"[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    };
    const own = await spawnServer({ DATABASE_URL: database.url, KEYFRONT_METRICS_PORT: '0', ...LOGGED }, ['--workers=2']);
    try {
      const metricsUrl = /metrics on (http:\/\/\S+)\/metrics/.exec(own.startLine)![1];
      assert.notEqual(new URL(metricsUrl).port, new URL(own.url).port);
      for (let i = 0; i < 10; i++) await call(own.url, 'GET', '/rest/V1/customers/me');
      assert.equal(answeringPids(own.logs(), '/rest/V1/customers/me').size, 2);
      assert.equal(await scrape(metricsUrl), 10);
      assert.equal((await call(own.url, 'GET', '/metrics')).status, 404, 'not on the public port');
    } finally {
      await stop(own.child);
    }
    const shared = await spawnServer({ DATABASE_URL: database.url, KEYFRONT_METRICS: '1', ...LOGGED }, ['--workers=2']);
    try {
      for (let i = 0; i < 6; i++) await call(shared.url, 'GET', '/rest/V1/customers/me');
      // Each scrape reaches one worker or the other; each answers the sum.
      for (let i = 0; i < 4; i++) assert.equal(await scrape(shared.url), 6);
      assert.equal(answeringPids(shared.logs(), '/metrics').size, 2);
    } finally {
      await stop(shared.child);
    }
  });

  it('KEYFRONT_WORKERS=auto starts one worker per core', async () => {
    const cores = availableParallelism();
    const server = await spawnServer({ DATABASE_URL: database.url, KEYFRONT_WORKERS: 'auto' });
    try {
      if (cores > 1) assert.match(server.startLine, new RegExp(` - ${cores} workers - `));
      else assert.doesNotMatch(server.startLine, /workers/);
      assert.equal(childrenOf(server.child.pid!).length, cores > 1 ? cores : 0);
      assert.equal((await call(server.url, 'GET', '/rest/V1/customers/me')).status, 401);
    } finally {
      assert.deepEqual(await stop(server.child), { code: 0, signal: null });
    }
  });

  it('refuses a bad worker count, and a port in use, with one line and exit code 2', async () => {
    for (const [args, env, name] of [
      [['serve', '--workers=two'], {}, '--workers'],
      [['serve', '--workers=0'], {}, '--workers'],
      [['serve'], { KEYFRONT_WORKERS: '-3' }, 'KEYFRONT_WORKERS'],
    ] as const) {
      const result = await runCli([...args], { DATABASE_URL: database.url, ...env });
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`^${name} must be a number of processes from 1 to 256, or "auto" for one per core`));
    }
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const result = await runCli(['serve', '--host=127.0.0.1', `--port=${port}`, '--workers=3'], { DATABASE_URL: database.url });
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr, `Port ${port} on 127.0.0.1 is already in use (another Keyfront, or another program). Choose another: PORT=8080 npm start, or bin/keyfront serve --port=8080\n`);
    } finally {
      taken.close();
    }
  });
});
