// Direct SQL against a test server's database, for checks the API cannot make (what is stored).
/** `write`: SQLite is otherwise opened read-only (a server and a test writing one file at once would contend). */
export async function queryDb<T = Record<string, unknown>>(url: string, sql: string, options: { write?: boolean } = {}): Promise<T[]> {
  if (url.startsWith('sqlite:')) {
    const { default: SQLite } = await import('better-sqlite3');
    // KEYFRONT_SQLITE_NATIVE_BINDING: the addon built for another Node (CI's Node 22 run), as src/db does.
    const binding = process.env.KEYFRONT_SQLITE_NATIVE_BINDING;
    const db = new SQLite(url.slice('sqlite:'.length), { readonly: !options.write, ...(binding ? { nativeBinding: binding } : {}) });
    try {
      const statement = db.prepare(sql);
      return (statement.reader ? statement.all() : (statement.run(), [])) as T[];
    } finally {
      db.close();
    }
  }
  if (url.startsWith('postgres')) {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection(url);
  try {
    return (await connection.query(sql))[0] as T[];
  } finally {
    await connection.end();
  }
}

/** Runs one statement that changes the database (DDL, say) from outside the server, as another process would. */
export async function executeDb(url: string, statement: string): Promise<void> {
  if (url.startsWith('sqlite:')) {
    const { default: SQLite } = await import('better-sqlite3');
    const binding = process.env.KEYFRONT_SQLITE_NATIVE_BINDING;
    const db = new SQLite(url.slice('sqlite:'.length), binding ? { nativeBinding: binding } : {});
    try {
      db.pragma('busy_timeout = 5000');
      db.exec(statement);
    } finally {
      db.close();
    }
    return;
  }
  await queryDb(url, statement);
}

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
