// Magento's customer CSV formats (System › Data Transfer › Export; CustomerImportExport's
// Model/Export/Customer.php and Address.php): permanent columns first, then the attribute columns in
// code order, then the trailing ones. User-defined attributes join the attribute columns.

export const CUSTOMER_ATTRIBUTE_COLUMNS = [
  'confirmation', 'created_at', 'created_in', 'disable_auto_group_change', 'dob', 'firstname', 'gender', 'group_id', 'lastname',
  'middlename', 'password_hash', 'prefix', 'rp_token', 'rp_token_created_at', 'store_id', 'suffix', 'taxvat', 'website_id',
];

export const ADDRESS_ATTRIBUTE_COLUMNS = [
  'city', 'company', 'country_id', 'fax', 'firstname', 'lastname', 'middlename', 'postcode', 'prefix', 'region', 'region_id',
  'street', 'suffix', 'telephone', 'vat_id', 'vat_is_valid', 'vat_request_date', 'vat_request_id', 'vat_request_success',
];

/** Keyfront's own column (customer ids), written only by customer:export --with-ids: Magento refuses unknown columns. */
export const ID_COLUMN = '_entity_id';

export function customerHeader(customCodes: string[], withIds: boolean): string[] {
  const attributes = [...new Set([...CUSTOMER_ATTRIBUTE_COLUMNS, ...customCodes])].sort();
  return ['email', '_website', '_store', ...attributes, 'password', ...(withIds ? [ID_COLUMN] : [])];
}

export function addressHeader(customCodes: string[]): string[] {
  const attributes = [...new Set([...ADDRESS_ATTRIBUTE_COLUMNS, ...customCodes])].sort();
  return ['_website', '_email', '_entity_id', ...attributes, '_address_default_billing_', '_address_default_shipping_'];
}

/** Magento's gender options (Customer's gender attribute): the export writes labels, the import maps them back. */
export const GENDER_LABELS: Record<number, string> = { 1: 'Male', 2: 'Female', 3: 'Not Specified' };

export function genderFromCsv(value: string): number | null | 'invalid' {
  const v = value.trim();
  if (v === '') return null;
  if (/^\d+$/.test(v)) return Number(v);
  const found = Object.entries(GENDER_LABELS).find(([, label]) => label.toLowerCase() === v.toLowerCase());
  return found ? Number(found[0]) : 'invalid';
}

/** Boolean attributes: 0/1, or the Yes/No labels. */
export function flagFromCsv(value: string): number | null {
  const v = value.trim().toLowerCase();
  if (v === '') return null;
  if (v === '1' || v === 'yes') return 1;
  if (v === '0' || v === 'no') return 0;
  return null;
}
