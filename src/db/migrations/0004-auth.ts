// Frozen snapshot: integrations (OAuth 1.0a), admin roles, OAuth nonces, JWT revocation and the
// generated master secret. Never import live code here; later changes get a new file.
import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import type { DialectName } from '../database.ts';

export function authMigration(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
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
      // The master secret, when KEYFRONT_SECRET is not set: generated once, shared by every process.
      await table(db, 'keyfront_secret')
        .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('value', 'varchar(255)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      // One row per integration: its consumer and its (single) access token, as Magento's
      // integration + oauth_consumer + oauth_token rows. Secrets are AES-256-GCM encrypted (they are
      // needed in plain form to check HMAC signatures); the access token itself only as a sha256 hash.
      await table(db, 'integration')
        .$call(autoId('integration_id'))
        .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
        .addColumn('email', 'varchar(255)')
        .addColumn('status', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('all_resources', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('consumer_key', 'char(32)', (c) => c.notNull().unique())
        .addColumn('consumer_secret', 'varchar(255)', (c) => c.notNull())
        .addColumn('token_hash', 'char(64)', (c) => c.notNull().unique())
        .addColumn('token_secret', 'varchar(255)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(19)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(19)', (c) => c.notNull())
        .execute();
      await table(db, 'integration_resource')
        .addColumn('integration_id', 'integer', (c) => c.notNull().references('integration.integration_id').onDelete('cascade'))
        .addColumn('resource_id', 'varchar(255)', (c) => c.notNull())
        .addPrimaryKeyConstraint('integration_resource_pk', ['integration_id', 'resource_id'])
        .execute();
      // Used nonces, per integration; rows older than the timestamp window are removed by the cleanup.
      await table(db, 'oauth_nonce')
        .addColumn('integration_id', 'integer', (c) => c.notNull().references('integration.integration_id').onDelete('cascade'))
        .addColumn('nonce', 'varchar(64)', (c) => c.notNull())
        .addColumn('timestamp', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('oauth_nonce_pk', ['integration_id', 'nonce'])
        .execute();
      await db.schema.createIndex('oauth_nonce_timestamp').on('oauth_nonce').column('timestamp').execute();
      // Admin roles (Magento's authorization_role / authorization_rule, reduced to what Keyfront needs).
      await table(db, 'authorization_role')
        .$call(autoId('role_id'))
        .addColumn('role_name', 'varchar(255)', (c) => c.notNull().unique())
        .execute();
      await table(db, 'authorization_rule')
        .addColumn('role_id', 'integer', (c) => c.notNull().references('authorization_role.role_id').onDelete('cascade'))
        .addColumn('resource_id', 'varchar(255)', (c) => c.notNull())
        .addPrimaryKeyConstraint('authorization_rule_pk', ['role_id', 'resource_id'])
        .execute();
      // An admin without a row holds every resource (Magento's Administrators role). No cascade from
      // the role: deleting a role must never silently turn a restricted admin into a full one.
      await table(db, 'admin_user_role')
        .addColumn('user_id', 'integer', (c) => c.primaryKey().references('admin_user.user_id').onDelete('cascade'))
        .addColumn('role_id', 'integer', (c) => c.notNull().references('authorization_role.role_id'))
        .execute();
      // Magento_JwtUserToken's jwt_auth_revoked: tokens issued at or before revoke_before are refused.
      await table(db, 'jwt_auth_revoked')
        .addColumn('user_type_id', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('revoke_before', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('jwt_auth_revoked_pk', ['user_type_id', 'user_id'])
        .execute();
    },
  };
}
