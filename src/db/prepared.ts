// Hot-path queries compiled once. Kysely rebuilds and recompiles a query's tree on every call,
// which was a sixth of the time of GET /V1/customers/me; a query whose shape never changes is
// compiled once with placeholder arguments, and each call only puts its own values in their places.
import type { Compilable, Kysely } from 'kysely';
import type { Tables } from './schema.ts';

/**
 * SQL texts of the queries made here, with a statement name each: on PostgreSQL they run as
 * named prepared statements (see database.ts), so the server parses and plans them once per
 * connection instead of on every request.
 */
export const PREPARED_STATEMENTS = new Map<string, string>();

export function preparedQuery<A extends unknown[], R>(db: Kysely<Tables>, arity: A['length'], build: (...args: A) => Compilable<R>): (...args: A) => Promise<R[]> {
  const markers = Array.from({ length: arity }, (_, i) => `\u0000keyfront-argument-${i}\u0000`);
  let compiled: ReturnType<Compilable<R>['compile']> | undefined;
  let slots: number[] = [];
  return async (...args: A) => {
    if (!compiled) {
      compiled = build(...(markers as unknown as A)).compile();
      slots = compiled.parameters.map((p) => markers.indexOf(p as string));
      if (new Set(slots.filter((s) => s >= 0)).size !== arity) throw new Error('preparedQuery: every argument must appear in the query as a parameter');
      if (!PREPARED_STATEMENTS.has(compiled.sql)) PREPARED_STATEMENTS.set(compiled.sql, `keyfront_${PREPARED_STATEMENTS.size + 1}`);
    }
    const fixed = compiled.parameters;
    const parameters = slots.map((slot, i) => (slot >= 0 ? args[slot] : fixed[i]));
    const result = await db.executeQuery<R>({ ...compiled, parameters });
    return result.rows;
  };
}
