// Applies the migrations in order (Kysely's Migrator keeps the record and the lock, so two
// processes starting at once do not both migrate).
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
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

export async function migrateToLatest(database: Database): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(database) };
  // Migrations of parallel branches land in any order (0009 may be applied before 0006): each is
  // independent of the ones numbered between, so an older name arriving later still runs.
  const migrator = new Migrator({ db: database.db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
