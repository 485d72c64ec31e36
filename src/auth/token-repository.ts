// Opaque tokens (access_token, only their sha256 stored) and JWT revocation times (jwt_auth_revoked).
import { sql } from 'kysely';
import type { Database, Executor } from '../db/database.ts';
import { preparedQuery } from '../db/prepared.ts';
import { USER_TYPE_ADMIN, USER_TYPE_CUSTOMER } from './principal.ts';
import { Repository } from '../db/repository.ts';

export interface TokenOwnerRow {
  token_id: number;
  user_type: number;
  user_id: number;
  created_at: number;
  expires_at: number | null;
  revoked: number;
  customer_website_id: number | null;
  customer_store_id: number | null;
  customer_group_id: number | null;
  customer_is_active: number | null;
  admin_is_active: number | null;
}

/** An opaque token's row as inserted (only the token's hash is stored). */
export interface NewTokenRow {
  token_hash: string;
  user_type: number;
  user_id: number;
  created_at: number;
  expires_at: number | null;
}

export interface OwnerState {
  is_active: number;
  website_id: number | null;
  store_id: number | null;
  group_id: number | null;
  /** The user's JWT "revoked before" time (-1: never revoked). */
  revoke_before: number;
  /** The token's signing key, read in the same statement: whether it exists, and when it leaves the set. */
  key_found: number | boolean | null;
  key_retire_at: number | null;
}

export class TokenRepository extends Repository {
  // Every authenticated request runs one of these: compiled once (see db/prepared.ts).
  private readonly findWithOwnerQuery;
  private readonly customerStateQuery;
  private readonly adminStateQuery;

  constructor(database: Database) {
    super(database);
    const db = database.db;
    this.findWithOwnerQuery = preparedQuery(db, 1, (tokenHash: string) =>
      db
        .selectFrom('access_token as t')
        .leftJoin('customer_entity as c', (j) => j.onRef('c.entity_id', '=', 't.user_id').on('t.user_type', '=', USER_TYPE_CUSTOMER))
        .leftJoin('admin_user as a', (j) => j.onRef('a.user_id', '=', 't.user_id').on('t.user_type', '=', USER_TYPE_ADMIN))
        .select([
          't.token_id',
          't.user_type',
          't.user_id',
          't.created_at',
          't.expires_at',
          't.revoked',
          'c.website_id as customer_website_id',
          'c.store_id as customer_store_id',
          'c.group_id as customer_group_id',
          'c.is_active as customer_is_active',
          'a.is_active as admin_is_active',
        ])
        .where('t.token_hash', '=', tokenHash),
    );
    this.customerStateQuery = preparedQuery(db, 2, (userId: number, kid: string) =>
      db
        .selectFrom('customer_entity as c')
        .leftJoin('jwt_auth_revoked as r', (j) => j.on('r.user_type_id', '=', USER_TYPE_CUSTOMER).onRef('r.user_id', '=', 'c.entity_id'))
        .leftJoin('jwt_signing_key as k', (j) => j.on('k.kid', '=', kid))
        .select(['c.is_active', 'c.website_id', 'c.store_id', 'c.group_id', 'r.revoke_before', 'k.retire_at as key_retire_at'])
        .select((eb) => eb.case().when('k.kid', 'is not', null).then(1).else(0).end().as('key_found'))
        .where('c.entity_id', '=', userId),
    );
    this.adminStateQuery = preparedQuery(db, 2, (userId: number, kid: string) =>
      db
        .selectFrom('admin_user as a')
        .leftJoin('jwt_auth_revoked as r', (j) => j.on('r.user_type_id', '=', USER_TYPE_ADMIN).onRef('r.user_id', '=', 'a.user_id'))
        .leftJoin('jwt_signing_key as k', (j) => j.on('k.kid', '=', kid))
        .select(['a.is_active', 'r.revoke_before', 'k.retire_at as key_retire_at'])
        .select((eb) => eb.case().when('k.kid', 'is not', null).then(1).else(0).end().as('key_found'))
        .where('a.user_id', '=', userId),
    );
  }

  async insert(row: NewTokenRow): Promise<void> {
    await this.db.insertInto('access_token').values({ ...row, revoked: 0 }).execute();
  }

  /** One query: the token and what its owner's state needs (customer website, admin active flag). */
  async findWithOwner(tokenHash: string): Promise<TokenOwnerRow | undefined> {
    const [row] = await this.findWithOwnerQuery(tokenHash);
    return row;
  }

  /**
   * For JWTs, which carry no row: whether the user exists and is active, its revocation time, and
   * whether the token's key (`kid`) is still there, in one query.
   */
  async ownerState(userType: number, userId: number, kid: string): Promise<OwnerState | undefined> {
    if (userType === USER_TYPE_CUSTOMER) {
      const [row] = await this.customerStateQuery(userId, kid);
      return row && { ...row, revoke_before: row.revoke_before === null ? -1 : Number(row.revoke_before) };
    }
    const [row] = await this.adminStateQuery(userId, kid);
    return row && { ...row, website_id: null, store_id: null, group_id: null, revoke_before: row.revoke_before === null ? -1 : Number(row.revoke_before) };
  }

  async deleteById(tokenId: number): Promise<void> {
    await this.db.deleteFrom('access_token').where('token_id', '=', tokenId).execute();
  }

  /** `tx`: deleting a customer removes its tokens in the same transaction. */
  async deleteForUser(userType: number, userId: number, tx: Executor = this.db): Promise<number> {
    const r = await tx.deleteFrom('access_token').where('user_type', '=', userType).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Ends the user's opaque tokens except one (the one presenting a password change). */
  async deleteForUserExcept(userType: number, userId: number, keepTokenId: number): Promise<number> {
    const r = await this.db.deleteFrom('access_token').where('user_type', '=', userType).where('user_id', '=', userId).where('token_id', '<>', keepTokenId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Rows whose customer or admin was deleted: they already resolve to nobody; this keeps the table small. */
  async deleteOrphans(): Promise<number> {
    const customers = await this.db
      .deleteFrom('access_token')
      .where('user_type', '=', USER_TYPE_CUSTOMER)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('customer_entity as c').select('c.entity_id').whereRef('c.entity_id', '=', 'access_token.user_id'))))
      .executeTakeFirst();
    const admins = await this.db
      .deleteFrom('access_token')
      .where('user_type', '=', USER_TYPE_ADMIN)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('admin_user as a').select('a.user_id').whereRef('a.user_id', '=', 'access_token.user_id'))))
      .executeTakeFirst();
    return Number(customers.numDeletedRows) + Number(admins.numDeletedRows);
  }

  async deleteExpired(now: number): Promise<number> {
    const r = await this.db.deleteFrom('access_token').where('expires_at', 'is not', null).where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** The instant (epoch seconds) before which the user's JWTs are void; -1 when never revoked. */
  async revokedBefore(userType: number, userId: number): Promise<number> {
    const row = await this.db
      .selectFrom('jwt_auth_revoked')
      .select('revoke_before')
      .where('user_type_id', '=', userType)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? Number(row.revoke_before) : -1;
  }

  /**
   * Moves the user's revocation mark forward, in one statement: to `now`, and always at least one
   * past the old mark. A JWT is dated after the mark it saw (token-service.ts), so every
   * revocation passes every token issued before it, even several in one second: the mark is a
   * logical clock that cannot tie, not a wall-clock second.
   */
  async revokeBefore(userType: number, userId: number, now: number): Promise<void> {
    const update = this.traits.onConflictUpdate('jwt_auth_revoked', ['user_type_id', 'user_id'], (existing) => sql`revoke_before = ${this.traits.greatest(sql`${existing('revoke_before')} + 1`, now)}`);
    await sql`INSERT INTO jwt_auth_revoked (user_type_id, user_id, revoke_before) VALUES (${userType}, ${userId}, ${now}) ${update}`.execute(this.db);
  }

  /** Opaque tokens neither revoked nor expired at `now` (the admin dashboard). */
  async countActive(now: number): Promise<number> {
    const row = await this.db
      .selectFrom('access_token')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('revoked', '=', 0)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
