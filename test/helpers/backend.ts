// The database a test run targets (KEYFRONT_TEST_BACKEND, set by scripts/run-tests.mjs), and a fresh,
// empty database of that kind for each server a test starts.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Backend = 'sqlite' | 'postgres' | 'mysql';
export const BACKEND = (process.env.KEYFRONT_TEST_BACKEND ?? 'sqlite') as Backend;
export const POSTGRES_ADMIN_URL = process.env.KEYFRONT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_ADMIN_URL = process.env.KEYFRONT_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(backend: Backend = BACKEND): Promise<TestDatabase> {
  const name = `kf_${randomBytes(6).toString('hex')}`;
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'keyfront-'));
    return { url: `sqlite:${join(dir, 'keyfront.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (backend === 'postgres') {
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return {
      url: withDatabase(POSTGRES_ADMIN_URL, name),
      drop: async () => {
        const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const mysql = await import('mysql2/promise');
  const admin = await mysql.createConnection(MYSQL_ADMIN_URL);
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  return {
    url: withDatabase(MYSQL_ADMIN_URL, name),
    drop: async () => {
      const c = await mysql.createConnection(MYSQL_ADMIN_URL);
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      await c.end();
    },
  };
}
