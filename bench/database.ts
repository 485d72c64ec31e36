// A fresh, empty database for one bench run, on the server DATABASE_URL names (its backend picks
// the dialect; for PostgreSQL/MariaDB a new database is created beside the named one and dropped
// afterwards; for SQLite a new file in a temporary directory).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Backend = 'sqlite' | 'postgres' | 'mysql';

export interface BenchDatabase {
  backend: Backend;
  url: string;
  drop(): Promise<void>;
}

const DEFAULT_SERVER: Record<Backend, string> = {
  sqlite: 'sqlite:',
  postgres: 'postgres://postgres@127.0.0.1:5432/test',
  mysql: 'mysql://root@127.0.0.1:3306/test',
};

export function backendOf(name: string): Backend {
  if (name.startsWith('sqlite')) return 'sqlite';
  if (/^postgres/.test(name)) return 'postgres';
  if (/^(mysql|mariadb)/.test(name)) return 'mysql';
  throw new Error(`unknown database "${name}" (sqlite, postgres or mysql, or a DATABASE_URL)`);
}

function withName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function freshDatabase(backend: Backend, serverUrl = DEFAULT_SERVER[backend]): Promise<BenchDatabase> {
  const name = `kf_bench_${randomBytes(4).toString('hex')}`;
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'keyfront-bench-'));
    return { backend, url: `sqlite:${join(dir, 'keyfront.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (backend === 'postgres') {
    const pg = (await import('pg')).default;
    const run = async (statement: string) => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(statement);
      await c.end();
    };
    await run(`CREATE DATABASE ${name}`);
    return { backend, url: withName(serverUrl, name), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const mysql = await import('mysql2/promise');
  const run = async (statement: string) => {
    const c = await mysql.createConnection(serverUrl);
    await c.query(statement);
    await c.end();
  };
  await run(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  return { backend, url: withName(serverUrl, name), drop: () => run(`DROP DATABASE IF EXISTS ${name}`) };
}
