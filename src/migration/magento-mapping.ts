// Magento's customer_entity / customer_address_entity rows (and their EAV values and newsletter
// subscription) as Keyfront rows.
import { normalizeEmail } from '../customers/repository.ts';
import type { AddressRecord, CustomerRecord } from './import-repository.ts';
import type { EavAttribute, Row } from './magento-source-repository.ts';
import { dateTimeOrNull, intOrNull, textOrNull } from './customer-rules.ts';

/** Magento\Newsletter\Model\Subscriber::STATUS_SUBSCRIBED */
const STATUS_SUBSCRIBED = 1;

export function customerFromMagento(row: Row, addressIds: Set<number>, subscribed: boolean, custom: Record<string, string> | null): CustomerRecord {
  const email = String(row.email ?? '').trim();
  const updatedAt = dateTimeOrNull(row.updated_at) ?? dateTimeOrNull(row.created_at) ?? '1970-01-01 00:00:00';
  const defaultAddress = (id: unknown) => (id !== null && addressIds.has(Number(id)) ? Number(id) : null);
  return {
    entity_id: Number(row.entity_id),
    website_id: intOrNull(row.website_id) as number,
    email,
    email_normalized: normalizeEmail(email),
    // Per-website scope (migration 0008); under global sharing the import keeps website scopes.
    email_scope: intOrNull(row.website_id) as number,
    group_id: Number(row.group_id ?? 0),
    store_id: intOrNull(row.store_id) as number,
    created_at: dateTimeOrNull(row.created_at) ?? updatedAt,
    updated_at: updatedAt,
    is_active: Number(row.is_active ?? 1),
    disable_auto_group_change: Number(row.disable_auto_group_change ?? 0),
    created_in: textOrNull(row.created_in),
    prefix: textOrNull(row.prefix),
    firstname: String(row.firstname ?? ''),
    middlename: textOrNull(row.middlename),
    lastname: String(row.lastname ?? ''),
    suffix: textOrNull(row.suffix),
    dob: dateTimeOrNull(row.dob)?.slice(0, 10) ?? null,
    password_hash: textOrNull(row.password_hash),
    // Keyfront keeps only a hash of a reset token; Magento's stored token cannot be carried over.
    rp_token: null,
    rp_token_created_at: null,
    default_billing: defaultAddress(row.default_billing),
    default_shipping: defaultAddress(row.default_shipping),
    taxvat: textOrNull(row.taxvat),
    confirmation: textOrNull(row.confirmation),
    gender: intOrNull(row.gender),
    failures_num: Number(row.failures_num ?? 0),
    first_failure: dateTimeOrNull(row.first_failure),
    lock_expires: dateTimeOrNull(row.lock_expires),
    is_subscribed: subscribed ? 1 : 0,
    custom_attributes: custom && Object.keys(custom).length > 0 ? JSON.stringify(custom) : null,
  };
}

export function addressFromMagento(row: Row, custom: Record<string, string> | null): AddressRecord {
  const updatedAt = dateTimeOrNull(row.updated_at) ?? dateTimeOrNull(row.created_at) ?? '1970-01-01 00:00:00';
  return {
    entity_id: Number(row.entity_id),
    parent_id: Number(row.parent_id),
    created_at: dateTimeOrNull(row.created_at) ?? updatedAt,
    updated_at: updatedAt,
    is_active: Number(row.is_active ?? 1),
    city: String(row.city ?? ''),
    company: textOrNull(row.company),
    country_id: String(row.country_id ?? ''),
    fax: textOrNull(row.fax),
    firstname: String(row.firstname ?? ''),
    lastname: String(row.lastname ?? ''),
    middlename: textOrNull(row.middlename),
    postcode: textOrNull(row.postcode),
    prefix: textOrNull(row.prefix),
    region: textOrNull(row.region),
    region_id: intOrNull(row.region_id) || null,
    // Magento keeps street lines joined with "\n", as Keyfront does; \r\n from old imports is normalised.
    street: String(row.street ?? '').replace(/\r\n?/g, '\n'),
    suffix: textOrNull(row.suffix),
    telephone: textOrNull(row.telephone),
    vat_id: textOrNull(row.vat_id),
    custom_attributes: custom && Object.keys(custom).length > 0 ? JSON.stringify(custom) : null,
  };
}

/** entity id → { attribute code → value as text }, as Magento's REST API renders custom attributes. */
export function groupEavValues(rows: Row[], attributes: EavAttribute[]): Map<number, Record<string, string>> {
  const byId = new Map(attributes.map((a) => [a.id, a]));
  const out = new Map<number, Record<string, string>>();
  for (const r of rows) {
    const attribute = byId.get(Number(r.attribute_id));
    if (!attribute || r.value === null || r.value === undefined) continue;
    const values = out.get(Number(r.entity_id)) ?? {};
    values[attribute.code] = String(r.value);
    out.set(Number(r.entity_id), values);
  }
  return out;
}

/**
 * Keyfront keeps one newsletter flag per customer: subscribed when any of the customer's
 * subscriptions (one per store view's website since 2.4) is in the subscribed state.
 */
export function subscribedCustomers(rows: Row[]): Set<number> {
  return new Set(rows.filter((r) => Number(r.subscriber_status) === STATUS_SUBSCRIBED).map((r) => Number(r.customer_id)));
}
