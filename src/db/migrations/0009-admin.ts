// Frozen snapshot: the admin pages' server-side sessions and the admins' TOTP second factor.
// Never import live code here.
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function adminMigration(dialect: DialectName) {
  const table = <T extends string>(db: Kysely<any>, name: T) => {
    const t = db.schema.createTable(name);
    return (dialect === 'mysql' ? t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : t) as CreateTableBuilder<T, never>;
  };
  return {
    async up(db: Kysely<any>): Promise<void> {
      await table(db, 'admin_session')
        // sha256 of the cookie's session id, hex: the id itself is never stored.
        .addColumn('session_hash', 'char(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull())
        // 'password': the password was right, the second factor is still due; 'full': signed in.
        .addColumn('stage', 'varchar(16)', (c) => c.notNull())
        .addColumn('form_key', 'varchar(32)', (c) => c.notNull())
        .addColumn('flash', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('admin_session_user').on('admin_session').column('user_id').execute();
      await db.schema.createIndex('admin_session_expires').on('admin_session').column('expires_at').execute();
      await table(db, 'admin_user_tfa')
        .addColumn('user_id', 'integer', (c) => c.primaryKey())
        // The TOTP secret, encrypted with the key ring (as Magento encrypts it in tfa_user_config).
        .addColumn('secret', 'text', (c) => c.notNull())
        // 0 while being set up (shown as a QR code, not yet confirmed by a code).
        .addColumn('confirmed', 'integer', (c) => c.notNull())
        // The last accepted 30-second step: a code is good once only.
        .addColumn('last_step', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
