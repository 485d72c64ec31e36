// customer:import: Magento's "Customers Main File" and "Customer Addresses" CSV files into Keyfront,
// streamed in batches. As Magento's import: a customer is found by email and website (or, in
// Keyfront's own exports, by _entity_id), added or updated; password_hash is kept as it is.
import { formatDateTime } from '../lib/clock.ts';
import { normalizeEmail } from '../customers/repository.ts';
import type { Directory } from '../directory/service.ts';
import { changedFields, writeCustomerBatch, type Candidate } from './customer-batch.ts';
import { addressProblem, customerProblem, intOrNull, textOrNull, type KnownScopes } from './customer-rules.ts';
import { readCsvRows } from './csv.ts';
import { ADDRESS_ATTRIBUTE_COLUMNS, CUSTOMER_ATTRIBUTE_COLUMNS, flagFromCsv, genderFromCsv, ID_COLUMN } from './csv-format.ts';
import { parseObject } from './csv-export.ts';
import type { AddressRecord, CustomerRecord, ExportReads, ImportRepository } from './import-repository.ts';
import type { ProgressSink } from './progress.ts';
import type { ImportReport } from './report.ts';

type CsvRow = { line: number; row: Record<string, string> };
const CUSTOMER_SPECIAL = new Set(['email', '_website', '_store', 'password', ID_COLUMN, 'updated_at', 'website_id', 'store_id', 'rp_token', 'rp_token_created_at', '_action']);
const ADDRESS_SPECIAL = new Set(['_website', '_email', '_entity_id', '_address_default_billing_', '_address_default_shipping_', 'vat_is_valid', 'vat_request_date', 'vat_request_id', 'vat_request_success', '_action']);

export interface PasswordHashing {
  hash(password: string): Promise<string>;
}

export class CsvImporter {
  constructor(
    private readonly repository: ImportRepository,
    private readonly reads: ExportReads,
    private readonly directory: Directory,
    private readonly progress: ProgressSink,
    private readonly hasher: PasswordHashing,
  ) {}

  async run(report: ImportReport, input: { customersPath: string; addressesPath?: string; batchSize: number }): Promise<void> {
    const websites = await this.repository.rowsById('store_website');
    const stores = await this.repository.rowsById('store');
    const groups = await this.repository.rowsById('store_group');
    const websiteByCode = new Map([...websites].map(([id, w]) => [String(w.code), id]));
    const storeByCode = new Map([...stores].map(([id, s]) => [String(s.code), id]));
    const scopes: KnownScopes = {
      websites: new Set(websites.keys()),
      stores: new Map([...stores].map(([id, s]) => [id, Number(s.website_id)])),
      defaultStore: new Map([...websites].map(([id, w]) => [id, Number(groups.get(Number(w.default_group_id))?.default_store_id ?? 0)])),
      groups: new Set((await this.repository.rowsById('customer_group')).keys()),
    };
    let nextId = (await this.reads.maxId('customer_entity')) + 1;
    const seen = new Set<string>();

    this.progress.start('Customers', 0);
    let batch: CsvRow[] = [];
    const flush = async () => {
      const candidates: Candidate[] = [];
      const owners = await this.repository.emailOwners(batch.map((r) => normalizeEmail(r.row.email ?? '')));
      const resolved: Array<{ r: CsvRow; id: number; websiteId: number }> = [];
      for (const r of batch) {
        const email = (r.row.email ?? '').trim();
        const websiteId = websiteByCode.get((r.row._website ?? '').trim());
        if (websiteId === undefined) {
          report.refuse('customer_entity', `row ${r.line}`, email || null, `unknown website code "${r.row._website ?? ''}"`);
          continue;
        }
        const key = `${normalizeEmail(email)}|${websiteId}`;
        if (seen.has(key)) {
          report.refuse('customer_entity', `row ${r.line}`, email, 'This email is found more than once in the import file.');
          continue;
        }
        seen.add(key);
        const given = intOrNull(r.row[ID_COLUMN]);
        const owner = owners.find((o) => o.email_normalized === normalizeEmail(email) && o.website_id === websiteId);
        const id = given ?? owner?.entity_id ?? nextId++;
        if (given !== null && given >= nextId) nextId = given + 1;
        resolved.push({ r, id, websiteId });
      }
      const existing = new Map((await this.repository.customersByIds(resolved.map((x) => x.id))).map((c) => [c.entity_id, c]));
      const now = formatDateTime(new Date());
      for (const { r, id, websiteId } of resolved) {
        const customer = await this.customerFrom(r.row, id, websiteId, existing.get(id), storeByCode, now);
        if (typeof customer === 'string') {
          report.refuse('customer_entity', id, r.row.email || null, customer);
          continue;
        }
        const problem = customerProblem(customer, scopes);
        if (problem) report.refuse('customer_entity', id, customer.email || null, problem);
        else candidates.push({ customer, addresses: null });
      }
      await writeCustomerBatch(this.repository, candidates, 'differs', report);
      this.progress.advance(batch.length);
      batch = [];
    };
    for await (const r of readCsvRows(input.customersPath)) {
      if (r.line === 2) requireColumns(input.customersPath, r.header, ['email', '_website']);
      batch.push(r);
      if (batch.length >= input.batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    this.progress.finish();
    if (input.addressesPath) await this.importAddresses(report, input.addressesPath, input.batchSize, websiteByCode);
    if (!report.dryRun) await this.repository.resetSequences();
  }

  private async customerFrom(row: Record<string, string>, id: number, websiteId: number, before: CustomerRecord | undefined, storeByCode: Map<string, number>, now: string): Promise<CustomerRecord | string> {
    const has = (k: string) => k in row && row[k] !== '';
    const email = row.email.trim();
    const gender = has('gender') ? genderFromCsv(row.gender) : (before?.gender ?? null);
    if (gender === 'invalid') return `unknown gender "${row.gender}"`;
    let storeId = before?.store_id ?? 0;
    if (has('_store')) {
      const found = storeByCode.get(row._store.trim());
      if (found === undefined) return 'Invalid value in Store column (store does not exists?)';
      storeId = found;
    }
    const custom = parseObject(before?.custom_attributes ?? null);
    for (const [k, v] of Object.entries(row)) if (!CUSTOMER_SPECIAL.has(k) && !CUSTOMER_ATTRIBUTE_COLUMNS.includes(k) && v !== '' && /^[a-z][a-z0-9_]*$/.test(k)) custom[k] = v;
    const optional = (k: string, old: string | null | undefined) => (k in row ? textOrNull(row[k]) : (old ?? null));
    let passwordHash = has('password_hash') ? row.password_hash : (before?.password_hash ?? null);
    // A hash Keyfront already upgraded at sign-in stays: the file's older Magento-format hash is of
    // the same password (a changed password would be an argon2id hash from Keyfront's own export).
    if (before?.password_hash?.startsWith('$argon2') && !passwordHash?.startsWith('$argon2')) passwordHash = before.password_hash;
    if (has('password')) passwordHash = await this.hasher.hash(row.password);
    return {
      entity_id: id,
      website_id: websiteId,
      email,
      email_normalized: normalizeEmail(email),
      // Per-website scope (migration 0008); under global sharing the import keeps website scopes.
      email_scope: websiteId,
      group_id: has('group_id') ? Number(row.group_id) : (before?.group_id ?? 1),
      store_id: storeId,
      created_at: has('created_at') ? row.created_at.trim().slice(0, 19) : (before?.created_at ?? now),
      updated_at: now,
      is_active: before?.is_active ?? 1,
      disable_auto_group_change: has('disable_auto_group_change') ? (flagFromCsv(row.disable_auto_group_change) ?? 0) : (before?.disable_auto_group_change ?? 0),
      created_in: optional('created_in', before?.created_in),
      prefix: optional('prefix', before?.prefix),
      firstname: has('firstname') ? row.firstname : (before?.firstname ?? ''),
      middlename: optional('middlename', before?.middlename),
      lastname: has('lastname') ? row.lastname : (before?.lastname ?? ''),
      suffix: optional('suffix', before?.suffix),
      dob: 'dob' in row ? (textOrNull(row.dob)?.slice(0, 10) ?? null) : (before?.dob ?? null),
      password_hash: passwordHash,
      rp_token: before?.rp_token ?? null,
      rp_token_created_at: before?.rp_token_created_at ?? null,
      default_billing: before?.default_billing ?? null,
      default_shipping: before?.default_shipping ?? null,
      taxvat: optional('taxvat', before?.taxvat),
      confirmation: optional('confirmation', before?.confirmation),
      gender,
      failures_num: before?.failures_num ?? 0,
      first_failure: before?.first_failure ?? null,
      lock_expires: before?.lock_expires ?? null,
      is_subscribed: before?.is_subscribed ?? 0,
      custom_attributes: Object.keys(custom).length > 0 ? JSON.stringify(custom) : null,
    };
  }

  private async importAddresses(report: ImportReport, path: string, batchSize: number, websiteByCode: Map<string, number>): Promise<void> {
    let nextId = (await this.reads.maxId('customer_address_entity')) + 1;
    let batch: CsvRow[] = [];
    const flush = async () => {
      const owners = await this.repository.emailOwners(batch.map((r) => normalizeEmail(r.row._email ?? '')));
      const ids = batch.map((r) => intOrNull(r.row._entity_id)).filter((id): id is number => id !== null);
      const existing = new Map((await this.repository.addresses([], ids)).map((a) => [a.entity_id, a]));
      const inserts: AddressRecord[] = [];
      const updates: Array<[number, Partial<AddressRecord>]> = [];
      const defaults: Array<[number, 'default_billing' | 'default_shipping', number]> = [];
      const now = formatDateTime(new Date());
      for (const { line, row } of batch) {
        const websiteId = websiteByCode.get((row._website ?? '').trim());
        const owner = owners.find((o) => o.email_normalized === normalizeEmail(row._email ?? '') && o.website_id === websiteId);
        if (!owner) {
          report.refuse('customer_address_entity', `row ${line}`, row._email || null, "We can't find that email and website combination.");
          continue;
        }
        const id = intOrNull(row._entity_id) ?? nextId++;
        if (id >= nextId) nextId = id + 1;
        const before = existing.get(id);
        if (before && before.parent_id !== owner.entity_id) {
          report.refuse('customer_address_entity', id, row._email, `address id ${id} belongs to Keyfront customer ${before.parent_id}`);
          continue;
        }
        const address = addressFrom(row, id, owner.entity_id, before, now);
        const problem = addressProblem(address, this.directory);
        if (problem) {
          report.refuse('customer_address_entity', id, row._email, problem);
          continue;
        }
        if (!before) {
          inserts.push(address);
          report.count('customer_address_entity', 'inserted');
        } else {
          const changed = changedFields(address, before, new Set(['updated_at']));
          if (Object.keys(changed).length > 0) {
            updates.push([id, { ...changed, updated_at: now }]);
            report.count('customer_address_entity', 'updated');
          } else report.count('customer_address_entity', 'unchanged');
        }
        if (flagFromCsv(row._address_default_billing_ ?? '') === 1) defaults.push([owner.entity_id, 'default_billing', id]);
        if (flagFromCsv(row._address_default_shipping_ ?? '') === 1) defaults.push([owner.entity_id, 'default_shipping', id]);
      }
      if (!report.dryRun) {
        await this.repository.transaction(async (tx) => {
          for (const [id, fields] of updates) await this.repository.updateAddress(tx, id, fields);
          await this.repository.insertAddresses(tx, inserts);
          for (const [customerId, field, addressId] of defaults) await this.repository.updateCustomer(tx, customerId, { [field]: addressId });
        });
      }
      this.progress.advance(batch.length);
      batch = [];
    };
    this.progress.start('Addresses', 0);
    for await (const r of readCsvRows(path)) {
      if (r.line === 2) requireColumns(path, r.header, ['_website', '_email']);
      batch.push(r);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    this.progress.finish();
  }
}

function addressFrom(row: Record<string, string>, id: number, parentId: number, before: AddressRecord | undefined, now: string): AddressRecord {
  const value = (k: string, old: string | null | undefined) => (k in row ? textOrNull(row[k]) : (old ?? null));
  const custom = parseObject(before?.custom_attributes ?? null);
  for (const [k, v] of Object.entries(row)) if (!ADDRESS_SPECIAL.has(k) && !ADDRESS_ATTRIBUTE_COLUMNS.includes(k) && v !== '' && /^[a-z][a-z0-9_]*$/.test(k)) custom[k] = v;
  return {
    entity_id: id,
    parent_id: parentId,
    created_at: before?.created_at ?? now,
    updated_at: before?.updated_at ?? now,
    is_active: before?.is_active ?? 1,
    city: value('city', before?.city) ?? '',
    company: value('company', before?.company),
    country_id: (value('country_id', before?.country_id) ?? '').trim(),
    fax: value('fax', before?.fax),
    firstname: value('firstname', before?.firstname) ?? '',
    lastname: value('lastname', before?.lastname) ?? '',
    middlename: value('middlename', before?.middlename),
    postcode: value('postcode', before?.postcode),
    prefix: value('prefix', before?.prefix),
    region: value('region', before?.region),
    region_id: 'region_id' in row ? intOrNull(row.region_id) || null : (before?.region_id ?? null),
    street: (value('street', before?.street) ?? '').replace(/\r\n?/g, '\n'),
    suffix: value('suffix', before?.suffix),
    telephone: value('telephone', before?.telephone),
    vat_id: value('vat_id', before?.vat_id),
    custom_attributes: Object.keys(custom).length > 0 ? JSON.stringify(custom) : null,
  };
}

function requireColumns(path: string, header: string[], columns: string[]): void {
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new Error(`${path}: missing column(s) ${missing.join(', ')} (is this Magento's customer export?)`);
}
