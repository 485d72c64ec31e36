// Direct SQL against a test server's database, for checks the API cannot make (what is stored).
export async function queryDb<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  if (url.startsWith('sqlite:')) {
    const { default: SQLite } = await import('better-sqlite3');
    const db = new SQLite(url.slice('sqlite:'.length), { readonly: true });
    try {
      return db.prepare(sql).all() as T[];
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
