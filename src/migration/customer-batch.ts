// Writes a batch of customers (with their address books) into Keyfront: compares each with what
// Keyfront holds, refuses what would break a rule, and writes the rest in one transaction, so a
// batch is either all in or not at all. Shared by magento:import and customer:import.
import type { AddressRecord, CustomerRecord, ImportRepository } from './import-repository.ts';
import type { ImportReport } from './report.ts';

export interface Candidate {
  customer: CustomerRecord;
  /** The complete address book; null: the source says nothing about addresses (leave them). */
  addresses: AddressRecord[] | null;
}

/**
 * 'newer': a row is rewritten only when the source's updated_at is later than Keyfront's (a live
 * Magento database: Keyfront's own changes since, such as a password re-hashed at sign-in, stay).
 * 'differs': any differing field is written (a CSV file, which carries no reliable updated_at).
 */
export type UpdatePolicy = 'newer' | 'differs';

/** Keyfront-side fields that change with use and that a 'differs' comparison leaves alone. */
const LIVE_FIELDS = new Set(['updated_at', 'failures_num', 'first_failure', 'lock_expires', 'rp_token', 'rp_token_created_at']);

export async function writeCustomerBatch(repository: ImportRepository, candidates: Candidate[], policy: UpdatePolicy, report: ImportReport): Promise<void> {
  if (candidates.length === 0) return;
  const ids = candidates.map((c) => c.customer.entity_id);
  const addressIds = candidates.flatMap((c) => (c.addresses ?? []).map((a) => a.entity_id));
  const [existingRows, owners, existingAddresses] = await Promise.all([
    repository.customersByIds(ids),
    repository.emailOwners(candidates.map((c) => c.customer.email_normalized)),
    repository.addresses(ids, addressIds),
  ]);
  const existing = new Map(existingRows.map((r) => [r.entity_id, r]));
  const ownerOf = new Map<string, number[]>();
  for (const o of owners) {
    const k = `${o.email_normalized}|${o.website_id}`;
    ownerOf.set(k, [...(ownerOf.get(k) ?? []), o.entity_id]);
  }
  const batchIds = new Set(ids);
  const taken = new Map<string, number>(); // email|website → id, within this batch
  const addressesByParent = new Map<number, AddressRecord[]>();
  const addressById = new Map<number, AddressRecord>();
  for (const a of existingAddresses) {
    addressById.set(a.entity_id, a);
    const list = addressesByParent.get(a.parent_id);
    if (list) list.push(a);
    else addressesByParent.set(a.parent_id, [a]);
  }

  const insertCustomers: CustomerRecord[] = [];
  const updateCustomers: Array<[number, Partial<CustomerRecord>]> = [];
  const insertAddresses: AddressRecord[] = [];
  const updateAddresses: Array<[number, Partial<AddressRecord>]> = [];
  const deleteAddresses: number[] = [];
  const counts = { inserted: 0, updated: 0, unchanged: 0, aInserted: 0, aUpdated: 0, aUnchanged: 0, aDeleted: 0 };

  for (const { customer, addresses } of candidates) {
    const key = `${customer.email_normalized}|${customer.website_id}`;
    const owner = ownerOf.get(key)?.find((id) => id !== customer.entity_id);
    if ((owner !== undefined && !batchIds.has(owner)) || taken.has(key)) {
      const other = owner !== undefined && !batchIds.has(owner) ? owner : taken.get(key);
      report.refuse('customer_entity', customer.entity_id, customer.email, `duplicate email within website ${customer.website_id}: Keyfront customer ${other} has it`);
      continue;
    }
    const stolen = (addresses ?? []).find((a) => addressById.has(a.entity_id) && addressById.get(a.entity_id)!.parent_id !== customer.entity_id);
    if (stolen) {
      report.refuse('customer_entity', customer.entity_id, customer.email, `address id ${stolen.entity_id} belongs to Keyfront customer ${addressById.get(stolen.entity_id)!.parent_id}`);
      continue;
    }
    taken.set(key, customer.entity_id);

    const before = existing.get(customer.entity_id);
    if (!before) {
      insertCustomers.push(customer);
      counts.inserted++;
    } else {
      const fields = policy === 'newer' && !(customer.updated_at > before.updated_at) ? pick(customer, ['is_subscribed']) : customer;
      const changed = changedFields(fields, before, policy === 'differs' ? LIVE_FIELDS : null);
      if (Object.keys(changed).length > 0) {
        updateCustomers.push([customer.entity_id, policy === 'differs' ? { ...changed, updated_at: customer.updated_at } : changed]);
        counts.updated++;
      } else counts.unchanged++;
    }

    if (addresses === null) continue;
    const wanted = new Set(addresses.map((a) => a.entity_id));
    for (const a of addressesByParent.get(customer.entity_id) ?? []) {
      if (!wanted.has(a.entity_id)) {
        deleteAddresses.push(a.entity_id);
        counts.aDeleted++;
      }
    }
    for (const address of addresses) {
      const old = addressById.get(address.entity_id);
      if (!old) {
        insertAddresses.push(address);
        counts.aInserted++;
        continue;
      }
      const changed = policy === 'newer' && !(address.updated_at > old.updated_at) ? {} : changedFields(address, old, policy === 'differs' ? LIVE_FIELDS : null);
      if (Object.keys(changed).length > 0) {
        updateAddresses.push([address.entity_id, changed]);
        counts.aUpdated++;
      } else counts.aUnchanged++;
    }
  }

  if (!report.dryRun) {
    await repository.transaction(async (tx) => {
      await repository.deleteAddresses(tx, deleteAddresses);
      for (const [id, fields] of updateCustomers) await repository.updateCustomer(tx, id, fields);
      await repository.insertCustomers(tx, insertCustomers);
      for (const [id, fields] of updateAddresses) await repository.updateAddress(tx, id, fields);
      await repository.insertAddresses(tx, insertAddresses);
    });
  }
  report.count('customer_entity', 'inserted', counts.inserted);
  report.count('customer_entity', 'updated', counts.updated);
  report.count('customer_entity', 'unchanged', counts.unchanged);
  report.count('customer_address_entity', 'inserted', counts.aInserted);
  report.count('customer_address_entity', 'updated', counts.aUpdated);
  report.count('customer_address_entity', 'unchanged', counts.aUnchanged);
  report.count('customer_address_entity', 'deleted', counts.aDeleted);
}

function pick<T extends object, K extends keyof T>(row: T, keys: K[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) out[k] = row[k];
  return out;
}

/** The fields of `next` whose values differ from `before` (numbers and numeric strings compare equal). */
export function changedFields<T extends object>(next: Partial<T>, before: T, ignore: Set<string> | null): Partial<T> {
  const out: Record<string, unknown> = {};
  const old = before as Record<string, unknown>;
  for (const [k, v] of Object.entries(next)) {
    if (ignore?.has(k)) continue;
    if (!same(v, old[k])) out[k] = v;
  }
  return out as Partial<T>;
}

export function same(a: unknown, b: unknown): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (x === null || y === null) return x === y;
  return String(x) === String(y);
}
