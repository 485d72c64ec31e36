// Opens a Kysely instance for the dialect named by DATABASE_URL: sqlite:<path>, postgres://…, mysql://…
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, MysqlDialect, SqliteDialect, type Transaction } from 'kysely';
import { DIALECT_TRAITS, type DialectName, type DialectTraits } from './dialect.ts';
import { GuardedDialect, type StatementCounter } from './guard.ts';
import { instrumentClient, postgresDialect } from './postgres.ts';
import type { Tables } from './schema.ts';

export type { DialectName, DialectTraits } from './dialect.ts';

/** What a repository runs a statement on: the pool, or the transaction a request carries. */
export type Executor = Kysely<Tables> | Transaction<Tables>;

/**
 * Opens transactions for services, which never touch a database handle themselves. A context
 * that already carries a transaction (`tx`) joins it, so a service called from another
 * service's transaction writes inside it.
 */
export interface Transactor {
  transaction<T>(ctx: { tx?: Executor } | null, work: (tx: Executor) => Promise<T>): Promise<T>;
}

export interface Database extends Transactor {
  readonly db: Kysely<Tables>;
  readonly dialect: DialectName;
  readonly traits: DialectTraits;
  /** The URL with any password masked: safe to print and log. */
  readonly safeUrl: string;
  /** Runs `work` with no statement or connection timeout (migrations may take long). */
  withoutTimeouts<T>(work: () => Promise<T>): Promise<T>;
  /** Connections open and waiting, for /metrics (null where the driver has no pool). */
  poolStats(): { total: number; idle: number; waiting: number } | null;
  /** Statements this process has sent (round trips; BEGIN and COMMIT count), for /metrics. */
  statementCount(): number;
  close(): Promise<void>;
}

export interface OpenOptions {
  poolSize?: number;
  /**
   * Longest wait, in ms, for a connection and for each statement (0: none). A database that does
   * not answer in time is `service.unavailable` (guard.ts), so requests fail fast with 503.
   */
  timeoutMs?: number;
}

export const DEFAULT_DATABASE_URL = 'sqlite:var/keyfront.db';

export function dialectOf(url: string): DialectName {
  return connectionOf(url).dialect;
}

/**
 * What a DATABASE_URL asks for: the dialect, the URL handed to the driver, and, on PostgreSQL,
 * `?pgbouncer=true` (taken out of the URL: pg would send it to the server as a setting), which
 * keeps every statement self-contained for PgBouncer's transaction pooling (db/postgres.ts).
 * Unix sockets are the drivers' own forms: `postgres:///db?host=/var/run/postgresql`,
 * `postgresql://user@%2Fvar%2Frun%2Fpostgresql/db`, `mysql://user@localhost/db?socketPath=/run/mysqld/mysqld.sock`.
 */
export function connectionOf(url: string): { dialect: DialectName; driverUrl: string; pgbouncer: boolean } {
  const dialect: DialectName | null = url.startsWith('sqlite:') ? 'sqlite' : /^postgres(ql)?:\/\//.test(url) ? 'postgres' : /^(mysql|mariadb):\/\//.test(url) ? 'mysql' : null;
  if (!dialect) throw new Error(`DATABASE_URL must start with sqlite:, postgres:// or mysql:// (got "${maskUrl(url)}")`);
  const { rest, value } = dialect === 'sqlite' ? { rest: url, value: undefined } : takeParameter(url, 'pgbouncer');
  if (value === undefined) return { dialect, driverUrl: url, pgbouncer: false };
  if (dialect !== 'postgres') throw new Error(`DATABASE_URL: pgbouncer= applies to postgres:// URLs only (got "${maskUrl(url)}")`);
  if (!/^(true|false|1|0)$/.test(value)) throw new Error(`DATABASE_URL: pgbouncer must be true or false (got "${value}")`);
  return { dialect, driverUrl: rest, pgbouncer: value === 'true' || value === '1' };
}

/** The URL without the query parameter `name`, and that parameter's value (the last, if repeated). */
function takeParameter(url: string, name: string): { rest: string; value: string | undefined } {
  const hash = url.indexOf('#');
  const end = hash < 0 ? url.length : hash;
  const question = url.indexOf('?');
  if (question < 0 || question > end) return { rest: url, value: undefined };
  let value: string | undefined;
  const kept = url
    .slice(question + 1, end)
    .split('&')
    .filter((pair) => {
      const [key, raw = ''] = pair.split('=');
      if (decoded(key) !== name) return true;
      value = decoded(raw);
      return false;
    });
  return { rest: url.slice(0, question) + (kept.length ? `?${kept.join('&')}` : '') + url.slice(end), value };
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The URL with any password (user:password@, or a `password=` parameter) masked. */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@]*@/i, '$1:***@').replace(/([?&]password=)[^&#]*/gi, '$1***');
}

/**
 * Kysely's SQLite driver prepares every statement anew, and preparing cost more than running the
 * query in the profile of GET /V1/customers/me (about a quarter of the request). better-sqlite3
 * statements are reusable, and Kysely serialises use of the one connection, so each distinct SQL
 * text is prepared once. Bounded: a flood of distinct texts (IN lists of varying length) restarts it.
 */
const STATEMENT_CACHE_SIZE = 500;
function withStatementCache(sqlite: import('better-sqlite3').Database) {
  const statements = new Map<string, import('better-sqlite3').Statement>();
  return {
    close: () => void sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const connection = connectionOf(url);
  const dialect = connection.dialect;
  const poolSize = options.poolSize ?? 10;
  const timeouts = { ms: options.timeoutMs ?? 0 };
  const timeoutMs = () => timeouts.ms;
  let kysely: Kysely<Tables>;
  let poolStats: Database['poolStats'] = () => null;
  const counter: StatementCounter = { statements: 0 };
  let traits = DIALECT_TRAITS[dialect];
  if (dialect === 'sqlite') {
    const { default: SQLite } = await import('better-sqlite3');
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '') || 'var/keyfront.db';
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    // KEYFRONT_SQLITE_NATIVE_BINDING: a better-sqlite3 addon built for another Node ABI (CI runs
    // the suite on Node 22 beside Node 20 from one node_modules).
    const binding = process.env.KEYFRONT_SQLITE_NATIVE_BINDING;
    const sqlite = new SQLite(path, binding ? { nativeBinding: binding } : {});
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // Several processes may share one file: wait for a writer rather than failing at once.
    // (No acquisition timeout on SQLite: its "pool" is this process's own queue of statements on
    // one connection; another process's write lock is what busy_timeout bounds, then SQLITE_BUSY
    // is answered 503.)
    sqlite.pragma('busy_timeout = 5000');
    kysely = new Kysely<Tables>({ dialect: new GuardedDialect(new SqliteDialect({ database: withStatementCache(sqlite) }), () => 0, { beginImmediate: true, counter }) });
  } else if (dialect === 'postgres') {
    const pg = (await import('pg')).default;
    // BIGINT (epoch seconds) as numbers: they are far below 2^53.
    pg.types.setTypeParser(20, (v: string) => Number(v));
    const pool = new pg.Pool({ connectionString: connection.driverUrl, max: poolSize, connectionTimeoutMillis: timeouts.ms || undefined, keepAlive: true });
    pool.on('error', () => {}); // an idle client dropped by the server must not crash the process
    poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    // Named statements for the hot path, their recovery after a migration, the statement timeout,
    // and behind PgBouncer none of what needs a session: db/postgres.ts.
    const session = { pgbouncer: connection.pgbouncer, timeoutMs };
    pool.on('connect', (client) => instrumentClient(client, session));
    kysely = new Kysely<Tables>({ dialect: new GuardedDialect(postgresDialect(pool, session), timeoutMs, { counter }) });
  } else {
    const mysql = await import('mysql2');
    const pool = mysql.createPool({
      uri: connection.driverUrl.replace(/^mariadb:/, 'mysql:'),
      connectionLimit: poolSize,
      charset: 'utf8mb4',
      timezone: 'Z',
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      connectTimeout: timeouts.ms || 10_000,
      enableKeepAlive: true,
    });
    // A statement that outlives the timeout: its caller gets the error now, and the connection is
    // destroyed (removed from the pool), never reused in an unknown state. (mysql2's own `timeout`
    // option starts its timer only once the command runs, so a queued command could wait for ever.)
    pool.on('connection', (connection) => {
      const query = connection.query.bind(connection) as (...args: unknown[]) => unknown;
      (connection as unknown as { query: unknown }).query = (sqlText: unknown, values: unknown, callback: unknown) => {
        if (timeouts.ms <= 0 || typeof callback !== 'function') return query(sqlText, values, callback);
        let settled = false;
        const timer = setTimeout(() => {
          if (settled) return;
          settled = true;
          (callback as (e: Error) => void)(Object.assign(new Error('keyfront: statement timeout'), { code: 'PROTOCOL_SEQUENCE_TIMEOUT' }));
          connection.destroy();
        }, timeouts.ms);
        return query(sqlText, values, (error: unknown, ...results: unknown[]) => {
          clearTimeout(timer);
          if (settled) return;
          settled = true;
          (callback as (...a: unknown[]) => void)(error, ...results);
        });
      };
    });
    const internals = pool as unknown as { _allConnections?: { length: number }; _freeConnections?: { length: number }; _connectionQueue?: { length: number } };
    poolStats = () => ({ total: internals._allConnections?.length ?? 0, idle: internals._freeConnections?.length ?? 0, waiting: internals._connectionQueue?.length ?? 0 });
    kysely = new Kysely<Tables>({ dialect: new GuardedDialect(new MysqlDialect({ pool }), timeoutMs, { counter }) });
    traits = await mysqlTraits(pool);
  }
  return databaseOf(kysely, dialect, maskUrl(url), timeouts, poolStats, counter, traits);
}

/**
 * MariaDB from 10.5 answers an upsert with RETURNING (MySQL does not): one round trip where a
 * transaction of four was needed. A server that cannot be asked now keeps the MySQL traits.
 */
async function mysqlTraits(pool: import('mysql2').Pool): Promise<DialectTraits> {
  const version = await new Promise<string>((resolve) => {
    pool.query('SELECT VERSION() AS v', (error: unknown, rows: unknown) => resolve(error ? '' : String((rows as { v?: unknown }[])[0]?.v ?? '')));
  });
  const mariadb = /^(\d+)\.(\d+)\.\d+.*MariaDB/i.exec(version);
  const returns = !!mariadb && (Number(mariadb[1]) > 10 || (Number(mariadb[1]) === 10 && Number(mariadb[2]) >= 5));
  return returns ? { ...DIALECT_TRAITS.mysql, upsertReturns: true } : DIALECT_TRAITS.mysql;
}

/** A Database over an open Kysely instance. */
export function databaseOf(
  db: Kysely<Tables>,
  dialect: DialectName,
  safeUrl: string = dialect,
  timeouts: { ms: number } = { ms: 0 },
  poolStats: Database['poolStats'] = () => null,
  counter: StatementCounter = { statements: 0 },
  traits: DialectTraits = DIALECT_TRAITS[dialect],
): Database {
  return {
    db,
    dialect,
    traits,
    safeUrl,
    poolStats,
    statementCount: () => counter.statements,
    async withoutTimeouts(work) {
      const saved = timeouts.ms;
      timeouts.ms = 0;
      try {
        return await work();
      } finally {
        timeouts.ms = saved;
      }
    },
    close: () => db.destroy(),
    transaction: (ctx, work) => (ctx?.tx ? work(ctx.tx) : db.transaction().execute(work)),
  };
}
