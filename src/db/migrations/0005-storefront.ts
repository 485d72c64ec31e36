// Frozen snapshot: the storefront's server-side sessions. Never import live code here.
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function storefrontMigration(dialect: DialectName) {
  const table = <T extends string>(db: Kysely<any>, name: T) => {
    const t = db.schema.createTable(name);
    return (dialect === 'mysql' ? t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : t) as CreateTableBuilder<T, never>;
  };
  return {
    async up(db: Kysely<any>): Promise<void> {
      await table(db, 'storefront_session')
        // sha256 of the cookie's session id, hex: the id itself is never stored.
        .addColumn('session_hash', 'char(64)', (c) => c.primaryKey())
        .addColumn('customer_id', 'integer')
        .addColumn('website_id', 'integer')
        .addColumn('form_key', 'varchar(32)', (c) => c.notNull())
        // JSON list of one-shot messages shown on the next page (after a redirect).
        .addColumn('flash', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('storefront_session_customer').on('storefront_session').column('customer_id').execute();
      await db.schema.createIndex('storefront_session_expires').on('storefront_session').column('expires_at').execute();
    },
  };
}
