// Frozen snapshot: the mail outbox and Magento_Security's password-reset request log.
// Never import live code here; later changes get a new file.
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function mailAndResetMigration(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  const table = <T extends string>(db: Kysely<any>, name: T) => {
    const t = db.schema.createTable(name);
    return (dialect === 'mysql' ? t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : t) as CreateTableBuilder<T, never>;
  };
  const autoId = (name: string) => (t: CreateTableBuilder<any, any>) =>
    t.addColumn(name, idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()));

  return {
    async up(db: Kysely<any>): Promise<void> {
      // One row per mail, written in the transaction of the change that causes it. The body is
      // cleared once the mail is delivered (it may carry a reset link); the headers stay as a record.
      await table(db, 'mail_outbox')
        .$call(autoId('mail_id'))
        .addColumn('template', 'varchar(64)', (c) => c.notNull())
        .addColumn('store_id', 'integer', (c) => c.notNull())
        .addColumn('customer_id', 'integer')
        .addColumn('sender_email', 'varchar(255)', (c) => c.notNull())
        .addColumn('sender_name', 'varchar(255)', (c) => c.notNull())
        .addColumn('recipient_email', 'varchar(255)', (c) => c.notNull())
        .addColumn('recipient_name', 'varchar(255)', (c) => c.notNull())
        .addColumn('subject', 'varchar(255)', (c) => c.notNull())
        .addColumn('body_text', 'text')
        .addColumn('body_html', 'text')
        .addColumn('created_at', 'varchar(19)', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        /** Epoch seconds: not before this instant. */
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        /** Epoch seconds: a sender holds the row until then; another may take it over afterwards. */
        .addColumn('claimed_until', 'bigint')
        .addColumn('claim_token', 'varchar(32)')
        .addColumn('sent_at', 'varchar(19)')
        .addColumn('failed_at', 'varchar(19)')
        .addColumn('last_error', 'varchar(1000)')
        .execute();
      await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['sent_at', 'failed_at', 'next_attempt_at']).execute();
      // Magento_Security's password_reset_request_event: one row per accepted reset request.
      await table(db, 'password_reset_request_event')
        .$call(autoId('id'))
        .addColumn('request_type', 'integer', (c) => c.notNull())
        .addColumn('account_reference', 'varchar(255)')
        .addColumn('ip', 'varchar(45)', (c) => c.notNull())
        /** Epoch seconds. */
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('password_reset_request_event_account')
        .on('password_reset_request_event')
        .columns(['request_type', 'account_reference', 'created_at'])
        .execute();
      await db.schema.createIndex('password_reset_request_event_ip').on('password_reset_request_event').columns(['request_type', 'ip', 'created_at']).execute();
      // Reset tokens are looked up by their hash (POST /V1/customers/resetPassword without an email).
      await db.schema.createIndex('customer_entity_rp_token').on('customer_entity').column('rp_token').execute();
    },
  };
}
