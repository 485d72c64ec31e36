// Frozen snapshot: JWT signing keys (issue 14). Never import live code here.
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function jwtKeysMigration(dialect: DialectName) {
  const table = <T extends string>(db: Kysely<any>, name: T) => {
    const t = db.schema.createTable(name);
    return (dialect === 'mysql' ? t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : t) as CreateTableBuilder<T, never>;
  };
  return {
    async up(db: Kysely<any>): Promise<void> {
      await table(db, 'jwt_signing_key')
        .addColumn('kid', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('alg', 'varchar(16)', (c) => c.notNull())
        // Encrypted like integration secrets: an HMAC key, or a private JWK (JSON).
        .addColumn('secret', 'text', (c) => c.notNull())
        // The public JWK (JSON) of an asymmetric key; null for HMAC keys, which are never published.
        .addColumn('public_jwk', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        // Null while the key may sign; else the epoch second it leaves the set (its tokens end then).
        .addColumn('retire_at', 'bigint')
        .execute();
      await db.schema.createIndex('jwt_signing_key_alg').on('jwt_signing_key').columns(['alg', 'created_at']).execute();
    },
  };
}
