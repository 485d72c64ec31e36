// Customer and address rows (Kysely only). Look-ups that serve a customer's own requests take the
// owner id and filter by it, so a row somebody else owns is simply "not found".
import type { Selectable } from 'kysely';
import type { Database, Executor } from '../db/database.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { CustomerAddressEntityTable, CustomerEntityTable } from '../db/schema.ts';
import type { Address, Customer } from './model.ts';
import { Repository } from '../db/repository.ts';

export type Db = Executor;
export type CustomerRow = Selectable<CustomerEntityTable>;
export type AddressRow = Selectable<CustomerAddressEntityTable>;
export type NewCustomerRow = Omit<CustomerRow, 'entity_id'>;
export type NewAddressRow = Omit<AddressRow, 'entity_id'>;
export type LockoutFields = Pick<NewCustomerRow, 'failures_num' | 'first_failure' | 'lock_expires'>;

/** The columns of a new customer that no caller chooses: no reset link, no lock, no default addresses yet. */
const NEW_CUSTOMER_DEFAULTS = {
  is_active: 1,
  rp_token: null,
  rp_token_created_at: null,
  default_billing: null,
  default_shipping: null,
  failures_num: 0,
  first_failure: null,
  lock_expires: null,
} satisfies Partial<NewCustomerRow>;
export type NewCustomerFields = Omit<NewCustomerRow, keyof typeof NEW_CUSTOMER_DEFAULTS> & Partial<Pick<NewCustomerRow, keyof typeof NEW_CUSTOMER_DEFAULTS>>;

export class CustomerRepository extends Repository {
  // The customer read behind GET /V1/customers/me and /V1/customers/:id, compiled once (db/prepared.ts).
  private readonly rowByIdQuery;
  private readonly addressRowsQuery;
  private readonly withAddressesQuery;

  constructor(database: Database) {
    super(database);
    const db = database.db;
    this.rowByIdQuery = preparedQuery(db, 1, (id: number) => db.selectFrom('customer_entity').selectAll().where('entity_id', '=', id));
    this.addressRowsQuery = preparedQuery(db, 1, (customerId: number) =>
      db.selectFrom('customer_address_entity').selectAll().where('parent_id', '=', customerId).orderBy('entity_id'),
    );
    // One round trip for a customer and the address book: a row per address (or one with null
    // address columns), address columns prefixed `address_`. On PostgreSQL each round trip was
    // about a third of the request's cost.
    this.withAddressesQuery = preparedQuery(db, 1, (id: number) =>
      db
        .selectFrom('customer_entity as c')
        .leftJoin('customer_address_entity as a', 'a.parent_id', 'c.entity_id')
        .selectAll('c')
        .select((eb) => ADDRESS_COLUMNS.map((column) => eb.ref(`a.${column}` as 'a.entity_id').as(`address_${column}`)))
        .where('c.entity_id', '=', id)
        .orderBy('a.entity_id'),
    );
  }

  async findRowById(id: number, db: Db = this.db): Promise<CustomerRow | undefined> {
    if (db === this.db) return (await this.rowByIdQuery(id))[0];
    return db.selectFrom('customer_entity').selectAll().where('entity_id', '=', id).executeTakeFirst();
  }

  /** By email within a website, or across all websites when `websiteId` is null (global sharing). */
  async findRowsByEmail(email: string, websiteId: number | null, db: Db = this.db): Promise<CustomerRow[]> {
    let q = db.selectFrom('customer_entity').selectAll().where('email_normalized', '=', normalizeEmail(email));
    if (websiteId !== null) q = q.where('website_id', '=', websiteId);
    return q.orderBy('entity_id').execute();
  }

  async addressRows(customerId: number, db: Db = this.db): Promise<AddressRow[]> {
    if (db === this.db) return this.addressRowsQuery(customerId);
    return db.selectFrom('customer_address_entity').selectAll().where('parent_id', '=', customerId).orderBy('entity_id').execute();
  }

  async findById(id: number, db: Db = this.db): Promise<Customer | null> {
    if (db === this.db) {
      const rows = (await this.withAddressesQuery(id)) as unknown as Record<string, unknown>[];
      return rows.length === 0 ? null : customerFromJoinedRows(rows);
    }
    const row = await this.findRowById(id, db);
    if (!row) return null;
    return toCustomer(row, await this.addressRows(id, db));
  }

  async insertCustomer(tx: Db | undefined, fields: NewCustomerFields): Promise<number> {
    return this.traits.insertReturningId((tx ?? this.db).insertInto('customer_entity').values({ ...NEW_CUSTOMER_DEFAULTS, ...fields }), 'entity_id');
  }

  async updateCustomer(tx: Db | undefined, id: number, fields: Partial<NewCustomerRow>): Promise<void> {
    await (tx ?? this.db).updateTable('customer_entity').set(fields).where('entity_id', '=', id).execute();
  }

  async insertAddress(tx: Db | undefined, row: NewAddressRow): Promise<number> {
    return this.traits.insertReturningId((tx ?? this.db).insertInto('customer_address_entity').values(row), 'entity_id');
  }

  async updateAddress(tx: Db | undefined, id: number, customerId: number, fields: Partial<NewAddressRow>): Promise<void> {
    await (tx ?? this.db).updateTable('customer_address_entity').set(fields).where('entity_id', '=', id).where('parent_id', '=', customerId).execute();
  }

  async deleteAddresses(tx: Db | undefined, customerId: number, keepIds: number[]): Promise<void> {
    let q = (tx ?? this.db).deleteFrom('customer_address_entity').where('parent_id', '=', customerId);
    if (keepIds.length > 0) q = q.where('entity_id', 'not in', keepIds);
    await q.execute();
  }

  /** The customer with its addresses (its tokens are the token repository's, deleted in the same transaction). */
  async deleteCustomer(tx: Db | undefined, id: number): Promise<void> {
    await (tx ?? this.db).deleteFrom('customer_address_entity').where('parent_id', '=', id).execute();
    await (tx ?? this.db).deleteFrom('customer_entity').where('entity_id', '=', id).execute();
  }

  async findAddressRow(id: number, db: Db = this.db): Promise<AddressRow | undefined> {
    return db.selectFrom('customer_address_entity').selectAll().where('entity_id', '=', id).executeTakeFirst();
  }

  /** Deletes one address; a default billing/shipping that pointed at it becomes unset (Address\DeleteRelation). */
  async deleteAddress(tx: Db | undefined, address: AddressRow): Promise<void> {
    await (tx ?? this.db).deleteFrom('customer_address_entity').where('entity_id', '=', address.entity_id).execute();
    await (tx ?? this.db).updateTable('customer_entity').set({ default_billing: null }).where('entity_id', '=', address.parent_id).where('default_billing', '=', address.entity_id).execute();
    await (tx ?? this.db).updateTable('customer_entity').set({ default_shipping: null }).where('entity_id', '=', address.parent_id).where('default_shipping', '=', address.entity_id).execute();
  }

  /** The store views whose customers sit in this group (to move them to their store's default group). */
  async storesOfGroupMembers(tx: Db | undefined, groupId: number): Promise<number[]> {
    const rows = await (tx ?? this.db).selectFrom('customer_entity').select('store_id').distinct().where('group_id', '=', groupId).execute();
    return rows.map((r) => r.store_id);
  }

  /** Moves a group's customers (of one store view, or all when storeId is null) to another group. */
  async moveGroupMembers(tx: Db | undefined, fromGroup: number, storeId: number | null, toGroup: number, now: string): Promise<void> {
    let q = (tx ?? this.db).updateTable('customer_entity').set({ group_id: toGroup, updated_at: now }).where('group_id', '=', fromGroup);
    if (storeId !== null) q = q.where('store_id', '=', storeId);
    await q.execute();
  }

  /** Whether some normalized email is held by more than one account (Customer resource findEmailDuplicates). */
  async hasDuplicateEmails(tx: Db): Promise<boolean> {
    const row = await tx.selectFrom('customer_entity').select('email_normalized').groupBy('email_normalized').having((eb) => eb.fn.countAll(), '>', 1).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** Every account's email scope (migration 0008): 0 under global sharing, else its website. */
  async rescopeEmails(tx: Db, global: boolean): Promise<void> {
    await tx.updateTable('customer_entity').set((eb) => ({ email_scope: global ? 0 : eb.ref('website_id') })).execute();
  }

  /** Customers holding this reset-token hash: at most two, enough to tell "one" from "ambiguous". */
  async findRowsByResetTokenHash(hash: string): Promise<CustomerRow[]> {
    return this.db.selectFrom('customer_entity').selectAll().where('rp_token', '=', hash).limit(2).execute();
  }

  /**
   * Counts one password check against the lockout *before* it runs, atomically (the row is locked
   * for the read and the write, on SQLite the one connection is), so parallel guesses cannot all
   * read the same count. `next` computes the new counters from the row as it is now; the answer is
   * the row as read (null: no such customer) and the counters written (null: nothing counted).
   */
  async countCheck(
    id: number,
    next: (row: CustomerRow) => LockoutFields | null,
  ): Promise<{ row: CustomerRow; written: LockoutFields | null } | null> {
    return this.db.transaction().execute(async (tx) => {
      let query = tx.selectFrom('customer_entity').selectAll().where('entity_id', '=', id);
      if (this.traits.rowLocks) query = query.forUpdate();
      const row = await query.executeTakeFirst();
      if (!row) return null;
      const written = next(row);
      if (written) await tx.updateTable('customer_entity').set(written).where('entity_id', '=', id).execute();
      return { row, written };
    });
  }

  /** Clears the lockout counters after a right password, unless they are clear already. */
  async clearFailures(id: number): Promise<void> {
    await this.db
      .updateTable('customer_entity')
      .set({ failures_num: 0, first_failure: null, lock_expires: null })
      .where('entity_id', '=', id)
      .where((eb) => eb.or([eb('failures_num', '!=', 0), eb('first_failure', 'is not', null), eb('lock_expires', 'is not', null)]))
      .execute();
  }

  /**
   * A password reset that consumes its token: written only while the row still holds this token
   * hash, so of two resets with one token exactly one changes the password. Answers whether it did.
   */
  async consumeResetToken(tx: Db | undefined, id: number, tokenHash: string, fields: Partial<NewCustomerRow>): Promise<boolean> {
    const result = await (tx ?? this.db)
      .updateTable('customer_entity')
      .set({ ...fields, rp_token: null, rp_token_created_at: null })
      .where('entity_id', '=', id)
      .where('rp_token', '=', tokenHash)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Which of these customers are locked at `now` (a formatted date-time: they compare as text). */
  async lockedAmong(ids: readonly number[], now: string): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('customer_entity').select('entity_id').where('entity_id', 'in', [...ids]).where('lock_expires', '>', now).execute();
    return rows.map((r) => r.entity_id);
  }

  async countLocked(now: string): Promise<number> {
    const row = await this.db.selectFrom('customer_entity').select((eb) => eb.fn.countAll<number>().as('n')).where('lock_expires', '>', now).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}

/** Every address column: `satisfies` makes a column added to the table type fail to compile until listed. */
const ADDRESS_COLUMN_SET = {
  entity_id: true,
  parent_id: true,
  created_at: true,
  updated_at: true,
  is_active: true,
  city: true,
  company: true,
  country_id: true,
  fax: true,
  firstname: true,
  lastname: true,
  middlename: true,
  postcode: true,
  prefix: true,
  region: true,
  region_id: true,
  street: true,
  suffix: true,
  telephone: true,
  vat_id: true,
  custom_attributes: true,
} satisfies Record<keyof AddressRow, true>;
export const ADDRESS_COLUMNS = Object.keys(ADDRESS_COLUMN_SET) as (keyof AddressRow)[];

/**
 * A customer from the rows of a join with its addresses: the customer's own columns under their
 * names (toCustomer reads only those), each address's prefixed `address_`, one row per address
 * (a single row with null address columns when it has none).
 */
export function customerFromJoinedRows(rows: readonly Record<string, unknown>[]): Customer {
  const addresses = rows[0].address_entity_id === null ? [] : rows.map(addressFromJoined);
  return toCustomer(rows[0] as unknown as CustomerRow, addresses);
}

// Built once: making the prefixed names per field and row was a visible share of GET /V1/customers/me.
const PREFIXED_ADDRESS_COLUMNS = ADDRESS_COLUMNS.map((column) => [column, `address_${column}`] as const);

function addressFromJoined(row: Record<string, unknown>): AddressRow {
  const address: Record<string, unknown> = {};
  for (const [column, prefixed] of PREFIXED_ADDRESS_COLUMNS) address[column] = row[prefixed];
  return address as unknown as AddressRow;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toCustomer(row: CustomerRow, addressRows: AddressRow[]): Customer {
  return {
    id: row.entity_id,
    groupId: row.group_id,
    defaultBilling: row.default_billing,
    defaultShipping: row.default_shipping,
    confirmation: row.confirmation,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdIn: row.created_in,
    dob: row.dob,
    email: row.email,
    firstname: row.firstname,
    lastname: row.lastname,
    middlename: row.middlename,
    prefix: row.prefix,
    suffix: row.suffix,
    gender: row.gender,
    storeId: row.store_id,
    taxvat: row.taxvat,
    websiteId: row.website_id,
    addresses: addressRows.map((a) => toAddress(a, row)),
    disableAutoGroupChange: row.disable_auto_group_change,
    isSubscribed: row.is_subscribed === 1,
    isActive: row.is_active === 1,
    customAttributes: parseJson(row.custom_attributes),
    lockExpires: row.lock_expires,
  };
}

export function toAddress(row: AddressRow, customer: Pick<CustomerRow, 'default_billing' | 'default_shipping'>): Address {
  return {
    id: row.entity_id,
    customerId: row.parent_id,
    region: { regionCode: null, region: row.region, regionId: row.region_id },
    regionId: row.region_id,
    countryId: row.country_id,
    street: row.street.split('\n'),
    company: row.company,
    telephone: row.telephone,
    fax: row.fax,
    postcode: row.postcode,
    city: row.city,
    firstname: row.firstname,
    lastname: row.lastname,
    middlename: row.middlename,
    prefix: row.prefix,
    suffix: row.suffix,
    vatId: row.vat_id,
    defaultShipping: customer.default_shipping === row.entity_id,
    defaultBilling: customer.default_billing === row.entity_id,
    customAttributes: parseJson(row.custom_attributes),
  };
}

function parseJson(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
