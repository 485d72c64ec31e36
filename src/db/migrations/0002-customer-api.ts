// Frozen snapshot: what the full customer API needs on top of the core schema. Never import live
// code here; later changes get a new file.
//  - indexes that keep GET /V1/customers/search fast on a million customers (filter and sort
//    columns, and default_billing for the billing_* filters, which join the default billing address);
//  - Magento's tax classes, so a customer group can name its tax class (tax_class_name) and a
//    group save can check that the class exists and is a customer class.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function customerApiMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      const index = (name: string, table: string, columns: string[]) => db.schema.createIndex(name).on(table).columns(columns).execute();
      await index('customer_entity_lastname', 'customer_entity', ['lastname', 'firstname']);
      await index('customer_entity_firstname', 'customer_entity', ['firstname']);
      await index('customer_entity_created_at', 'customer_entity', ['created_at']);
      await index('customer_entity_updated_at', 'customer_entity', ['updated_at']);
      await index('customer_entity_group', 'customer_entity', ['group_id']);
      await index('customer_entity_website', 'customer_entity', ['website_id', 'created_at']);
      await index('customer_entity_default_billing', 'customer_entity', ['default_billing']);
      await index('customer_address_postcode', 'customer_address_entity', ['postcode']);
      await index('customer_address_city', 'customer_address_entity', ['city']);
      await index('customer_address_telephone', 'customer_address_entity', ['telephone']);
      // Case-insensitive prefix searches (lastname like 'smi%'): SQLite and PostgreSQL need an index
      // in the search's own collation; MySQL's case-insensitive collation serves LIKE already.
      for (const column of ['lastname', 'firstname']) {
        if (dialect === 'sqlite') await sql`CREATE INDEX ${sql.id(`customer_entity_${column}_nocase`)} ON customer_entity (${sql.ref(column)} COLLATE NOCASE)`.execute(db);
        if (dialect === 'postgres') await sql`CREATE INDEX ${sql.id(`customer_entity_${column}_lower`)} ON customer_entity ((lower(${sql.ref(column)}) COLLATE "C"))`.execute(db);
      }
      if (dialect === 'postgres') await sql`CREATE INDEX customer_entity_email_prefix ON customer_entity (email_normalized COLLATE "C")`.execute(db);

      let table = db.schema
        .createTable('tax_class')
        .addColumn('class_id', 'integer', (c) => c.primaryKey())
        .addColumn('class_name', 'varchar(255)', (c) => c.notNull())
        .addColumn('class_type', 'varchar(8)', (c) => c.notNull().defaultTo('CUSTOMER'));
      if (dialect === 'mysql') table = table.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
      await table.execute();
      // Magento_Tax's install data: the product class 2 and the customer class 3 every group uses.
      await db
        .insertInto('tax_class')
        .values([
          { class_id: 2, class_name: 'Taxable Goods', class_type: 'PRODUCT' },
          { class_id: 3, class_name: 'Retail Customer', class_type: 'CUSTOMER' },
        ])
        .execute();
    },
  };
}
