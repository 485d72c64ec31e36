// Frozen snapshot: what `magento:import` remembers between runs. Never import live code here.
//  - magento_import_state: per Magento source (host/database/prefix, never a password), the time
//    from which the next run reads changed rows (Magento's clock, minus a safety margin).
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function importMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      let table = db.schema
        .createTable('magento_import_state')
        .addColumn('source', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('watermark', 'varchar(19)', (c) => c.notNull())
        .addColumn('finished_at', 'varchar(19)', (c) => c.notNull());
      if (dialect === 'mysql') table = table.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
      await table.execute();
    },
  };
}
