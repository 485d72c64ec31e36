// What differs between the three databases, in one object. Repositories ask these traits
// ("can an upsert return its row?", "which LIKE ignores case?") instead of branching on a
// dialect's name, so a fourth database would be one more traits object, not a hunt through code.
import { sql, type InsertQueryBuilder, type InsertResult, type RawBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres' | 'mysql';

export interface DialectTraits {
  readonly name: DialectName;
  /**
   * INSERT … ON CONFLICT … RETURNING answers with the row it wrote (PostgreSQL, SQLite, and MariaDB
   * from 10.5, found at connect time: database.ts); MySQL cannot.
   */
  readonly upsertReturns: boolean;
  /**
   * Data-modifying statements inside WITH, and UPDATE … FROM … RETURNING (PostgreSQL): several
   * writes, or a locked read and its write, in one statement and one round trip.
   */
  readonly writableCte: boolean;
  /** The operator that makes LIKE ignore case: ILIKE on PostgreSQL; LIKE already does elsewhere (collation, SQLite's ASCII rule). */
  readonly likeIgnoringCase: 'ILIKE' | 'LIKE';
  /**
   * How a case-insensitive prefix search reaches an index (migration 0002, search-query.ts): the
   * column's own NOCASE index (SQLite), an index on lower(column) (PostgreSQL), or none needed
   * (MySQL's case-insensitive collation answers LIKE from the plain index).
   */
  readonly caselessIndex: 'nocase-column' | 'lower-expression' | 'none';
  /**
   * SELECT … FOR UPDATE exists (PostgreSQL, MySQL). SQLite has no row locks and needs none: its
   * one connection runs one transaction at a time (Kysely serialises it).
   */
  readonly rowLocks: boolean;
  /** The clause that takes a shared row lock (MariaDB knows only LOCK IN SHARE MODE), or null (SQLite). */
  readonly shareLock: 'FOR SHARE' | 'LOCK IN SHARE MODE' | null;
  /** Runs an INSERT and answers the new row's auto-increment id. */
  insertReturningId(query: InsertQueryBuilder<any, any, InsertResult>, idColumn: string): Promise<number>;
  /**
   * `INSERT … ON CONFLICT (keys) DO UPDATE SET …` or `… ON DUPLICATE KEY UPDATE …`, as SQL text
   * after an INSERT's VALUES. `set` receives a reference to the existing row's column.
   */
  onConflictUpdate(table: string, keys: readonly string[], set: (existing: (column: string) => RawBuilder<unknown>) => RawBuilder<unknown>): RawBuilder<unknown>;
  /** The larger of two values (GREATEST, or SQLite's two-argument MAX). */
  greatest(a: RawBuilder<unknown> | unknown, b: RawBuilder<unknown> | unknown): RawBuilder<unknown>;
  /** A text expression compared byte-wise (for index ranges over lower-cased text). */
  binary(expr: RawBuilder<unknown>): RawBuilder<unknown>;
  /** A value compared case-insensitively against an indexed column (SQLite's NOCASE), or as it is. */
  caseless(value: RawBuilder<unknown> | unknown): RawBuilder<unknown>;
  /**
   * Auto-increment ids come from a sequence that explicitly written ids do not move (PostgreSQL's
   * serial); MySQL's AUTO_INCREMENT and SQLite's rowid follow the largest id by themselves.
   */
  readonly sequencesIgnoreExplicitIds: boolean;
  /** The n-th (1-based) bound parameter in hand-built SQL text. */
  parameter(index: number): string;
  /** An identifier quoted for hand-built SQL text. */
  quoteId(name: string): string;
}

const byId = async (query: InsertQueryBuilder<any, any, InsertResult>) => Number((await query.executeTakeFirstOrThrow()).insertId);

const postgres: DialectTraits = {
  name: 'postgres',
  upsertReturns: true,
  writableCte: true,
  likeIgnoringCase: 'ILIKE',
  caselessIndex: 'lower-expression',
  rowLocks: true,
  shareLock: 'FOR SHARE',
  async insertReturningId(query, idColumn) {
    const row = (await query.returning(idColumn as any).executeTakeFirstOrThrow()) as Record<string, unknown>;
    return Number(row[idColumn]);
  },
  onConflictUpdate: (table, keys, set) =>
    sql`ON CONFLICT (${sql.join(keys.map((k) => sql.ref(k)))}) DO UPDATE SET ${set((column) => sql.ref(`${table}.${column}`))}`,
  greatest: (a, b) => sql`GREATEST(${a}, ${b})`,
  binary: (expr) => sql`${expr} COLLATE "C"`,
  caseless: (value) => sql`${value}`,
  sequencesIgnoreExplicitIds: true,
  parameter: (index) => `$${index}`,
  quoteId: (name) => `"${name}"`,
};

const sqlite: DialectTraits = {
  name: 'sqlite',
  upsertReturns: true,
  writableCte: false,
  likeIgnoringCase: 'LIKE',
  caselessIndex: 'nocase-column',
  rowLocks: false,
  shareLock: null,
  insertReturningId: byId,
  onConflictUpdate: postgres.onConflictUpdate,
  greatest: (a, b) => sql`MAX(${a}, ${b})`,
  binary: (expr) => expr,
  caseless: (value) => sql`${value} COLLATE NOCASE`,
  sequencesIgnoreExplicitIds: false,
  parameter: () => '?',
  quoteId: postgres.quoteId,
};

const mysql: DialectTraits = {
  name: 'mysql',
  upsertReturns: false,
  writableCte: false,
  likeIgnoringCase: 'LIKE',
  caselessIndex: 'none',
  rowLocks: true,
  shareLock: 'LOCK IN SHARE MODE',
  insertReturningId: byId,
  // The existing row's columns are named bare in MySQL's ON DUPLICATE KEY UPDATE.
  onConflictUpdate: (_table, _keys, set) => sql`ON DUPLICATE KEY UPDATE ${set((column) => sql.ref(column))}`,
  greatest: postgres.greatest,
  binary: (expr) => expr,
  caseless: (value) => sql`${value}`,
  sequencesIgnoreExplicitIds: false,
  parameter: () => '?',
  quoteId: (name) => `\`${name}\``,
};

export const DIALECT_TRAITS: Readonly<Record<DialectName, DialectTraits>> = { postgres, sqlite, mysql };
