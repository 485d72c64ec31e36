// The one place where "insert and give me the new id" differs by dialect.
import type { InsertQueryBuilder, InsertResult } from 'kysely';
import type { DialectName } from './database.ts';

export async function insertReturningId(
  dialect: DialectName,
  query: InsertQueryBuilder<any, any, InsertResult>,
  idColumn: string,
): Promise<number> {
  if (dialect === 'postgres') {
    const row = (await query.returning(idColumn as any).executeTakeFirstOrThrow()) as Record<string, unknown>;
    return Number(row[idColumn]);
  }
  const result = await query.executeTakeFirstOrThrow();
  return Number(result.insertId);
}
