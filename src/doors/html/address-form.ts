// The address form both HTML doors use (the storefront's address book, the admin's customer
// page): its values, its fields (a region list grouped by country, so it works without
// JavaScript), and the AddressInput the services take.
import type { Address, AddressInput, Customer } from '../../customers/model.ts';
import type { Directory } from '../../directory/service.ts';
import { FormErrors, input, select, type FieldRef } from './forms.ts';
import { field } from './http.ts';
import { html, type Html } from './html.ts';

const DEFAULT_COUNTRY = 'US';
export const ADDRESS_FIELDS: Record<string, FieldRef> = {
  firstname: { id: 'firstname', label: 'First Name' },
  lastname: { id: 'lastname', label: 'Last Name' },
  company: { id: 'company', label: 'Company' },
  telephone: { id: 'telephone', label: 'Phone Number' },
  street: { id: 'street_1', label: 'Street Address' },
  city: { id: 'city', label: 'City' },
  countryId: { id: 'country', label: 'Country' },
  regionId: { id: 'region_id', label: 'State/Province' },
  postcode: { id: 'zip', label: 'Zip/Postal Code' },
  vatId: { id: 'vat_id', label: 'VAT Number' },
};

/** The address as the service takes it back, unchanged: what the book keeps when another entry changes. */
export function asInput(a: Address): AddressInput {
  return {
    id: a.id,
    firstname: a.firstname,
    lastname: a.lastname,
    middlename: a.middlename,
    prefix: a.prefix,
    suffix: a.suffix,
    company: a.company,
    telephone: a.telephone,
    fax: a.fax,
    street: a.street,
    city: a.city,
    postcode: a.postcode,
    countryId: a.countryId,
    regionId: a.regionId,
    region: { region: a.region.region, regionCode: a.region.regionCode, regionId: a.regionId },
    vatId: a.vatId,
    customAttributes: a.customAttributes,
  };
}



export interface AddressValues {
  id: number | null;
  firstname: string;
  lastname: string;
  company: string;
  telephone: string;
  street: string[];
  city: string;
  countryId: string;
  regionId: string;
  region: string;
  postcode: string;
  defaultBilling: boolean;
  defaultShipping: boolean;
}

export function addressValuesOf(address: Address | undefined, customer: Pick<Customer, 'firstname' | 'lastname'>): AddressValues {
  if (!address) {
    return { id: null, firstname: customer.firstname, lastname: customer.lastname, company: '', telephone: '', street: [], city: '', countryId: DEFAULT_COUNTRY, regionId: '', region: '', postcode: '', defaultBilling: false, defaultShipping: false };
  }
  return {
    id: address.id,
    firstname: address.firstname,
    lastname: address.lastname,
    company: address.company ?? '',
    telephone: address.telephone ?? '',
    street: address.street,
    city: address.city,
    countryId: address.countryId,
    regionId: address.regionId ? String(address.regionId) : '',
    region: address.regionId ? '' : (address.region.region ?? ''),
    postcode: address.postcode ?? '',
    defaultBilling: false,
    defaultShipping: false,
  };
}

export function countryOptions(directory: Directory, selected: string): Html {
  const countries = [...directory.allCountries()].sort((a, b) => a.name.localeCompare(b.name));
  return html`${countries.map((c) => html`<option value="${c.id}"${c.id === selected ? html` selected` : ''}>${c.name}</option>`)}`;
}

/** Without JavaScript one list serves every country: the regions grouped under their country's name. */
export function regionOptions(directory: Directory, selected: string): Html {
  const groups = [...directory.allCountries()]
    .filter((c) => directory.regionsOf(c.id).length > 0)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => html`<optgroup label="${c.name}" data-country="${c.id}">${directory.regionsOf(c.id).map((r) => html`<option value="${r.id}"${String(r.id) === selected ? html` selected` : ''}>${r.name}</option>`)}</optgroup>`);
  return html`<option value="">Please select a region, state or province.</option>${groups}`;
}

export function postedAddressValues(b: Record<string, unknown>): AddressValues {
  const street = Array.isArray(b.street) ? b.street.filter((s): s is string => typeof s === 'string') : [];
  const id = Number(field(b, 'id'));
  return {
    id: Number.isInteger(id) && id > 0 ? id : null,
    firstname: field(b, 'firstname'),
    lastname: field(b, 'lastname'),
    company: field(b, 'company'),
    telephone: field(b, 'telephone'),
    street,
    city: field(b, 'city'),
    countryId: field(b, 'country_id'),
    regionId: field(b, 'region_id'),
    region: field(b, 'region'),
    postcode: field(b, 'postcode'),
    defaultBilling: field(b, 'default_billing') === '1',
    defaultShipping: field(b, 'default_shipping') === '1',
  };
}


/** The contact and address fieldsets, with `lines` street lines (customer/address/street_lines). */
export function addressFieldsets(directory: Directory, v: AddressValues, lines: number, errors: FormErrors, extra: Html = html``): Html {
  const streetInputs = Array.from({ length: lines }, (_, i) =>
    input({ id: `street_${i + 1}`, name: `street[${i}]`, label: i === 0 ? 'Street Address' : `Street Address Line ${i + 1}`, value: v.street[i] ?? '', required: i === 0, autocomplete: `address-line${i + 1}`, errors }),
  );
  return html`<fieldset><legend>Contact Information</legend>
      ${input({ id: 'firstname', label: 'First Name', value: v.firstname, required: true, autocomplete: 'given-name', errors })}
      ${input({ id: 'lastname', label: 'Last Name', value: v.lastname, required: true, autocomplete: 'family-name', errors })}
      ${input({ id: 'company', label: 'Company', value: v.company, autocomplete: 'organization', errors })}
      ${input({ id: 'telephone', label: 'Phone Number', type: 'tel', value: v.telephone, required: true, autocomplete: 'tel', errors })}
    </fieldset>
    <fieldset><legend>Address</legend>
      ${streetInputs}
      ${input({ id: 'city', label: 'City', value: v.city, required: true, autocomplete: 'address-level2', errors })}
      ${select({ id: 'country', name: 'country_id', label: 'Country', required: true, errors, options: countryOptions(directory, v.countryId) })}
      ${select({ id: 'region_id', label: 'State/Province', hint: 'Choose from the list when your country has one.', errors, options: regionOptions(directory, v.regionId) })}
      ${input({ id: 'region', label: 'State/Province (if not listed)', value: v.region, autocomplete: 'address-level1', errors })}
      ${input({ id: 'zip', name: 'postcode', label: 'Zip/Postal Code', value: v.postcode, autocomplete: 'postal-code', errors })}
      ${extra}
    </fieldset>`;
}

/** The form's values as the services take an address. */
export function addressInputOf(v: AddressValues, directory: Directory): AddressInput {
  const listed = directory.regionsOf(v.countryId).length > 0;
  const regionId = listed && /^\d+$/.test(v.regionId) ? Number(v.regionId) : null;
  const regionText = regionId === null && v.region.trim() !== '' ? v.region : null;
  // Trailing empty street lines are not lines.
  const street = [...v.street];
  while (street.length > 1 && street[street.length - 1].trim() === '') street.pop();
  return {
    id: v.id,
    firstname: v.firstname,
    lastname: v.lastname,
    company: v.company,
    telephone: v.telephone,
    street,
    city: v.city,
    countryId: v.countryId,
    postcode: v.postcode,
    regionId,
    region: { region: regionText, regionCode: null, regionId },
    defaultBilling: v.defaultBilling,
    defaultShipping: v.defaultShipping,
  };
}
