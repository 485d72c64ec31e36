// Customer groups and tax classes (Kysely only).
import { sql, type Kysely } from 'kysely';
import type { Executor } from '../db/database.ts';
import { orderFor, whereFor, type SearchFields } from '../db/search-query.ts';
import { pageWindow, type SearchCriteria } from '../lib/search-criteria.ts';
import { Repository } from '../db/repository.ts';

export interface Group {
  id: number;
  code: string;
  taxClassId: number;
  taxClassName: string | null;
}

export interface TaxClass {
  id: number;
  name: string;
  type: string;
}

/** GroupRepository::translateField: what a group search may filter and sort on. */
export const GROUP_SEARCH_FIELDS: SearchFields = {
  id: { expr: sql.ref('g.customer_group_id'), type: 'int' },
  code: { expr: sql.ref('g.customer_group_code'), type: 'text' },
  tax_class_id: { expr: sql.ref('g.tax_class_id'), type: 'int' },
  tax_class_name: { expr: sql.ref('t.class_name'), type: 'text' },
};
export const GROUP_SEARCH_FIELD_NAMES: ReadonlySet<string> = new Set(Object.keys(GROUP_SEARCH_FIELDS));

type Db = Executor;

/** Magento's default customer groups (tax class 3, "Retail Customer"), created at setup. */
const DEFAULT_GROUPS = [
  { customer_group_id: 0, customer_group_code: 'NOT LOGGED IN', tax_class_id: 3 },
  { customer_group_id: 1, customer_group_code: 'General', tax_class_id: 3 },
  { customer_group_id: 2, customer_group_code: 'Wholesale', tax_class_id: 3 },
  { customer_group_id: 3, customer_group_code: 'Retailer', tax_class_id: 3 },
];

export class GroupRepository extends Repository {
  /** bin/keyfront setup:upgrade: the default groups, once. */
  async ensureDefaults(): Promise<void> {
    const existing = await this.db.selectFrom('customer_group').select('customer_group_id').execute();
    if (existing.length === 0) await this.db.insertInto('customer_group').values(DEFAULT_GROUPS).execute();
  }

  private select(db: Db) {
    return db
      .selectFrom('customer_group as g')
      .leftJoin('tax_class as t', 't.class_id', 'g.tax_class_id')
      .select(['g.customer_group_id as id', 'g.customer_group_code as code', 'g.tax_class_id as taxClassId', 't.class_name as taxClassName']);
  }

  async findById(id: number, db: Db = this.db): Promise<Group | undefined> {
    return this.select(db).where('g.customer_group_id', '=', id).executeTakeFirst();
  }

  async findByCode(code: string, db: Db = this.db): Promise<Group | undefined> {
    return this.select(db).where('g.customer_group_code', '=', code).executeTakeFirst();
  }

  async taxClass(id: number): Promise<TaxClass | undefined> {
    return this.db.selectFrom('tax_class').select(['class_id as id', 'class_name as name', 'class_type as type']).where('class_id', '=', id).executeTakeFirst();
  }

  /** Inserts with the next free id (customer_group_id is not auto-numbered on every dialect). */
  async insert(tx: Db, code: string, taxClassId: number): Promise<number> {
    const { max } = await tx.selectFrom('customer_group').select(sql<number>`max(customer_group_id)`.as('max')).executeTakeFirstOrThrow();
    const id = Number(max ?? 0) + 1;
    await tx.insertInto('customer_group').values({ customer_group_id: id, customer_group_code: code, tax_class_id: taxClassId }).execute();
    return id;
  }

  async update(tx: Db, id: number, code: string, taxClassId: number): Promise<void> {
    await tx.updateTable('customer_group').set({ customer_group_code: code, tax_class_id: taxClassId }).where('customer_group_id', '=', id).execute();
  }

  async delete(tx: Db, id: number): Promise<void> {
    await tx.deleteFrom('customer_group').where('customer_group_id', '=', id).execute();
  }

  async search(criteria: SearchCriteria): Promise<{ items: Group[]; total: number }> {
    const where = whereFor(criteria, GROUP_SEARCH_FIELDS, this.traits);
    const base = () => {
      const q = this.db.selectFrom('customer_group as g').leftJoin('tax_class as t', 't.class_id', 'g.tax_class_id');
      return where ? q.where(where) : q;
    };
    const { n } = await base().select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const total = Number(n);
    const { limit, offset } = pageWindow(criteria, total);
    let q = base()
      .select(['g.customer_group_id as id', 'g.customer_group_code as code', 'g.tax_class_id as taxClassId', 't.class_name as taxClassName'])
      .orderBy(orderFor(criteria, GROUP_SEARCH_FIELDS, sql.ref('g.customer_group_id')));
    if (limit !== null) q = q.limit(limit).offset(offset);
    return { items: total === 0 ? [] : await q.execute(), total };
  }
}
