// A bearer token's owner and, when it is a customer, the customer with the address book, in one
// statement: GET /V1/customers/me and GraphQL's `customer` cost one round trip instead of two (on
// PostgreSQL each round trip was about a third of the request's CPU). Every row is read fresh, so a
// revoked token, a disabled or deleted customer is seen at once by every process.
import type { OwnerState, TokenOwnerRow } from '../auth/token-repository.ts';
import { USER_TYPE_ADMIN, USER_TYPE_CUSTOMER } from '../auth/principal.ts';
import type { Database } from '../db/database.ts';
import type { ExpressionBuilder } from 'kysely';
import { preparedQuery } from '../db/prepared.ts';
import { Repository } from '../db/repository.ts';
import type { SessionRow } from '../sessions/session-repository.ts';
import type { Customer } from './model.ts';
import { ADDRESS_COLUMNS, customerFromJoinedRows } from './repository.ts';

export interface OwnerWithCustomer<Owner> {
  owner: Owner | undefined;
  /** The token's customer (null: not a customer token, or no such customer). */
  customer: Customer | null;
}

// The token row's columns under token_* names (customer_entity has created_at too).
const TOKEN_COLUMNS = ['t.token_id as token_id', 't.user_type as token_user_type', 't.user_id as token_user_id', 't.created_at as token_created_at', 't.expires_at as token_expires_at', 't.revoked as token_revoked', 'u.is_active as admin_is_active'] as const;

const joinedAddressColumns = (eb: ExpressionBuilder<any, any>) => ADDRESS_COLUMNS.map((column) => eb.ref(`a.${column}`).as(`address_${column}`));

type OwnerCustomer = { website_id: number; store_id: number; group_id: number; is_active: number };

/** TokenRepository's owner row from a joined row's token_* columns and the owning customer's state. */
function tokenOwner(first: Record<string, any>, customer: OwnerCustomer | null): TokenOwnerRow {
  return {
    token_id: first.token_id,
    user_type: first.token_user_type,
    user_id: first.token_user_id,
    created_at: first.token_created_at,
    expires_at: first.token_expires_at,
    revoked: first.token_revoked,
    customer_website_id: customer?.website_id ?? null,
    customer_store_id: customer?.store_id ?? null,
    customer_group_id: customer?.group_id ?? null,
    customer_is_active: customer?.is_active ?? null,
    admin_is_active: first.admin_is_active,
  };
}

export class SignedInRepository extends Repository {
  private readonly byTokenQuery;
  private readonly jwtCustomerQuery;
  private readonly byAdminTokenQuery;
  private readonly bySessionQuery;

  constructor(database: Database) {
    super(database);
    const db = database.db;
    // The token row's columns under token_* names (customer_entity has created_at too), then the
    // customer's own columns, then each address's as address_* (one row per address).
    this.byTokenQuery = preparedQuery(db, 1, (tokenHash: string) =>
      db
        .selectFrom('access_token as t')
        .leftJoin('customer_entity as c', (j) => j.onRef('c.entity_id', '=', 't.user_id').on('t.user_type', '=', USER_TYPE_CUSTOMER))
        .leftJoin('admin_user as u', (j) => j.onRef('u.user_id', '=', 't.user_id').on('t.user_type', '=', USER_TYPE_ADMIN))
        .leftJoin('customer_address_entity as a', 'a.parent_id', 'c.entity_id')
        .select(TOKEN_COLUMNS)
        .selectAll('c')
        .select(joinedAddressColumns)
        .where('t.token_hash', '=', tokenHash)
        .orderBy('a.entity_id'),
    );
    // An admin reading one customer (GET /V1/customers/:id): the token's owner state as above (`o`:
    // a customer owner's columns, for a customer token that names the route), and the customer
    // asked for with its addresses, joined only for an admin token.
    this.byAdminTokenQuery = preparedQuery(db, 2, (tokenHash: string, customerId: number) =>
      db
        .selectFrom('access_token as t')
        .leftJoin('customer_entity as o', (j) => j.onRef('o.entity_id', '=', 't.user_id').on('t.user_type', '=', USER_TYPE_CUSTOMER))
        .leftJoin('admin_user as u', (j) => j.onRef('u.user_id', '=', 't.user_id').on('t.user_type', '=', USER_TYPE_ADMIN))
        .leftJoin('customer_entity as c', (j) => j.on('c.entity_id', '=', customerId).on('t.user_type', '=', USER_TYPE_ADMIN))
        .leftJoin('customer_address_entity as a', 'a.parent_id', 'c.entity_id')
        .select(TOKEN_COLUMNS)
        .select(['o.website_id as owner_website_id', 'o.store_id as owner_store_id', 'o.group_id as owner_group_id', 'o.is_active as owner_is_active'])
        .selectAll('c')
        .select(joinedAddressColumns)
        .where('t.token_hash', '=', tokenHash)
        .orderBy('a.entity_id'),
    );
    // A storefront session and its signed-in customer (the session's columns under session_* names).
    this.bySessionQuery = preparedQuery(db, 1, (sessionHash: string) =>
      db
        .selectFrom('storefront_session as s')
        .leftJoin('customer_entity as c', 'c.entity_id', 's.customer_id')
        .leftJoin('customer_address_entity as a', 'a.parent_id', 'c.entity_id')
        .select(['s.session_hash as session_hash', 's.customer_id as session_customer_id', 's.website_id as session_website_id', 's.form_key as session_form_key', 's.flash as session_flash', 's.created_at as session_created_at', 's.expires_at as session_expires_at'])
        .selectAll('c')
        .select(joinedAddressColumns)
        .where('s.session_hash', '=', sessionHash)
        .orderBy('a.entity_id'),
    );
    this.jwtCustomerQuery = preparedQuery(db, 2, (customerId: number, kid: string) =>
      db
        .selectFrom('customer_entity as c')
        .leftJoin('jwt_auth_revoked as r', (j) => j.on('r.user_type_id', '=', USER_TYPE_CUSTOMER).onRef('r.user_id', '=', 'c.entity_id'))
        .leftJoin('jwt_signing_key as k', (j) => j.on('k.kid', '=', kid))
        .leftJoin('customer_address_entity as a', 'a.parent_id', 'c.entity_id')
        .select(['r.revoke_before as jwt_revoke_before', 'k.retire_at as jwt_key_retire_at'])
        .select((eb) => eb.case().when('k.kid', 'is not', null).then(1).else(0).end().as('jwt_key_found'))
        .selectAll('c')
        .select(joinedAddressColumns)
        .where('c.entity_id', '=', customerId)
        .orderBy('a.entity_id'),
    );
  }

  /** An opaque token's row and owner state (as TokenRepository.findWithOwner), with its customer. */
  async byToken(tokenHash: string): Promise<OwnerWithCustomer<TokenOwnerRow>> {
    const rows = (await this.byTokenQuery(tokenHash)) as unknown as Record<string, any>[];
    if (rows.length === 0) return { owner: undefined, customer: null };
    const first = rows[0];
    const customer = first.entity_id === null ? null : customerFromJoinedRows(rows);
    const owner = tokenOwner(first, customer === null ? null : { website_id: first.website_id, store_id: first.store_id, group_id: first.group_id, is_active: first.is_active });
    return { owner, customer };
  }

  /** An opaque token's row and owner state, with customer `customerId` when the token is an admin's. */
  async byAdminToken(tokenHash: string, customerId: number): Promise<OwnerWithCustomer<TokenOwnerRow>> {
    const rows = (await this.byAdminTokenQuery(tokenHash, customerId)) as unknown as Record<string, any>[];
    if (rows.length === 0) return { owner: undefined, customer: null };
    const first = rows[0];
    const owner = tokenOwner(first, first.owner_website_id === null ? null : { website_id: first.owner_website_id, store_id: first.owner_store_id, group_id: first.owner_group_id, is_active: first.owner_is_active });
    return { owner, customer: first.entity_id === null ? null : customerFromJoinedRows(rows) };
  }

  /** A storefront session's row, with its signed-in customer. */
  async bySession(sessionHash: string): Promise<OwnerWithCustomer<SessionRow>> {
    const rows = (await this.bySessionQuery(sessionHash)) as unknown as Record<string, any>[];
    if (rows.length === 0) return { owner: undefined, customer: null };
    const first = rows[0];
    const session: SessionRow = {
      session_hash: first.session_hash,
      customer_id: first.session_customer_id,
      website_id: first.session_website_id,
      form_key: first.session_form_key,
      flash: first.session_flash,
      created_at: first.session_created_at,
      expires_at: first.session_expires_at,
    };
    return { owner: session, customer: first.entity_id === null ? null : customerFromJoinedRows(rows) };
  }

  /** A JWT customer's state and the token key's (as TokenRepository.ownerState), with the customer. */
  async jwtCustomer(customerId: number, kid: string): Promise<OwnerWithCustomer<OwnerState>> {
    const rows = (await this.jwtCustomerQuery(customerId, kid)) as unknown as Record<string, any>[];
    if (rows.length === 0) return { owner: undefined, customer: null };
    const first = rows[0];
    const owner: OwnerState = {
      is_active: first.is_active,
      website_id: first.website_id,
      store_id: first.store_id,
      group_id: first.group_id,
      revoke_before: first.jwt_revoke_before === null ? -1 : Number(first.jwt_revoke_before),
      key_found: first.jwt_key_found,
      key_retire_at: first.jwt_key_retire_at,
    };
    return { owner, customer: customerFromJoinedRows(rows) };
  }
}
