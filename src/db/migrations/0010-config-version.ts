// Frozen snapshot: a version number for the configuration, raised in the transaction of every
// change to core_config_data, so a process may keep the settings in memory and know, from one
// number read with a statement it runs anyway, whether they are still current. Never import live code here.
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function configVersionMigration(dialect: DialectName) {
  const table = <T extends string>(db: Kysely<any>, name: T) => {
    const t = db.schema.createTable(name);
    return (dialect === 'mysql' ? t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : t) as CreateTableBuilder<T, never>;
  };
  return {
    async up(db: Kysely<any>): Promise<void> {
      await table(db, 'keyfront_config_version')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();
      await db.insertInto('keyfront_config_version').values({ id: 1, version: 1 }).execute();
    },
  };
}
