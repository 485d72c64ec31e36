// A PgBouncer of the test's own (Debian's pgbouncer, installed by .ci/run): a temporary
// pgbouncer.ini and userlist, transaction pooling, trust authentication, a free port, every
// database of the PostgreSQL server the tests use (`* =`, so a fresh per-test database is reached
// under its own name). Stopped by `stop()`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POSTGRES_ADMIN_URL } from './backend.ts';
import { freePort } from './smtp.ts';

/** Debian's binary; KEYFRONT_TEST_PGBOUNCER names another (or a missing one, to see the skip and the CI failure). */
export const PGBOUNCER = process.env.KEYFRONT_TEST_PGBOUNCER ?? '/usr/sbin/pgbouncer';

/**
 * Why a PgBouncer test cannot run here, or false. Under CI (CI=true) a missing pgbouncer is not a
 * reason to skip: .ci/run installs it, so the test runs and fails loudly instead.
 */
export function pgbouncerMissing(): string | false {
  if (existsSync(PGBOUNCER)) return false;
  if (process.env.CI === 'true') return false;
  return `${PGBOUNCER} is not installed (apt-get install pgbouncer; .ci/run installs it)`;
}

export interface PgBouncer {
  /** postgres://… through PgBouncer to the database named, as the PostgreSQL URL given names it. */
  urlFor(postgresUrl: string): string;
  stop(): Promise<void>;
  logs(): string;
}

export async function startPgBouncer(options: { poolSize?: number } = {}): Promise<PgBouncer> {
  if (!existsSync(PGBOUNCER)) throw new Error(`${PGBOUNCER} is not installed: .ci/run installs it (apt-get install pgbouncer)`);
  const upstream = new URL(POSTGRES_ADMIN_URL);
  const dir = mkdtempSync(join(tmpdir(), 'kf-pgbouncer-'));
  // Run as root, PgBouncer refuses to start unless told which user to become (-u): postgres then
  // reads nothing after start-up but what it was given (the folder is made readable anyway).
  chmodSync(dir, 0o755);
  const port = await freePort();
  const user = decodeURIComponent(upstream.username || 'postgres');
  writeFileSync(join(dir, 'userlist.txt'), `"${user}" ""\n`);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    `[databases]
* = host=${upstream.hostname} port=${upstream.port || 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = trust
auth_file = ${join(dir, 'userlist.txt')}
pool_mode = transaction
default_pool_size = ${options.poolSize ?? 2}
min_pool_size = 0
reserve_pool_size = 0
max_client_conn = 500
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
`,
  );
  const args = [...(process.getuid?.() === 0 ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')];
  const child: ChildProcess = spawn(PGBOUNCER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Ready when it accepts a connection (a bounded wait; it exits at once on a bad configuration).
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited with ${child.exitCode}: ${output}`);
    if (await accepts(port)) break;
    if (i >= 200) {
      child.kill('SIGKILL');
      throw new Error(`pgbouncer did not listen on ${port}: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    urlFor(postgresUrl: string) {
      const u = new URL(postgresUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    logs: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
