// Black-box harness: starts the real server (bin/keyfront serve) on a free port against a fresh
// database, talks HTTP to it, and runs CLI commands against the same database.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from './backend.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = `${ROOT}bin/keyfront`;

/** Cheap argon2id for tests: the production parameters are checked by their own test. */
export const TEST_ENV: Record<string, string> = {
  KEYFRONT_ARGON2_MEMORY_KIB: '256',
  KEYFRONT_ARGON2_TIME_COST: '1',
  KEYFRONT_ARGON2_PARALLELISM: '1',
  LOG_LEVEL: 'warn',
  // Servers a test spawns by hand write their mail files here, never into the project's var/mail.
  KEYFRONT_MAIL_DIR: join(tmpdir(), 'keyfront-test-mail'),
};

export interface Reply<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** Send `body` as is (a string) instead of JSON-encoding it. */
  raw?: boolean;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestServer {
  url: string;
  databaseUrl: string;
  env: Record<string, string>;
  startLine: string;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<Reply<T>>;
  cli(...args: string[]): Promise<CliResult>;
  /** Stops the process; the database stays until `close`. */
  stop(): Promise<void>;
  /** Stops the process and drops its database. */
  close(): Promise<void>;
  /** What the server wrote to stderr (its log) so far. */
  logs(): string;
  /** What the server wrote to stdout (the start-up line, mail summaries) so far. */
  output(): string;
}

export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...TEST_ENV, ...env }, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export async function request<T = any>(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = options.raw ? String(options.body) : JSON.stringify(options.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  }
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: response.status, body: parsed as T, text, headers: response.headers };
}

/** Starts `bin/keyfront serve --port=0` and waits for its start-up line. */
const START_GUARD_MS = 60_000;

export async function spawnServer(env: Record<string, string>, args: string[] = []): Promise<{ child: ChildProcess; url: string; startLine: string; logs: () => string; output: () => string }> {
  // Mail files go to a folder of this run, never into the project's var/mail.
  const mailDir = env.KEYFRONT_MAIL_DIR ?? mkdtempSync(join(tmpdir(), 'keyfront-mail-'));
  const child = spawn(process.execPath, [BIN, 'serve', '--host=127.0.0.1', '--port=0', ...args], {
    env: { ...process.env, ...TEST_ENV, KEYFRONT_MAIL_DIR: mailDir, ...env },
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const startLine = await new Promise<string>((resolve, reject) => {
    // A guard, not a timing assertion: generous because a shared, loaded machine can take long to
    // start a process; on expiry the child is killed, else its open pipes keep the test run alive.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${START_GUARD_MS / 1000} s: ${stderr}`));
    }, START_GUARD_MS);
    child.stdout!.on('data', (d) => {
      stdout += d;
      const line = stdout.split('\n').find((l) => l.includes('listening on'));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
  const url = /listening on (http:\/\/\S+)/.exec(startLine)![1];
  if (!env.KEYFRONT_MAIL_DIR) child.once('exit', () => rmSync(mailDir, { recursive: true, force: true }));
  return { child, url, startLine, logs: () => stderr, output: () => stdout };
}

export async function startServer(options: { env?: Record<string, string>; database?: TestDatabase } = {}): Promise<TestServer> {
  const database = options.database ?? (await createTestDatabase());
  const env = { DATABASE_URL: database.url, ...(options.env ?? {}) };
  let { child, url, startLine, logs, output } = await spawnServer(env);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return {
    url,
    databaseUrl: database.url,
    env,
    startLine,
    request: (method, path, opts) => request(url, method, path, opts),
    cli: (...args) => runCli(args, env),
    logs,
    output,
    stop,
    close: async () => {
      await stop();
      await database.drop();
    },
  };
}

export const ADMIN = { username: 'admin', password: '123123q' };

/** Creates the seeds' admin user through the CLI and returns an admin token. */
export async function adminToken(server: TestServer): Promise<string> {
  const created = await server.cli(
    'admin:user:create',
    `--admin-user=${ADMIN.username}`,
    `--admin-password=${ADMIN.password}`,
    '--admin-email=admin@example.com',
    '--admin-firstname=Ada',
    '--admin-lastname=Admin',
  );
  if (created.code !== 0 && !created.stderr.includes('already exists')) throw new Error(`admin:user:create failed: ${created.stderr}`);
  const reply = await server.request('POST', '/rest/default/V1/integration/admin/token', { body: ADMIN });
  if (reply.status !== 200) throw new Error(`admin token: ${reply.status} ${reply.text}`);
  return reply.body as string;
}

/** The seeds' `us` store view (website us, group us_store). */
export async function createUsStore(server: TestServer): Promise<void> {
  const r = await server.cli('store:view:create', 'us', '--name=US Store View', '--website=us', '--website-name=US Website', '--group=us_store', '--group-name=US Store');
  if (r.code !== 0) throw new Error(`store:view:create failed: ${r.stderr}`);
}
