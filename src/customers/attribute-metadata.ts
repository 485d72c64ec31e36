// CustomerMetadataInterface / AddressMetadataInterface: the attributes Keyfront really stores,
// described in Magento's AttributeMetadataInterface terms. Keyfront has no user-defined EAV
// attributes (custom_attributes values are kept as sent), so the "custom" lists are empty.
import { NoSuchEntityError } from '../errors/domain-errors.ts';
import type { ConfigService } from '../settings/service.ts';

export type MetadataEntity = 'customer' | 'customer_address';

export interface AttributeMetadata {
  attributeCode: string;
  frontendInput: string;
  inputFilter: string;
  label: string;
  validationRules: Array<{ name: string; value: string }>;
  multilineCount: number;
  visible: boolean;
  required: boolean;
  options: Array<{ label: string; value: string }>;
  frontendClass: string;
  sortOrder: number;
  backendType: string;
  inGrid: boolean;
}

type Def = [code: string, input: string, label: string, sort: number, flags: string, backend?: string];

// flags: r = required, v = visible, g = used in the admin grid, t = trimmed input, n = name-length rules
const CUSTOMER: Def[] = [
  ['website_id', 'select', 'Associate to Website', 10, 'rvg', 'static'],
  ['created_in', 'text', 'Account Created in', 20, 'vg', 'static'],
  ['group_id', 'select', 'Group', 25, 'rvg', 'static'],
  ['disable_auto_group_change', 'boolean', 'Disable Automatic Group Change Based on VAT ID', 28, 'v', 'static'],
  ['prefix', 'text', 'Name Prefix', 30, 'gtn', 'static'],
  ['firstname', 'text', 'First Name', 40, 'rvgtn', 'static'],
  ['middlename', 'text', 'Middle Name/Initial', 50, 'vgtn', 'static'],
  ['lastname', 'text', 'Last Name', 60, 'rvgtn', 'static'],
  ['suffix', 'text', 'Name Suffix', 70, 'gtn', 'static'],
  ['email', 'text', 'Email', 80, 'rvgt', 'static'],
  ['dob', 'date', 'Date of Birth', 90, 'g', 'static'],
  ['taxvat', 'text', 'Tax/VAT number', 100, 'gt', 'static'],
  ['gender', 'select', 'Gender', 110, 'g', 'static'],
  ['default_billing', 'text', 'Default Billing Address', 0, '', 'static'],
  ['default_shipping', 'text', 'Default Shipping Address', 0, '', 'static'],
  ['confirmation', 'text', 'Is Confirmed', 0, 'g', 'static'],
  ['created_at', 'date', 'Created At', 0, 'g', 'static'],
  ['updated_at', 'date', 'Updated At', 0, '', 'static'],
];

const ADDRESS: Def[] = [
  ['prefix', 'text', 'Name Prefix', 10, 'tn', 'static'],
  ['firstname', 'text', 'First Name', 20, 'rvtn', 'static'],
  ['middlename', 'text', 'Middle Name/Initial', 30, 'vtn', 'static'],
  ['lastname', 'text', 'Last Name', 40, 'rvtn', 'static'],
  ['suffix', 'text', 'Name Suffix', 50, 'tn', 'static'],
  ['company', 'text', 'Company', 60, 'vt', 'static'],
  ['street', 'multiline', 'Street Address', 70, 'rvt', 'static'],
  ['city', 'text', 'City', 80, 'rvt', 'static'],
  ['country_id', 'select', 'Country', 90, 'rv', 'static'],
  ['region', 'text', 'State/Province', 100, 'vt', 'static'],
  ['region_id', 'hidden', 'State/Province', 100, 'v', 'static'],
  ['postcode', 'text', 'Zip/Postal Code', 110, 'vt', 'static'],
  ['telephone', 'text', 'Phone Number', 120, 'rvt', 'static'],
  ['fax', 'text', 'Fax', 130, 'vt', 'static'],
  ['vat_id', 'text', 'VAT Number', 140, 'vt', 'static'],
];

const GENDER_OPTIONS = [
  { label: ' ', value: '' },
  { label: 'Male', value: '1' },
  { label: 'Female', value: '2' },
  { label: 'Not Specified', value: '3' },
];

const ACCOUNT_FORM = ['prefix', 'firstname', 'middlename', 'lastname', 'suffix', 'email', 'dob', 'taxvat', 'gender'];
const FORMS: Record<MetadataEntity, Record<string, string[] | 'all'>> = {
  customer: {
    adminhtml_customer: 'all',
    customer_account_create: ACCOUNT_FORM,
    customer_account_edit: ACCOUNT_FORM,
    adminhtml_checkout: ['group_id', ...ACCOUNT_FORM],
  },
  customer_address: { adminhtml_customer_address: 'all', customer_address_edit: 'all', customer_register_address: 'all' },
};

export class AttributeMetadataService {
  constructor(private readonly config: ConfigService) {}

  async all(entity: MetadataEntity): Promise<AttributeMetadata[]> {
    const streetLines = Math.max(1, await this.config.getNumber('customer/address/street_lines'));
    return (entity === 'customer' ? CUSTOMER : ADDRESS).map((d) => describe(d, entity, streetLines));
  }

  async byCode(entity: MetadataEntity, code: string): Promise<AttributeMetadata> {
    const found = (await this.all(entity)).find((a) => a.attributeCode === code);
    if (!found) throw NoSuchEntityError.byTwoFields('entityType', entity, 'attributeCode', code);
    return found;
  }

  async forForm(entity: MetadataEntity, formCode: string): Promise<AttributeMetadata[]> {
    const form = Object.hasOwn(FORMS[entity], formCode) ? FORMS[entity][formCode] : undefined;
    if (!form) throw NoSuchEntityError.byField('formCode', formCode);
    const all = await this.all(entity);
    return form === 'all' ? all.filter((a) => a.visible) : all.filter((a) => form.includes(a.attributeCode));
  }

  /** User-defined attributes: Keyfront has none. */
  async custom(_entity: MetadataEntity): Promise<AttributeMetadata[]> {
    return [];
  }
}

function describe([code, input, label, sort, flags, backend = 'static']: Def, entity: MetadataEntity, streetLines: number): AttributeMetadata {
  const rules: Array<{ name: string; value: string }> = [];
  if (flags.includes('n')) rules.push({ name: 'max_text_length', value: '255' }, { name: 'min_text_length', value: '1' });
  if (code === 'email') rules.push({ name: 'input_validation', value: 'email' });
  if (code === 'dob') rules.push({ name: 'input_validation', value: 'date' });
  const required = flags.includes('r');
  return {
    attributeCode: code,
    frontendInput: input,
    inputFilter: code === 'dob' ? 'date' : flags.includes('t') ? 'trim' : '',
    label,
    validationRules: rules,
    multilineCount: entity === 'customer_address' && code === 'street' ? streetLines : 0,
    visible: flags.includes('v'),
    required,
    options: code === 'gender' ? GENDER_OPTIONS : [],
    frontendClass: required ? 'required-entry' : '',
    sortOrder: sort,
    backendType: backend,
    inGrid: flags.includes('g'),
  };
}
