// What Keyfront adds to node-postgres: the hot-path queries as named prepared statements (unless
// PgBouncer's transaction pooling sits in between), their recovery after a schema change, the
// statement timeout, and a migration lock that needs no session.
import { PostgresAdapter, PostgresDialect, sql, type DialectAdapter, type Kysely } from 'kysely';
import type pg from 'pg';
import { PREPARED_STATEMENTS } from './prepared.ts';

export interface PostgresSessionOptions {
  /**
   * Behind PgBouncer in transaction mode (`?pgbouncer=true`): consecutive statements of one client
   * connection may run on different server connections, so nothing may outlive a statement or a
   * transaction: no named prepared statements, no session-level locks.
   */
  pgbouncer: boolean;
  /** Longest run of one statement, in ms (0: none), read on every statement. */
  timeoutMs: () => number;
}

/**
 * SQLSTATE 0A000 "cached plan must not change result type": a named statement (`SELECT *`) whose
 * table gained or lost a column since this connection prepared it (a migration run by another
 * process). It fails on every execution until the statement is prepared again.
 */
export function isStalePlan(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return !!e && e.code === '0A000' && typeof e.message === 'string' && /cached plan must not change result type/.test(e.message);
}

type Query = (...args: unknown[]) => unknown;
type ClientInternals = { connection?: { parsedStatements?: Record<string, string>; stream?: { destroy(e?: Error): void } } };

/**
 * Wraps a new pool client's `query` (Kysely calls `client.query(text, values)`):
 * - a text registered in db/prepared.ts runs as a named statement, parsed and planned once per
 *   connection; only outside a transaction, so a stale plan (above) can be retried: the
 *   connection's statements are dropped (DEALLOCATE ALL, and pg's own record of what it parsed)
 *   and the statement runs once more, prepared anew. No restart after a migration.
 * - a statement that outlives the timeout cuts the connection, so it fails now and the pool drops
 *   the client instead of reusing it (behind PgBouncer: PgBouncer closes the server connection).
 */
export function instrumentClient(client: pg.PoolClient, options: PostgresSessionOptions): void {
  // A checked-out client whose socket we cut (below) emits 'error': not a crash.
  client.on('error', () => {});
  const internals = client as unknown as ClientInternals;
  const query = client.query.bind(client) as Query;
  const forgetPrepared = async () => {
    await (query('DEALLOCATE ALL') as Promise<unknown>);
    const parsed = internals.connection?.parsedStatements ?? {};
    for (const name of Object.keys(parsed)) delete parsed[name];
  };
  client.query = ((text: unknown, ...rest: unknown[]) => {
    const values = rest[0];
    const promised = rest.length === 1 && Array.isArray(values);
    const name = !options.pgbouncer && promised && typeof text === 'string' && client.getTransactionStatus() === 'I' ? PREPARED_STATEMENTS.get(text) : undefined;
    let result: unknown;
    if (name) {
      const named = () => query({ name, text, values }) as Promise<unknown>;
      result = named().catch(async (error: unknown) => {
        if (!isStalePlan(error)) throw error;
        await forgetPrepared();
        return named();
      });
    } else result = query(text, ...rest);
    const ms = options.timeoutMs();
    if (ms > 0 && result && typeof (result as Promise<unknown>).then === 'function') {
      const timer = setTimeout(() => internals.connection?.stream?.destroy(new Error('keyfront: statement timeout')), ms);
      const clear = () => clearTimeout(timer);
      (result as Promise<unknown>).then(clear, clear);
    }
    return result;
  }) as typeof client.query;
}

/**
 * Kysely's migration lock on PostgreSQL is a session-level advisory lock taken and released by
 * statements outside the migrations' transaction: behind PgBouncer's transaction pooling they may
 * land on different server connections, leaving the lock held for ever. This one opens the
 * transaction itself and takes a transaction-level lock in it (`pg_advisory_xact_lock`); the
 * migrator's own BEGIN then finds the transaction open (PostgreSQL warns, and goes on), and its
 * COMMIT or ROLLBACK releases the lock. The closing ROLLBACK ends the transaction if the migrator
 * never began its own (a no-op, with a warning, otherwise).
 */
const MIGRATION_LOCK_ID = BigInt('3853314791062309107'); // Kysely's own, so both kinds exclude each other

class TransactionLockAdapter extends PostgresAdapter {
  override async acquireMigrationLock(db: Kysely<any>): Promise<void> {
    await sql`begin`.execute(db);
    await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK_ID)})`.execute(db);
  }
  override async releaseMigrationLock(db: Kysely<any>): Promise<void> {
    await sql`rollback`.execute(db);
  }
}

/** Kysely's PostgreSQL dialect; behind PgBouncer, with the session-free migration lock. */
export function postgresDialect(pool: pg.Pool, options: PostgresSessionOptions): PostgresDialect {
  if (!options.pgbouncer) return new PostgresDialect({ pool });
  return new (class extends PostgresDialect {
    override createAdapter(): DialectAdapter {
      return new TransactionLockAdapter();
    }
  })({ pool });
}
