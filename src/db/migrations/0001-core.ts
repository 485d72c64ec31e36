// Frozen snapshot: the core schema. Never import live code here; later changes get a new file.
import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import type { DialectName } from '../database.ts';

export function coreMigration(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  // MySQL/MariaDB: InnoDB with full Unicode whatever the database's own default charset is.
  const table = <T extends string>(db: Kysely<any>, name: T) => {
    const t = db.schema.createTable(name);
    return (dialect === 'mysql'
      ? t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`)
      : t) as CreateTableBuilder<T, never>;
  };
  const autoId = (name: string) => (t: CreateTableBuilder<any, any>) =>
    t.addColumn(name, idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()));

  return {
    async up(db: Kysely<any>): Promise<void> {
      await table(db, 'store_website')
        .addColumn('website_id', 'integer', (c) => c.primaryKey())
        .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(64)', (c) => c.notNull())
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('default_group_id', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await table(db, 'store_group')
        .addColumn('group_id', 'integer', (c) => c.primaryKey())
        .addColumn('website_id', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('root_category_id', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('default_store_id', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
        .execute();
      await table(db, 'store')
        .addColumn('store_id', 'integer', (c) => c.primaryKey())
        .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
        .addColumn('website_id', 'integer', (c) => c.notNull())
        .addColumn('group_id', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await table(db, 'customer_group')
        .addColumn('customer_group_id', 'integer', (c) => c.primaryKey())
        .addColumn('customer_group_code', 'varchar(32)', (c) => c.notNull().unique())
        .addColumn('tax_class_id', 'integer', (c) => c.notNull().defaultTo(3))
        .execute();
      await table(db, 'core_config_data')
        .$call(autoId('config_id'))
        .addColumn('scope', 'varchar(8)', (c) => c.notNull())
        .addColumn('scope_id', 'integer', (c) => c.notNull())
        .addColumn('path', 'varchar(255)', (c) => c.notNull())
        .addColumn('value', 'text')
        .addUniqueConstraint('core_config_data_scope_path', ['scope', 'scope_id', 'path'])
        .execute();
      await table(db, 'customer_entity')
        .$call(autoId('entity_id'))
        .addColumn('website_id', 'integer', (c) => c.notNull())
        .addColumn('email', 'varchar(255)', (c) => c.notNull())
        .addColumn('email_normalized', 'varchar(255)', (c) => c.notNull())
        .addColumn('group_id', 'integer', (c) => c.notNull())
        .addColumn('store_id', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(19)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(19)', (c) => c.notNull())
        .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('disable_auto_group_change', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_in', 'varchar(255)')
        .addColumn('prefix', 'varchar(40)')
        .addColumn('firstname', 'varchar(255)', (c) => c.notNull())
        .addColumn('middlename', 'varchar(255)')
        .addColumn('lastname', 'varchar(255)', (c) => c.notNull())
        .addColumn('suffix', 'varchar(40)')
        .addColumn('dob', 'varchar(10)')
        .addColumn('password_hash', 'varchar(255)')
        .addColumn('rp_token', 'varchar(128)')
        .addColumn('rp_token_created_at', 'varchar(19)')
        .addColumn('default_billing', 'integer')
        .addColumn('default_shipping', 'integer')
        .addColumn('taxvat', 'varchar(50)')
        .addColumn('confirmation', 'varchar(64)')
        .addColumn('gender', 'integer')
        .addColumn('failures_num', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('first_failure', 'varchar(19)')
        .addColumn('lock_expires', 'varchar(19)')
        .addColumn('is_subscribed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('custom_attributes', 'text')
        .addUniqueConstraint('customer_email_website', ['email_normalized', 'website_id'])
        .execute();
      await table(db, 'customer_address_entity')
        .$call(autoId('entity_id'))
        .addColumn('parent_id', 'integer', (c) => c.notNull().references('customer_entity.entity_id').onDelete('cascade'))
        .addColumn('created_at', 'varchar(19)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(19)', (c) => c.notNull())
        .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('city', 'varchar(255)', (c) => c.notNull())
        .addColumn('company', 'varchar(255)')
        .addColumn('country_id', 'varchar(2)', (c) => c.notNull())
        .addColumn('fax', 'varchar(255)')
        .addColumn('firstname', 'varchar(255)', (c) => c.notNull())
        .addColumn('lastname', 'varchar(255)', (c) => c.notNull())
        .addColumn('middlename', 'varchar(255)')
        .addColumn('postcode', 'varchar(255)')
        .addColumn('prefix', 'varchar(40)')
        .addColumn('region', 'varchar(255)')
        .addColumn('region_id', 'integer')
        .addColumn('street', 'text', (c) => c.notNull())
        .addColumn('suffix', 'varchar(40)')
        .addColumn('telephone', 'varchar(255)')
        .addColumn('vat_id', 'varchar(255)')
        .addColumn('custom_attributes', 'text')
        .execute();
      await db.schema.createIndex('customer_address_parent').on('customer_address_entity').column('parent_id').execute();
      await table(db, 'admin_user')
        .$call(autoId('user_id'))
        .addColumn('firstname', 'varchar(32)', (c) => c.notNull())
        .addColumn('lastname', 'varchar(32)', (c) => c.notNull())
        .addColumn('email', 'varchar(128)', (c) => c.notNull())
        .addColumn('username', 'varchar(40)', (c) => c.notNull().unique())
        .addColumn('password', 'varchar(255)', (c) => c.notNull())
        .addColumn('created', 'varchar(19)', (c) => c.notNull())
        .addColumn('modified', 'varchar(19)', (c) => c.notNull())
        .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('failures_num', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('first_failure', 'varchar(19)')
        .addColumn('lock_expires', 'varchar(19)')
        .execute();
      await table(db, 'access_token')
        .$call(autoId('token_id'))
        .addColumn('token_hash', 'char(64)', (c) => c.notNull().unique())
        .addColumn('user_type', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('access_token_user').on('access_token').columns(['user_type', 'user_id']).execute();
      await db.schema.createIndex('access_token_expires').on('access_token').column('expires_at').execute();
      await table(db, 'oauth_token_request_log')
        .$call(autoId('log_id'))
        .addColumn('user_name', 'varchar(255)', (c) => c.notNull())
        .addColumn('user_type', 'integer', (c) => c.notNull())
        .addColumn('failures_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('lock_expires_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('oauth_token_request_log_user', ['user_name', 'user_type'])
        .execute();
    },
  };
}
