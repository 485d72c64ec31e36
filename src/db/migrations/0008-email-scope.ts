// Frozen snapshot: one email, one account, enforced by the database under both account-sharing
// modes (issue 10, items 4 and 11). Never import live code here; later changes get a new file.
//
// - customer_entity.email_scope: the customer's website id when accounts are per website
//   (customer/account_share/scope = 1), 0 when they are shared globally; UNIQUE (email_normalized,
//   email_scope) then holds in both modes. Switching modes rewrites the column in the same
//   transaction as the setting (settings/account-sharing.ts).
// - MySQL/MariaDB: email_normalized compares byte-wise (utf8mb4_bin), as on PostgreSQL and SQLite:
//   utf8mb4_unicode_ci made "cöll@example.com" equal "coll@example.com". The value is lower-cased
//   by Keyfront before it is stored, so byte-wise is the same rule everywhere.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

const SHARE_PATH = 'customer/account_share/scope';

export function emailScopeMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (dialect === 'mysql') {
        await sql`ALTER TABLE customer_entity MODIFY email_normalized VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL`.execute(db);
      }
      await db.schema.alterTable('customer_entity').addColumn('email_scope', 'integer', (c) => c.notNull().defaultTo(0)).execute();

      // The sharing setting gets a stored row at default scope, so that creating an account can
      // lock it (FOR SHARE) against a concurrent switch of modes.
      const stored = await db.selectFrom('core_config_data').select('value').where('scope', '=', 'default').where('scope_id', '=', 0).where('path', '=', SHARE_PATH).executeTakeFirst();
      if (!stored) await db.insertInto('core_config_data').values({ scope: 'default', scope_id: 0, path: SHARE_PATH, value: '1' }).execute();
      const global = stored?.value === '0';

      await sql`UPDATE customer_entity SET email_scope = website_id`.execute(db);
      if (global) {
        // Emails held once across all websites become global; emails already held in several
        // websites (possible before this migration) stay per website until merged by hand.
        await sql`UPDATE customer_entity SET email_scope = 0 WHERE email_normalized NOT IN (
          SELECT e FROM (SELECT email_normalized AS e FROM customer_entity GROUP BY email_normalized HAVING COUNT(*) > 1) duplicated)`.execute(db);
      }
      await db.schema.createIndex('customer_email_scope').unique().on('customer_entity').columns(['email_normalized', 'email_scope']).execute();
    },
  };
}
