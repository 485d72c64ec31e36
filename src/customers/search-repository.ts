// CustomerRepository::getList: which customer fields searchCriteria may name (Magento's customer
// attributes, `name`, and the default billing address's fields), and the query over them.
import { sql } from 'kysely';
import { joinsFor, orderFor, whereFor, type SearchFields } from '../db/search-query.ts';
import { pageWindow, type SearchCriteria } from '../lib/search-criteria.ts';
import type { Address, Customer } from './model.ts';
import { toCustomer, type AddressRow, type CustomerRow } from './repository.ts';
import { Repository } from '../db/repository.ts';

const col = (name: string) => sql.ref(`c.${name}`);
const int = (name: string) => ({ expr: col(name), type: 'int' as const });
const text = (name: string) => ({ expr: col(name), type: 'text' as const });
const billing = (name: string) => ({ expr: sql.ref(`ba.${name}`), type: 'text' as const, join: 'billing' });

export const CUSTOMER_SEARCH_FIELDS: SearchFields = {
  id: int('entity_id'),
  entity_id: int('entity_id'),
  // Emails compare case-insensitively on every database, through the lower-cased unique column.
  email: { expr: col('email_normalized'), type: 'text', lowerValue: true },
  group_id: int('group_id'),
  website_id: int('website_id'),
  store_id: int('store_id'),
  default_billing: int('default_billing'),
  default_shipping: int('default_shipping'),
  gender: int('gender'),
  disable_auto_group_change: int('disable_auto_group_change'),
  created_at: text('created_at'),
  updated_at: text('updated_at'),
  created_in: text('created_in'),
  confirmation: text('confirmation'),
  dob: text('dob'),
  firstname: { ...text('firstname'), prefixIndex: true },
  lastname: { ...text('lastname'), prefixIndex: true },
  middlename: text('middlename'),
  prefix: text('prefix'),
  suffix: text('suffix'),
  taxvat: text('taxvat'),
  // Collection::addNameToSelect: the name parts that are set, joined by single spaces.
  name: { expr: sql`concat_ws(' ', c.prefix, c.firstname, c.middlename, c.lastname, c.suffix)`, type: 'text' },
  billing_postcode: billing('postcode'),
  billing_city: billing('city'),
  billing_telephone: billing('telephone'),
  billing_region: billing('region'),
  billing_country_id: billing('country_id'),
  billing_company: billing('company'),
  company: billing('company'),
};

export const CUSTOMER_SEARCH_FIELD_NAMES: ReadonlySet<string> = new Set(Object.keys(CUSTOMER_SEARCH_FIELDS));

/** CustomerRepository::getList's query: one count, one page of customers, their addresses in one more read. */
export class CustomerSearchRepository extends Repository {
  async search(criteria: SearchCriteria): Promise<{ items: Customer[]; total: number }> {
    const db = this.db;
    const joins = joinsFor(criteria, CUSTOMER_SEARCH_FIELDS);
    const where = whereFor(criteria, CUSTOMER_SEARCH_FIELDS, this.traits);
    const base = () => {
      let q = db.selectFrom('customer_entity as c');
      if (joins.has('billing')) q = q.leftJoin('customer_address_entity as ba', 'ba.entity_id', 'c.default_billing') as typeof q;
      return where ? q.where(where) : q;
    };
    const counted = await base().select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const total = Number(counted.n);
    if (total === 0) return { items: [], total };
    const { limit, offset } = pageWindow(criteria, total);
    let q = base().selectAll('c').orderBy(orderFor(criteria, CUSTOMER_SEARCH_FIELDS, col('entity_id')));
    if (limit !== null) q = q.limit(limit).offset(offset);
    const rows = (await q.execute()) as CustomerRow[];
    const addresses = rows.length === 0 ? [] : await db.selectFrom('customer_address_entity').selectAll().where('parent_id', 'in', rows.map((r) => r.entity_id)).orderBy('entity_id').execute();
    const byCustomer = new Map<number, AddressRow[]>();
    for (const a of addresses) byCustomer.set(a.parent_id, [...(byCustomer.get(a.parent_id) ?? []), a]);
    return { items: rows.map((r) => toCustomer(r, byCustomer.get(r.entity_id) ?? [])), total };
  }
}

/** The search as a service, so doors do not hold a database handle. */
export class CustomerSearchService {
  constructor(
    private readonly repository: CustomerSearchRepository,
    /** Fills region codes from the directory, as every customer read does. */
    private readonly fillRegion: (address: Address) => Address,
  ) {}

  async search(_ctx: unknown, criteria: SearchCriteria): Promise<{ items: Customer[]; total: number }> {
    const result = await this.repository.search(criteria);
    for (const customer of result.items) customer.addresses.forEach(this.fillRegion);
    return result;
  }
}
