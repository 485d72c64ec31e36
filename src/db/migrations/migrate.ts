// Applies the migrations in order (Kysely's Migrator keeps the record and the lock, so two
// processes starting at once do not both migrate).
import { DEFAULT_MIGRATION_TABLE, Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from '../database.ts';
import { coreMigration } from './0001-core.ts';
import { customerApiMigration } from './0002-customer-api.ts';
import { mailAndResetMigration } from './0003-mail-and-reset.ts';
import { authMigration } from './0004-auth.ts';
import { storefrontMigration } from './0005-storefront.ts';
import { jwtKeysMigration } from './0006-jwt-keys.ts';
import { importMigration } from './0007-import.ts';
import { emailScopeMigration } from './0008-email-scope.ts';
import { adminMigration } from './0009-admin.ts';
import { configVersionMigration } from './0010-config-version.ts';

function migrationsFor(database: Database): Record<string, Migration> {
  return {
    '0001-core': coreMigration(database.dialect),
    '0002-customer-api': customerApiMigration(database.dialect),
    '0003-mail-and-reset': mailAndResetMigration(database.dialect),
    '0004-auth': authMigration(database.dialect),
    '0005-storefront': storefrontMigration(database.dialect),
    '0006-jwt-keys': jwtKeysMigration(database.dialect),
    '0007-import': importMigration(database.dialect),
    '0008-email-scope': emailScopeMigration(database.dialect),
    '0009-admin': adminMigration(database.dialect),
    '0010-config-version': configVersionMigration(database.dialect),
  };
}

/**
 * True when exactly this build's migrations are recorded as applied: one plain read of Kysely's
 * record table. The Migrator would find the same, but only after introspecting the catalog for its two tables,
 * creating its lock row and taking the lock (eight round trips, two of them catalog queries:
 * 10-250 ms at every start on PostgreSQL and MariaDB). Any failure (no table yet: a new
 * database) means "not known to be up to date", and the Migrator runs as before.
 */
async function upToDate(database: Database, names: string[]): Promise<boolean> {
  try {
    const rows = await database.db
      .withTables<{ [DEFAULT_MIGRATION_TABLE]: { name: string } }>()
      .selectFrom(DEFAULT_MIGRATION_TABLE)
      .select('name')
      .execute();
    // Exactly these: a record this build does not know (a newer build's) is the Migrator's to refuse.
    const applied = new Set(rows.map((r) => r.name));
    return applied.size === names.length && names.every((name) => applied.has(name));
  } catch {
    return false;
  }
}

export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrations = migrationsFor(database);
  if (await upToDate(database, Object.keys(migrations))) return [];
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  // Migrations of parallel branches land in any order (0009 may be applied before 0006): each is
  // independent of the ones numbered between, so an older name arriving later still runs.
  const migrator = new Migrator({ db: database.db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
