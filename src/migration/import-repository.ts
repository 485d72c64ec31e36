// Keyfront's side of an import: the rows an import compares against and writes, in batches.
// Ids are written as given (Magento's), so the sequences of PostgreSQL are moved past them after.
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { Repository } from '../db/repository.ts';
import { raiseConfigVersion } from '../settings/repository.ts';
import type { CustomerAddressEntityTable, CustomerEntityTable, Tables } from '../db/schema.ts';

type Db = Kysely<Tables> | Transaction<Tables>;
export type CustomerRecord = Omit<CustomerEntityTable, 'entity_id'> & { entity_id: number };
export type AddressRecord = Omit<CustomerAddressEntityTable, 'entity_id'> & { entity_id: number };
export type ScopeTable = 'store_website' | 'store_group' | 'store' | 'customer_group' | 'tax_class' | 'admin_user';
export const ID_COLUMN: Record<ScopeTable, string> = {
  store_website: 'website_id',
  store_group: 'group_id',
  store: 'store_id',
  customer_group: 'customer_group_id',
  tax_class: 'class_id',
  admin_user: 'user_id',
};

/** Rows per INSERT: PostgreSQL allows 65,535 parameters, SQLite 32,766; a customer row has 31. */
const INSERT_CHUNK = 500;

export class ImportRepository extends Repository {
  transaction<T>(work: (tx: Transaction<Tables>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /** Every row of a small table (scopes, groups, tax classes, admin users), keyed by id. */
  async rowsById(table: ScopeTable, db: Db = this.db): Promise<Map<number, Record<string, unknown>>> {
    const rows = (await (db as Kysely<any>).selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    return new Map(rows.map((r) => [Number(r[ID_COLUMN[table]]), r]));
  }

  async insertRow(tx: Db, table: ScopeTable, row: Record<string, unknown>): Promise<void> {
    await (tx as Kysely<any>).insertInto(table).values(row).execute();
  }

  async updateRow(tx: Db, table: ScopeTable, id: number, fields: Record<string, unknown>): Promise<void> {
    await (tx as Kysely<any>).updateTable(table).set(fields).where(ID_COLUMN[table], '=', id).execute();
  }

  async configRows(paths: readonly string[], db: Db = this.db) {
    if (paths.length === 0) return [];
    return db.selectFrom('core_config_data').select(['scope', 'scope_id', 'path', 'value']).where('path', 'in', paths).execute();
  }

  async insertConfig(tx: Db, row: { scope: string; scope_id: number; path: string; value: string | null }): Promise<void> {
    await tx.insertInto('core_config_data').values(row).execute();
    await raiseConfigVersion(tx);
  }

  async updateConfig(tx: Db, row: { scope: string; scope_id: number; path: string; value: string | null }): Promise<void> {
    await tx.updateTable('core_config_data').set({ value: row.value }).where('scope', '=', row.scope).where('scope_id', '=', row.scope_id).where('path', '=', row.path).execute();
    await raiseConfigVersion(tx);
  }

  async rolesByName(db: Db = this.db): Promise<Map<string, { id: number; resources: string[] }>> {
    const rows = await db.selectFrom('authorization_role as r').leftJoin('authorization_rule as u', 'u.role_id', 'r.role_id').select(['r.role_id', 'r.role_name', 'u.resource_id']).execute();
    const out = new Map<string, { id: number; resources: string[] }>();
    for (const r of rows) {
      const entry = out.get(r.role_name) ?? { id: r.role_id, resources: [] };
      if (r.resource_id) entry.resources.push(r.resource_id);
      out.set(r.role_name, entry);
    }
    return out;
  }

  async saveRole(tx: Db, name: string, resources: string[], existingId: number | undefined): Promise<number> {
    const id = existingId ?? (await this.traits.insertReturningId(tx.insertInto('authorization_role').values({ role_name: name }), 'role_id'));
    await tx.deleteFrom('authorization_rule').where('role_id', '=', id).execute();
    await tx.insertInto('authorization_rule').values(resources.map((resource_id) => ({ role_id: id, resource_id }))).execute();
    return id;
  }

  async adminRoles(db: Db = this.db): Promise<Map<number, number>> {
    const rows = await db.selectFrom('admin_user_role').select(['user_id', 'role_id']).execute();
    return new Map(rows.map((r) => [r.user_id, r.role_id]));
  }

  /** null: the admin holds every resource (no row). */
  async setAdminRole(tx: Db, userId: number, roleId: number | null): Promise<void> {
    await tx.deleteFrom('admin_user_role').where('user_id', '=', userId).execute();
    if (roleId !== null) await tx.insertInto('admin_user_role').values({ user_id: userId, role_id: roleId }).execute();
  }

  async customersByIds(ids: number[], db: Db = this.db): Promise<CustomerRecord[]> {
    if (ids.length === 0) return [];
    return (await db.selectFrom('customer_entity').selectAll().where('entity_id', 'in', ids).execute()) as CustomerRecord[];
  }

  /** Customers holding any of these normalized emails: the per-website uniqueness check. */
  async emailOwners(emails: string[], db: Db = this.db): Promise<Array<{ entity_id: number; email_normalized: string; website_id: number }>> {
    if (emails.length === 0) return [];
    return db.selectFrom('customer_entity').select(['entity_id', 'email_normalized', 'website_id']).where('email_normalized', 'in', [...new Set(emails)]).execute();
  }

  /** Addresses of these customers, and any address holding one of these ids. */
  async addresses(customerIds: number[], addressIds: number[], db: Db = this.db): Promise<AddressRecord[]> {
    if (customerIds.length === 0 && addressIds.length === 0) return [];
    return (await db
      .selectFrom('customer_address_entity')
      .selectAll()
      .where((eb) => eb.or([...(customerIds.length ? [eb('parent_id', 'in', customerIds)] : []), ...(addressIds.length ? [eb('entity_id', 'in', addressIds)] : [])]))
      .execute()) as AddressRecord[];
  }

  async insertCustomers(tx: Db, rows: CustomerRecord[]): Promise<void> {
    await this.insertMany(tx, 'customer_entity', rows);
  }

  /**
   * Multi-row INSERTs compiled here rather than by Kysely's builder: with a thousand rows of thirty
   * columns, building and compiling the query tree cost more CPU than the database's own insert.
   * Every row must have the same keys as the first; values are bound as parameters.
   */
  private async insertMany(tx: Db, table: 'customer_entity' | 'customer_address_entity', rows: Array<Record<string, unknown>>): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]);
    const quote = (name: string) => this.traits.quoteId(name);
    const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (const row of chunk) {
        const marks: string[] = [];
        for (const column of columns) {
          params.push(row[column] ?? null);
          marks.push(this.traits.parameter(params.length));
        }
        tuples.push(`(${marks.join(', ')})`);
      }
      await tx.executeQuery(CompiledQuery.raw(head + tuples.join(', '), params));
    }
  }

  async updateCustomer(tx: Db, id: number, fields: Partial<CustomerRecord>): Promise<void> {
    await tx.updateTable('customer_entity').set(fields).where('entity_id', '=', id).execute();
  }

  async insertAddresses(tx: Db, rows: AddressRecord[]): Promise<void> {
    await this.insertMany(tx, 'customer_address_entity', rows);
  }

  async updateAddress(tx: Db, id: number, fields: Partial<AddressRecord>): Promise<void> {
    await tx.updateTable('customer_address_entity').set(fields).where('entity_id', '=', id).execute();
  }

  /** Deletes addresses; a default billing/shipping that pointed at one becomes unset (as Magento's Address\DeleteRelation). */
  async deleteAddresses(tx: Db, ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.deleteFrom('customer_address_entity').where('entity_id', 'in', ids).execute();
    await tx.updateTable('customer_entity').set({ default_billing: null }).where('default_billing', 'in', ids).execute();
    await tx.updateTable('customer_entity').set({ default_shipping: null }).where('default_shipping', 'in', ids).execute();
  }

  /**
   * PostgreSQL's serial sequences do not follow explicitly written ids: move them past the largest
   * id, so rows Keyfront creates later never collide with imported ones. (MySQL's AUTO_INCREMENT
   * and SQLite's rowid follow the largest id by themselves.)
   */
  async resetSequences(): Promise<void> {
    if (!this.traits.sequencesIgnoreExplicitIds) return;
    for (const [table, column] of [['customer_entity', 'entity_id'], ['customer_address_entity', 'entity_id'], ['admin_user', 'user_id'], ['authorization_role', 'role_id'], ['core_config_data', 'config_id']] as const) {
      await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}), GREATEST((SELECT COALESCE(MAX(${sql.ref(column)}), 0) FROM ${sql.table(table)}), 1), (SELECT COUNT(*) > 0 FROM ${sql.table(table)}))`.execute(this.db);
    }
  }

  async watermark(source: string): Promise<string | null> {
    const row = await this.db.selectFrom('magento_import_state').select('watermark').where('source', '=', source).executeTakeFirst();
    return row?.watermark ?? null;
  }

  async saveWatermark(source: string, watermark: string, finishedAt: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('magento_import_state').where('source', '=', source).execute();
      await tx.insertInto('magento_import_state').values({ source, watermark, finished_at: finishedAt }).execute();
    });
  }
}

/** Reads for export and CSV import: keyset pages and id ceilings. */
export class ExportReads extends Repository {
  async customersAfter(afterId: number, limit: number): Promise<CustomerRecord[]> {
    return (await this.db.selectFrom('customer_entity').selectAll().where('entity_id', '>', afterId).orderBy('entity_id').limit(limit).execute()) as CustomerRecord[];
  }

  async addressesOf(customerIds: number[]): Promise<AddressRecord[]> {
    if (customerIds.length === 0) return [];
    return (await this.db.selectFrom('customer_address_entity').selectAll().where('parent_id', 'in', customerIds).orderBy('entity_id').execute()) as AddressRecord[];
  }

  /** Custom attribute JSON of customers (or addresses) after an id, for collecting the export's columns. */
  async customAttributesAfter(table: 'customer_entity' | 'customer_address_entity', afterId: number, limit: number): Promise<Array<{ entity_id: number; custom_attributes: string | null }>> {
    return (await (this.db as Kysely<any>).selectFrom(table).select(['entity_id', 'custom_attributes']).where('entity_id', '>', afterId).orderBy('entity_id').limit(limit).execute()) as Array<{ entity_id: number; custom_attributes: string | null }>;
  }

  async maxId(table: 'customer_entity' | 'customer_address_entity'): Promise<number> {
    const row = (await (this.db as Kysely<any>).selectFrom(table).select((eb: any) => eb.fn.max('entity_id').as('max')).executeTakeFirst()) as { max: unknown } | undefined;
    return Number(row?.max ?? 0);
  }

  async countCustomers(): Promise<number> {
    const row = await this.db.selectFrom('customer_entity').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async scopeCodes(): Promise<{ websites: Map<number, string>; stores: Map<number, string> }> {
    const [w, s] = await Promise.all([this.db.selectFrom('store_website').select(['website_id', 'code']).execute(), this.db.selectFrom('store').select(['store_id', 'code', 'website_id']).execute()]);
    return { websites: new Map(w.map((r) => [r.website_id, r.code])), stores: new Map(s.map((r) => [r.store_id, r.code])) };
  }
}
