// A Magento 2.4 database in MariaDB for import tests: Magento's own tables (test/fixtures/
// magento-2.4-schema.sql, from Magento's db_schema.xml files), optionally with a table prefix, filled
// with two websites, customers in every password-hash format, gaps in ids, unicode and bad rows.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sodiumModule from 'libsodium-wrappers-sumo';
import { MYSQL_ADMIN_URL } from './backend.ts';

export interface MagentoDb {
  url: string;
  prefix: string;
  query(sql: string, params?: unknown[]): Promise<any[]>;
  drop(): Promise<void>;
}

const SCHEMA = readFileSync(new URL('../fixtures/magento-2.4-schema.sql', import.meta.url), 'utf8');

export async function createMagentoDb(prefix = ''): Promise<MagentoDb> {
  const mysql = await import('mysql2/promise');
  const name = `mg_${randomBytes(6).toString('hex')}`;
  const admin = await mysql.createConnection(MYSQL_ADMIN_URL);
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
  await admin.end();
  const u = new URL(MYSQL_ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const connection = await mysql.createConnection({ uri: url, multipleStatements: true, charset: 'utf8mb4', timezone: 'Z', dateStrings: true });
  // Magento's own session settings: UTC, and id 0 (the admin website/store) inserted as 0.
  await connection.query("SET time_zone = '+00:00', sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
  await connection.query(SCHEMA.replace(/(CREATE TABLE|REFERENCES) `(\w+)`/g, (_m, kw, table) => `${kw} \`${prefix}${table}\``));
  return {
    url,
    prefix,
    query: async (sql, params) => (await connection.query(sql.replace(/\{(\w+)\}/g, (_m, t) => `\`${prefix}${t}\``), params))[0] as any[],
    drop: async () => {
      await connection.end();
      const c = await mysql.createConnection(MYSQL_ADMIN_URL);
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      await c.end();
    },
  };
}

// Magento\Framework\Encryption\Encryptor hash formats: hash:salt:version[:version…].
export const md5Hash = (password: string, salt: string) => `${createHash('md5').update(salt + password).digest('hex')}:${salt}:0`;
export const sha256Hash = (password: string, salt: string) => `${createHash('sha256').update(salt + password).digest('hex')}:${salt}:1`;

async function sodiumArgon(input: string, salt: string): Promise<string> {
  await sodiumModule.ready;
  const raw = sodiumModule.crypto_pwhash(32, input, Buffer.from(salt).subarray(0, 16), 2, 67108864, sodiumModule.crypto_pwhash_ALG_ARGON2ID13);
  return Buffer.from(raw).toString('hex');
}
/** Version 2: libsodium argon2id at the "interactive" limits (Magento 2.2-2.4.6). */
export const argon2Hash = async (password: string, salt: string) => `${await sodiumArgon(password, salt)}:${salt}:2`;
/** Version 3 with its parameters spelled out (Magento 2.4.7+). */
export const argon2v3Hash = async (password: string, salt: string) => `${await sodiumArgon(password, salt)}:${salt}:3_32_2_67108864`;
/** An upgraded hash: sha256 first, then argon2id over it (the chain Magento writes when it upgrades old hashes). */
export const chainedHash = async (password: string, salt: string) => {
  const inner = createHash('sha256').update(salt + password).digest('hex');
  return `${await sodiumArgon(inner, salt)}:${salt}:1:2`;
};

export const PASSWORDS: Record<number, string> = { 5: 'Anna-Pass-1', 6: 'Bob-Pass-22', 9: 'Anna-EU-333', 12: 'Chloé-Pass-4', 13: 'Dan-Chain-55', 15: 'Frank-Lock-6', 24: 'Gina-Store-7' };
export const ADMIN_PASSWORD = 'admin12345';
export const SALT = 'abcdefghijklmnopqrstuvwxyz012345';

/** Fills the tables: what a small two-website shop's database looks like. */
export async function seedMagento(m: MagentoDb): Promise<void> {
  const q = m.query;
  await q("INSERT INTO {eav_entity_type} (entity_type_id, entity_type_code, entity_model, entity_table) VALUES (1, 'customer', 'Magento\\\\Customer\\\\Model\\\\ResourceModel\\\\Customer', 'customer_entity'), (2, 'customer_address', 'Magento\\\\Customer\\\\Model\\\\ResourceModel\\\\Address', 'customer_address_entity')");
  await q(`INSERT INTO {eav_attribute} (attribute_id, entity_type_id, attribute_code, backend_type, frontend_input, is_user_defined) VALUES
    (1, 1, 'website_id', 'static', 'select', 0), (5, 1, 'firstname', 'static', 'text', 0), (200, 1, 'loyalty_number', 'varchar', 'text', 1),
    (201, 1, 'vip_since', 'datetime', 'date', 1), (202, 1, 'shoe_size', 'int', 'text', 1), (203, 1, 'internal_flag', 'static', 'text', 0),
    (300, 2, 'delivery_note', 'text', 'textarea', 1)`);
  await q("INSERT INTO {store_website} VALUES (0, 'admin', 'Admin', 0, 0, 0), (1, 'base', 'Main Website', 0, 1, 1), (2, 'eu', 'EU Website', 1, 2, 0)");
  await q("INSERT INTO {store_group} VALUES (0, 0, 'Default', 0, 0, 'default'), (1, 1, 'Main Website Store', 2, 1, 'main_website_store'), (2, 2, 'EU Store', 2, 2, 'eu_store')");
  await q("INSERT INTO {store} VALUES (0, 'admin', 0, 0, 'Admin', 0, 1), (1, 'default', 1, 1, 'Default Store View', 0, 1), (2, 'eu_de', 2, 2, 'Deutsch', 0, 1), (3, 'eu_fr', 2, 2, 'Français', 1, 1)");
  await q("INSERT INTO {tax_class} VALUES (2, 'Taxable Goods', 'PRODUCT'), (3, 'Retail Customer', 'CUSTOMER'), (4, 'Wholesale Tax', 'CUSTOMER')");
  await q("INSERT INTO {customer_group} VALUES (0, 'NOT LOGGED IN', 3), (1, 'General', 3), (2, 'Wholesale', 4), (3, 'Retailer', 3), (4, 'VIP', 3)");
  await q(`INSERT INTO {core_config_data} (scope, scope_id, path, value) VALUES ('default', 0, 'customer/password/minimum_password_length', '10'),
    ('websites', 2, 'oauth/access_token_lifetime/customer', '5'), ('default', 0, 'webapi/token/format', 'opaque'),
    ('default', 0, 'catalog/search/engine', 'opensearch'), ('default', 0, 'customer/startup/redirect_dashboard', '0')`);

  await q('INSERT INTO {admin_user} (user_id, firstname, lastname, email, username, password, created, modified, is_active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1), (?, ?, ?, ?, ?, ?, ?, ?, 1), (?, ?, ?, ?, ?, ?, ?, ?, 1)', [
    1, 'Ada', 'Admin', 'ada@example.com', 'admin', sha256Hash(ADMIN_PASSWORD, SALT), '2023-01-01 10:00:00', '2023-01-01 10:00:00',
    2, 'Sam', 'Support', 'sam@example.com', 'support', sha256Hash('support123', SALT), '2023-01-02 10:00:00', '2023-01-02 10:00:00',
    3, 'Mia', 'Marketing', 'mia@example.com', 'marketer', sha256Hash('market123', SALT), '2023-01-03 10:00:00', '2023-01-03 10:00:00',
  ]);
  await q(`INSERT INTO {authorization_role} (role_id, parent_id, tree_level, role_type, user_id, user_type, role_name) VALUES
    (1, 0, 1, 'G', 0, '2', 'Administrators'), (2, 1, 2, 'U', 1, '2', 'admin'),
    (3, 0, 1, 'G', 0, '2', 'Support'), (4, 3, 2, 'U', 2, '2', 'support'),
    (5, 0, 1, 'G', 0, '2', 'Marketing'), (6, 5, 2, 'U', 3, '2', 'marketer')`);
  await q(`INSERT INTO {authorization_rule} (role_id, resource_id, permission) VALUES (1, 'Magento_Backend::all', 'allow'),
    (3, 'Magento_Customer::customer', 'allow'), (3, 'Magento_Customer::manage', 'allow'), (3, 'Magento_Sales::sales', 'allow'), (3, 'Magento_Customer::group', 'deny'),
    (5, 'Magento_Cms::page', 'allow')`);

  const customer = `INSERT INTO {customer_entity} (entity_id, website_id, email, group_id, store_id, created_at, updated_at, is_active, disable_auto_group_change,
    created_in, prefix, firstname, middlename, lastname, suffix, dob, password_hash, default_billing, default_shipping, taxvat, confirmation, gender, failures_num, first_failure, lock_expires)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const c = (id: number, website: number | null, email: string, fields: Record<string, unknown> = {}) =>
    q(customer, [
      id, website, email, fields.group_id ?? 1, 'store_id' in fields ? fields.store_id : website === 2 ? 2 : 1, fields.created_at ?? '2024-03-01 08:00:00', fields.updated_at ?? '2024-03-02 09:30:00',
      fields.is_active ?? 1, fields.disable_auto_group_change ?? 0, fields.created_in ?? 'Default Store View', fields.prefix ?? null, fields.firstname ?? 'Test', fields.middlename ?? null,
      fields.lastname ?? 'Customer', fields.suffix ?? null, fields.dob ?? null, fields.password_hash ?? null, fields.default_billing ?? null, fields.default_shipping ?? null, fields.taxvat ?? null,
      fields.confirmation ?? null, fields.gender ?? null, fields.failures_num ?? 0, fields.first_failure ?? null, fields.lock_expires ?? null,
    ]);
  await c(5, 1, 'anna@example.com', { group_id: 4, prefix: 'Dr.', firstname: 'Ånna 🌷', middlename: 'Zoë', lastname: 'Müller-Łukasiewicz', suffix: 'PhD', dob: '1985-07-14', gender: 2, taxvat: 'DE123456789', password_hash: md5Hash(PASSWORDS[5], SALT), default_billing: 50, default_shipping: 51, disable_auto_group_change: 1 });
  await c(6, 1, 'bob@example.com', { firstname: 'Bob', lastname: "O'Brien", gender: 1, password_hash: sha256Hash(PASSWORDS[6], SALT) });
  await c(9, 2, 'ANNA@example.com', { firstname: 'Anna', lastname: 'EU', created_in: 'Deutsch', password_hash: await argon2Hash(PASSWORDS[9], SALT) });
  await c(12, 2, 'chloe@example.fr', { store_id: 3, firstname: 'Chloé', lastname: 'Dubois', created_in: 'Français', password_hash: await argon2v3Hash(PASSWORDS[12], SALT) });
  await c(13, 1, 'dan@example.com', { firstname: 'Dan', lastname: 'Chain', password_hash: await chainedHash(PASSWORDS[13], SALT) });
  await c(14, 1, 'eve@example.com', { firstname: 'Eve', lastname: 'NoPassword', confirmation: 'a1b2c3d4e5' });
  await c(15, 1, 'frank@example.com', { firstname: 'Frank', lastname: 'Locked', password_hash: sha256Hash(PASSWORDS[15], SALT), failures_num: 10, first_failure: '2024-03-02 09:00:00', lock_expires: '2037-12-31 00:00:00' });
  await c(20, 1, 'not-an-email', { firstname: 'Bad', lastname: 'Email' });
  await c(21, 1, 'xx@example.com', { firstname: 'Bad', lastname: 'Country', password_hash: md5Hash('whatever', SALT) });
  await c(22, 1, 'dup@example.com', { firstname: 'Dup', lastname: 'Licate', password_hash: md5Hash('whatever', SALT) });
  await c(23, 1, 'nogroup@example.com', { group_id: 99, firstname: 'No', lastname: 'Group' });
  await c(24, 2, 'gina@example.com', { store_id: null, firstname: 'Gina', lastname: 'Deleted-Store', password_hash: md5Hash(PASSWORDS[24], SALT) });

  const address = `INSERT INTO {customer_address_entity} (entity_id, parent_id, created_at, updated_at, city, company, country_id, firstname, lastname, postcode, region, region_id, street, telephone, vat_id)
    VALUES (?, ?, '2024-03-01 08:00:00', '2024-03-02 09:30:00', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  await q(address, [50, 5, 'New York', 'Acme, Inc.', 'US', 'Ånna', 'Müller', '10001', 'New York', 43, '5th Avenue 1\nFloor 3', '555-0100', null]);
  await q(address, [51, 5, 'Köln', null, 'DE', 'Ånna', 'Müller', '50667', 'Nordrhein-Westfalen', null, 'Domkloster 4', '+49 221 0000', 'DE999999999']);
  await q(address, [60, 9, 'Berlin', null, 'DE', 'Anna', 'EU', '10115', null, null, 'Unter den Linden 1', '+49 30 0000', null]);
  await q(address, [61, 21, 'Nowhere', null, 'XX', 'Bad', 'Country', '00000', null, null, 'Nowhere 1', '000', null]);
  await q('INSERT INTO {customer_entity_varchar} (attribute_id, entity_id, value) VALUES (200, 5, ?), (200, 9, ?)', ['LOY-0005', 'LOY-0009']);
  await q("INSERT INTO {customer_entity_datetime} (attribute_id, entity_id, value) VALUES (201, 5, '2020-01-01 00:00:00')");
  await q('INSERT INTO {customer_entity_int} (attribute_id, entity_id, value) VALUES (202, 5, 38)');
  await q("INSERT INTO {customer_address_entity_text} (attribute_id, entity_id, value) VALUES (300, 50, 'Ring twice')");
  await q(`INSERT INTO {newsletter_subscriber} (store_id, change_status_at, customer_id, subscriber_email, subscriber_status) VALUES
    (1, '2024-03-02 09:30:00', 5, 'anna@example.com', 1), (2, '2024-03-02 09:30:00', 9, 'ANNA@example.com', 3), (1, '2024-03-02 09:30:00', 6, 'bob@example.com', 1), (0, NULL, 0, 'guest@example.com', 1)`);
}
