// The checks an imported customer or address must pass, from either source (a Magento database or
// a CSV file), with the reason written to the refusals report when it does not.
import { isValidEmail } from '../customers/validation.ts';
import type { Directory } from '../directory/service.ts';
import type { AddressRecord, CustomerRecord } from './import-repository.ts';

export interface KnownScopes {
  websites: Set<number>;
  /** store id → website id */
  stores: Map<number, number>;
  /** website id → its default store view id */
  defaultStore: Map<number, number>;
  groups: Set<number>;
}

/** Why this customer cannot be imported, or null. `store_id` may be corrected to the website's default view. */
export function customerProblem(customer: CustomerRecord, scopes: KnownScopes): string | null {
  if (!customer.email) return 'no email address';
  if (!isValidEmail(customer.email)) return `invalid email address "${customer.email}"`;
  if (customer.website_id === null || customer.website_id === undefined || !scopes.websites.has(customer.website_id)) return `unknown website id ${customer.website_id ?? '(none)'}`;
  if (!scopes.groups.has(customer.group_id)) return `unknown customer group id ${customer.group_id}`;
  if (customer.store_id === null || scopes.stores.get(customer.store_id) === undefined) {
    // Magento sets store_id to NULL when a store view is deleted: the website's default view stands in.
    const fallback = scopes.defaultStore.get(customer.website_id);
    if (fallback === undefined) return `unknown store view id ${customer.store_id ?? '(none)'}`;
    customer.store_id = fallback;
  }
  if (customer.gender !== null && ![0, 1, 2, 3].includes(customer.gender)) return `unknown gender value ${customer.gender}`;
  if (customer.dob !== null && !/^\d{4}-\d{2}-\d{2}$/.test(customer.dob)) return `invalid date of birth "${customer.dob}"`;
  return null;
}

export function addressProblem(address: AddressRecord, directory: Directory): string | null {
  const country = directory.country(address.country_id);
  if (!country) return `address ${address.entity_id}: unknown country "${address.country_id}"`;
  if (address.region_id !== null) {
    const region = directory.regionById(address.region_id);
    if (!region || region.countryId !== address.country_id) return `address ${address.entity_id}: unknown region id ${address.region_id} for country ${address.country_id}`;
  }
  if (!address.street || address.street.trim() === '') return `address ${address.entity_id}: no street`;
  if (!address.city || address.city.trim() === '') return `address ${address.entity_id}: no city`;
  return null;
}

/** MySQL's zero dates and empty strings are "no value". */
export function dateTimeOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (text === '' || text.startsWith('0000-00-00')) return null;
  return text.slice(0, 19);
}

export function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  return text === '' ? null : text;
}

export function intOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isInteger(n) ? n : null;
}
