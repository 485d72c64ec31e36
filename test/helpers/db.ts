// Direct database access for tests that must look behind the API (what is stored, and how).
import { openDatabase, type Database } from '../../src/db/database.ts';

export async function withDatabase<T>(url: string, use: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(url, { poolSize: 1 });
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}
