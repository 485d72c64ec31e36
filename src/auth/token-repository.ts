import type { Kysely } from 'kysely';
import { preparedQuery } from '../db/prepared.ts';
import type { Tables } from '../db/schema.ts';
import { USER_TYPE_ADMIN, USER_TYPE_CUSTOMER } from './principal.ts';

export interface TokenOwnerRow {
  token_id: number;
  user_type: number;
  user_id: number;
  expires_at: number | null;
  revoked: number;
  customer_website_id: number | null;
  customer_is_active: number | null;
  admin_is_active: number | null;
}

export class TokenRepository {
  // Every authenticated request runs this one: compiled once (see db/prepared.ts).
  private readonly findWithOwnerQuery;

  constructor(private readonly db: Kysely<Tables>) {
    this.findWithOwnerQuery = preparedQuery(db, 1, (tokenHash: string) =>
      db
        .selectFrom('access_token as t')
        .leftJoin('customer_entity as c', (j) => j.onRef('c.entity_id', '=', 't.user_id').on('t.user_type', '=', USER_TYPE_CUSTOMER))
        .leftJoin('admin_user as a', (j) => j.onRef('a.user_id', '=', 't.user_id').on('t.user_type', '=', USER_TYPE_ADMIN))
        .select([
          't.token_id',
          't.user_type',
          't.user_id',
          't.expires_at',
          't.revoked',
          'c.website_id as customer_website_id',
          'c.is_active as customer_is_active',
          'a.is_active as admin_is_active',
        ])
        .where('t.token_hash', '=', tokenHash),
    );
  }

  async insert(row: { token_hash: string; user_type: number; user_id: number; created_at: number; expires_at: number | null }): Promise<void> {
    await this.db.insertInto('access_token').values({ ...row, revoked: 0 }).execute();
  }

  /** One query: the token and what its owner's state needs (customer website, admin active flag). */
  async findWithOwner(tokenHash: string): Promise<TokenOwnerRow | undefined> {
    const [row] = await this.findWithOwnerQuery(tokenHash);
    return row;
  }

  async deleteForUser(userType: number, userId: number): Promise<number> {
    const r = await this.db.deleteFrom('access_token').where('user_type', '=', userType).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async deleteExpired(now: number): Promise<number> {
    const r = await this.db.deleteFrom('access_token').where('expires_at', 'is not', null).where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
