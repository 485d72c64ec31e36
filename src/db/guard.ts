// A database that cannot answer (stopped, frozen, out of connections) becomes one domain error,
// `service.unavailable` (503 at the doors), within a bounded time, instead of a 500 or a request
// that waits for ever. Wraps any Kysely dialect: connection acquisition is raced against the
// timeout (a connection that arrives late is handed back), and driver errors that mean "the
// database is not there" are translated. Constraint violations and the like pass unchanged.
import { CompiledQuery } from 'kysely';
import type { DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings, DatabaseIntrospector, DialectAdapter, Kysely, QueryCompiler } from 'kysely';
import { UnavailableError } from '../errors/domain-errors.ts';

/** Error codes of pg, mysql2, better-sqlite3 and Node's sockets that mean "no database now". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNABORTED',
  // PostgreSQL: query_canceled (statement_timeout), admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
  '57014', '57P01', '57P02', '57P03', '53300',
  // mysql2
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN', 'ER_QUERY_TIMEOUT', 'POOL_CLOSED',
  // better-sqlite3 after busy_timeout
  'SQLITE_BUSY', 'SQLITE_LOCKED',
]);
const UNAVAILABLE_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error|connect ETIMEDOUT|Can't add new command when connection is in closed state|keyfront: statement timeout/i;

export function meansUnavailable(error: unknown): boolean {
  if (error instanceof UnavailableError) return false;
  const e = error as { code?: unknown; message?: unknown; fatal?: unknown; errno?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  if (e.fatal === true) return true; // mysql2: the connection itself failed
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message);
}

function translate(error: unknown): unknown {
  if (!meansUnavailable(error)) return error;
  const unavailable = new UnavailableError('service.unavailable');
  (unavailable as { cause?: unknown }).cause = error;
  return unavailable;
}

const GUARDED = Symbol('keyfront.guarded');

/** Statements sent to the database by this process (BEGIN and COMMIT included): /metrics shows it. */
export interface StatementCounter {
  statements: number;
}

class GuardedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly timeoutMs: () => number,
    private readonly beginImmediate: boolean,
    private readonly counter: StatementCounter,
  ) {}

  init(): Promise<void> {
    return this.inner.init().catch((error) => Promise.reject(translate(error)));
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const acquiring = this.inner.acquireConnection();
    const ms = this.timeoutMs();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      if (ms > 0) timer = setTimeout(() => reject(new Error('keyfront: statement timeout (waiting for a connection)')), ms);
    });
    try {
      const connection = await Promise.race([acquiring, timedOut]);
      return guardConnection(connection, this.counter);
    } catch (error) {
      // A connection that arrives after we gave up goes straight back to the pool.
      acquiring.then((c) => this.inner.releaseConnection(c)).catch(() => {});
      throw translate(error);
    } finally {
      clearTimeout(timer);
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // SQLite, several processes on one file: a transaction that reads first and writes later fails
    // at once (SQLITE_BUSY_SNAPSHOT) when another process wrote in between; taking the write lock
    // at BEGIN makes it wait (busy_timeout) instead.
    if (this.beginImmediate) return connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE')).then(() => undefined, (error) => Promise.reject(translate(error)));
    return this.inner.beginTransaction(connection, settings).catch((error) => Promise.reject(translate(error)));
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection).catch((error) => Promise.reject(translate(error)));
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection).catch((error) => Promise.reject(translate(error)));
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

function guardConnection(connection: DatabaseConnection, counter: StatementCounter): DatabaseConnection {
  const marked = connection as DatabaseConnection & { [GUARDED]?: true };
  if (marked[GUARDED]) return connection;
  const execute = connection.executeQuery.bind(connection);
  marked.executeQuery = async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
    counter.statements++;
    try {
      return await execute<R>(query);
    } catch (error) {
      throw translate(error);
    }
  };
  marked[GUARDED] = true;
  return connection;
}

export class GuardedDialect implements Dialect {
  constructor(
    private readonly inner: Dialect,
    private readonly timeoutMs: () => number,
    private readonly options: { beginImmediate?: boolean; counter?: StatementCounter } = {},
  ) {}
  createDriver(): Driver {
    return new GuardedDriver(this.inner.createDriver(), this.timeoutMs, this.options.beginImmediate ?? false, this.options.counter ?? { statements: 0 });
  }
  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return this.inner.createAdapter();
  }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return this.inner.createIntrospector(db);
  }
}
