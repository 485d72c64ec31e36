// Field rules for customers and addresses, with Magento's messages. Each function adds to an
// InputErrors collector so the caller can answer one error or Magento's aggregate.
import type { Directory } from '../directory/service.ts';
import { InputError, type InputErrors } from '../errors/domain-errors.ts';
import { isValidEmail } from '../lib/email.ts';

export { isValidEmail };
import type { AddressInput, CustomerInput } from './model.ts';

const MAX_FIELD = 255;

export function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === '';
}


/**
 * Magento's customer "save" validator (EAV attribute rules): every failing rule's rendered message,
 * in attribute order. Magento joins them with a newline into one 400 message, without parameters.
 */
export function customerFieldMessages(customer: CustomerInput, today: string): string[] {
  const messages: string[] = [];
  const labels = { firstname: 'First Name', middlename: 'Middle Name', lastname: 'Last Name', prefix: 'Name Prefix', suffix: 'Name Suffix', taxvat: 'Tax/VAT number' } as const;
  if (isBlank(customer.firstname)) messages.push('"First Name" is a required value.');
  if (isBlank(customer.lastname)) messages.push('"Last Name" is a required value.');
  for (const [field, label] of Object.entries(labels) as Array<[keyof typeof labels, string]>) {
    const value = customer[field];
    if (typeof value !== 'string') continue;
    if (value.length > MAX_FIELD) messages.push(`"${label}" length must be equal or less than ${MAX_FIELD} characters.`);
    else if (/[\u0000-\u001f\u007f]/.test(value)) messages.push(`${label} is not valid!`);
  }
  if (!isBlank(customer.email) && !isValidEmail(customer.email!.trim())) messages.push('"Email" is not a valid email address.');
  if (customer.dob !== null && customer.dob !== undefined && customer.dob !== '') {
    const dob = normalizeDob(customer.dob);
    if (dob === null) messages.push('"Date of Birth" does not fit the entered date format.');
    else if (dob > today) messages.push('The Date of Birth should not be greater than today.');
  }
  if (customer.gender !== null && customer.gender !== undefined && ![0, 1, 2, 3].includes(customer.gender)) {
    messages.push(`Gender "${customer.gender}" is not a valid option.`);
  }
  return messages;
}

/** Throws Magento's validator exception (one 400 message, lines joined) when a customer's fields fail. */
export function assertCustomerFields(customer: CustomerInput, today: string): void {
  const messages = customerFieldMessages(customer, today);
  if (messages.length > 0) throw new InputError('customer.invalid_fields', undefined, messages.join('\n'));
}

/** Accepts 'YYYY-MM-DD' (optionally with a time part) for a real past-or-present calendar date. */
export function normalizeDob(value: string): string | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export interface AddressRules {
  streetLines: number;
}

/**
 * Magento's address validators, General then Country (the region is checked only when the country
 * is valid); every error of one address is reported together. Returns the region resolved from the
 * directory, so the stored address names it exactly.
 */
export function validateAddress(
  address: AddressInput,
  directory: Directory,
  rules: AddressRules,
  errors: InputErrors,
): { regionId: number | null; regionName: string | null } {
  const countryId = address.countryId ?? '';
  const street = address.street ?? [];
  if (isBlank(address.firstname)) errors.add(InputError.required('firstname'));
  if (isBlank(address.lastname)) errors.add(InputError.required('lastname'));
  if (street.length === 0 || isBlank(street[0])) errors.add(InputError.required('street'));
  if (isBlank(address.city)) errors.add(InputError.required('city'));
  if (isBlank(address.telephone)) errors.add(InputError.required('telephone'));
  if (isBlank(address.postcode) && !directory.isPostcodeOptional(countryId)) errors.add(InputError.required('postcode'));
  if (street.length > rules.streetLines) errors.add(InputError.invalidValue('street', street.join('\n')));
  for (const field of ['firstname', 'lastname', 'middlename', 'prefix', 'suffix', 'city', 'company', 'telephone', 'fax', 'postcode', 'vatId'] as const) {
    const value = address[field];
    if (typeof value === 'string' && (value.length > MAX_FIELD || /[\u0000-\u001f\u007f]/.test(value))) errors.add(InputError.invalidValue(field, value));
  }
  for (const line of street) if (line.length > MAX_FIELD || /[\u0000-\u001f\u007f]/.test(line)) errors.add(InputError.invalidValue('street', line));

  if (isBlank(countryId)) {
    errors.add(InputError.required('countryId'));
    return { regionId: null, regionName: null };
  }
  if (!directory.country(countryId)) {
    errors.add(InputError.invalidValue('countryId', escapeHtml(countryId)));
    return { regionId: null, regionName: null };
  }
  const regionId = address.regionId || address.region?.regionId || null;
  const regionText = address.region?.region ?? address.region?.regionCode ?? null;
  const regions = directory.regionsOf(countryId);
  if (regions.length === 0) {
    // A country without listed regions takes the region as free text.
    return { regionId: null, regionName: isBlank(regionText) ? null : regionText!.trim() };
  }
  if (regionId !== null) {
    const region = directory.regionById(regionId);
    if (!region || region.countryId !== countryId) {
      errors.add(InputError.invalidValue('regionId', String(regionId)));
      return { regionId: null, regionName: null };
    }
    return { regionId: region.id, regionName: region.name };
  }
  // Magento resolves a region given by code (or name) to its id.
  const code = address.region?.regionCode ?? address.region?.region ?? null;
  const found = isBlank(code) ? undefined : directory.findRegion(countryId, code!);
  if (found) return { regionId: found.id, regionName: found.name };
  if (directory.isRegionRequired(countryId)) errors.add(InputError.required('regionId'));
  return { regionId: null, regionName: isBlank(regionText) ? null : regionText!.trim() };
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
}
