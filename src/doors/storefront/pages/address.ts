// Address Book: default billing and shipping, additional entries; add, edit, delete, make default.
// Every change goes through AccountService.updateOwnAccount with the whole address list, so the
// validation, its messages and the moving of defaults are the API's own.
import type { Address, AddressInput, Customer } from '../../../customers/model.ts';
import { DomainError } from '../../../errors/domain-errors.ts';
import { field, redirect, sendHtml, takeFlash, url, validFormKey, type Page } from '../kit/context.ts';
import { checkbox, FormErrors, formKey, input, select, type FieldRef } from '../kit/forms.ts';
import { html, type Html } from '../kit/html.ts';
import { ADDRESS_SCRIPT_PATH, layout } from '../kit/layout.ts';
import { addressBlock } from './address-view.ts';
import { INVALID_FORM_KEY } from './login.ts';

const DEFAULT_COUNTRY = 'US';
const ADDRESS_FIELDS: Record<string, FieldRef> = {
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
function asInput(a: Address): AddressInput {
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



function ownAddress(customer: Customer, rawId: unknown): Address | undefined {
  const id = Number(rawId);
  return Number.isInteger(id) ? customer.addresses.find((a) => a.id === id) : undefined;
}

export async function addressBookPage(page: Page) {
  const customer = page.customer;
  if (!customer) return redirect(page, 'customer/account/login/');
  if (customer.addresses.length === 0) return redirect(page, 'customer/address/new/');
  const { directory } = page.deps.services;
  const box = (kind: 'billing' | 'shipping') => {
    const address = customer.addresses.find((a) => a.id === (kind === 'billing' ? customer.defaultBilling : customer.defaultShipping));
    const title = kind === 'billing' ? 'Default Billing Address' : 'Default Shipping Address';
    return html`<section class="box" aria-labelledby="book-${kind}">
      <h3 id="book-${kind}">${title}</h3>
      ${address ? addressBlock(address, directory) : html`<p>You have no default ${kind} address in your address book.</p>`}
      ${address ? html`<div class="actions"><a href="${url(page, `customer/address/edit/id/${address.id}/`)}">Change ${kind === 'billing' ? 'Billing' : 'Shipping'} Address</a></div>` : ''}
    </section>`;
  };
  const others = customer.addresses.filter((a) => a.id !== customer.defaultBilling && a.id !== customer.defaultShipping);
  const rows = others.map((a) => {
    const label = `${a.street[0] ?? ''}, ${a.city}`;
    return html`<tr>
      <td>${a.firstname} ${a.lastname}</td><td>${a.street.join(', ')}</td><td>${a.city}</td>
      <td>${directory.country(a.countryId)?.name ?? a.countryId}</td><td>${a.region.region ?? ''}</td><td>${a.postcode ?? ''}</td><td>${a.telephone ?? ''}</td>
      <td><div class="actions">
        <a href="${url(page, `customer/address/edit/id/${a.id}/`)}">Edit<span class="visually-hidden"> ${label}</span></a>
        <form method="post" action="${url(page, 'customer/address/delete/')}" class="inline">
          ${formKey(page.session!.formKey)}<input type="hidden" name="id" value="${a.id}">
          <button type="submit" class="link">Delete<span class="visually-hidden"> ${label}</span></button></form>
      </div></td></tr>`;
  });
  const content = html`<h2>Default Addresses</h2>
    <div class="boxes">${box('billing')}${box('shipping')}</div>
    <h2>Additional Address Entries</h2>
    ${others.length
      ? html`<table><thead><tr><th scope="col">Name</th><th scope="col">Street Address</th><th scope="col">City</th><th scope="col">Country</th><th scope="col">State</th><th scope="col">Zip/Postal Code</th><th scope="col">Phone</th><th scope="col">Actions</th></tr></thead><tbody>${rows}</tbody></table>`
      : html`<p>You have no other address entries in your address book.</p>`}
    <div class="actions"><a class="button" href="${url(page, 'customer/address/new/')}">Add New Address</a></div>`;
  return sendHtml(page, 200, layout(page, { title: 'Address Book', content, messages: await takeFlash(page), accountNav: 'address' }));
}

interface AddressValues {
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

function valuesOf(address: Address | undefined, customer: Customer): AddressValues {
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

function countryOptions(page: Page, selected: string): Html {
  const countries = [...page.deps.services.directory.allCountries()].sort((a, b) => a.name.localeCompare(b.name));
  return html`${countries.map((c) => html`<option value="${c.id}"${c.id === selected ? html` selected` : ''}>${c.name}</option>`)}`;
}

/** Without JavaScript one list serves every country: the regions grouped under their country's name. */
function regionOptions(page: Page, selected: string): Html {
  const { directory } = page.deps.services;
  const groups = [...directory.allCountries()]
    .filter((c) => directory.regionsOf(c.id).length > 0)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => html`<optgroup label="${c.name}" data-country="${c.id}">${directory.regionsOf(c.id).map((r) => html`<option value="${r.id}"${String(r.id) === selected ? html` selected` : ''}>${r.name}</option>`)}</optgroup>`);
  return html`<option value="">Please select a region, state or province.</option>${groups}`;
}

export async function addressFormPage(page: Page, status = 200, errors = new FormErrors(), posted?: AddressValues) {
  const customer = page.customer;
  if (!customer) return redirect(page, 'customer/account/login/');
  const params = page.request.params as Record<string, string>;
  const existing = params.id !== undefined ? ownAddress(customer, params.id) : posted?.id ? ownAddress(customer, posted.id) : undefined;
  // Another customer's address id (or a made-up one) shows nothing of that address.
  if (params.id !== undefined && !existing) return redirect(page, 'customer/address/', [{ type: 'error', text: 'We can\'t find the address.' }]);
  const v = posted ?? valuesOf(existing, customer);
  const lines = Math.max(1, await page.deps.services.config.getNumber('customer/address/street_lines', page.store));
  const firstAddress = customer.addresses.length === 0;
  const isBilling = existing !== undefined && existing.id === customer.defaultBilling;
  const isShipping = existing !== undefined && existing.id === customer.defaultShipping;
  const defaults = firstAddress
    ? html`<input type="hidden" name="default_billing" value="1"><input type="hidden" name="default_shipping" value="1">
           <p>This will be your default billing and shipping address.</p>`
    : html`${isBilling ? html`<p>It's a default billing address.</p>` : checkbox({ id: 'primary_billing', name: 'default_billing', label: 'Use as my default billing address', checked: v.defaultBilling })}
           ${isShipping ? html`<p>It's a default shipping address.</p>` : checkbox({ id: 'primary_shipping', name: 'default_shipping', label: 'Use as my default shipping address', checked: v.defaultShipping })}`;
  const streetInputs = Array.from({ length: lines }, (_, i) =>
    input({ id: `street_${i + 1}`, name: `street[${i}]`, label: i === 0 ? 'Street Address' : `Street Address Line ${i + 1}`, value: v.street[i] ?? '', required: i === 0, autocomplete: `address-line${i + 1}`, errors }),
  );
  const content = html`<form class="stack" method="post" action="${url(page, 'customer/address/formPost/')}" novalidate>
    ${formKey(page.session!.formKey)}
    ${v.id ? html`<input type="hidden" name="id" value="${v.id}">` : ''}
    <fieldset><legend>Contact Information</legend>
      ${input({ id: 'firstname', label: 'First Name', value: v.firstname, required: true, autocomplete: 'given-name', errors })}
      ${input({ id: 'lastname', label: 'Last Name', value: v.lastname, required: true, autocomplete: 'family-name', errors })}
      ${input({ id: 'company', label: 'Company', value: v.company, autocomplete: 'organization', errors })}
      ${input({ id: 'telephone', label: 'Phone Number', type: 'tel', value: v.telephone, required: true, autocomplete: 'tel', errors })}
    </fieldset>
    <fieldset><legend>Address</legend>
      ${streetInputs}
      ${input({ id: 'city', label: 'City', value: v.city, required: true, autocomplete: 'address-level2', errors })}
      ${select({ id: 'country', name: 'country_id', label: 'Country', required: true, errors, options: countryOptions(page, v.countryId) })}
      ${select({ id: 'region_id', label: 'State/Province', hint: 'Choose from the list when your country has one.', errors, options: regionOptions(page, v.regionId) })}
      ${input({ id: 'region', label: 'State/Province (if not listed)', value: v.region, autocomplete: 'address-level1', errors })}
      ${input({ id: 'zip', name: 'postcode', label: 'Zip/Postal Code', value: v.postcode, autocomplete: 'postal-code', errors })}
      ${defaults}
    </fieldset>
    <div class="actions"><button type="submit">Save Address</button><a href="${url(page, 'customer/address/')}">Go back</a></div>
  </form>`;
  const title = existing ? 'Edit Address' : 'Add New Address';
  return sendHtml(page, status, layout(page, { title, content, scripts: [ADDRESS_SCRIPT_PATH], messages: [...(await takeFlash(page)), ...errors.messages()], accountNav: 'address' }));
}

function postedValues(page: Page): AddressValues {
  const b = page.body;
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

export async function addressPost(page: Page) {
  const customer = page.customer;
  if (!customer) return redirect(page, 'customer/account/login/');
  const v = postedValues(page);
  if (!validFormKey(page)) return addressFormPage(page, 403, new FormErrors().add(INVALID_FORM_KEY), v);
  if (v.id !== null && !ownAddress(customer, v.id)) return redirect(page, 'customer/address/', [{ type: 'error', text: "We can't find the address." }]);
  const { directory, accounts } = page.deps.services;
  const listed = directory.regionsOf(v.countryId).length > 0;
  const regionId = listed && /^\d+$/.test(v.regionId) ? Number(v.regionId) : null;
  const regionText = regionId === null && v.region.trim() !== '' ? v.region : null;
  // Trailing empty street lines are not lines.
  const street = [...v.street];
  while (street.length > 1 && street[street.length - 1].trim() === '') street.pop();
  const posted: AddressInput = {
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
  const kept = customer.addresses.map((a) => (a.id === v.id ? { ...asInput(a), ...posted, customAttributes: a.customAttributes, middlename: a.middlename, prefix: a.prefix, suffix: a.suffix, fax: a.fax, vatId: a.vatId } : asInput(a)));
  const addresses = v.id === null ? [...kept, posted] : kept;
  try {
    page.customer = await accounts.updateOwnAccount(page.ctx, customer.id, { addresses });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return addressFormPage(page, 400, FormErrors.from(error, ADDRESS_FIELDS), v);
  }
  return redirect(page, 'customer/address/', [{ type: 'success', text: 'You saved the address.' }]);
}

export async function addressDelete(page: Page) {
  const customer = page.customer;
  if (!customer) return redirect(page, 'customer/account/login/');
  if (!validFormKey(page)) return redirect(page, 'customer/address/', [{ type: 'error', text: INVALID_FORM_KEY }]);
  const target = ownAddress(customer, field(page.body, 'id'));
  if (!target) return redirect(page, 'customer/address/', [{ type: 'error', text: "We can't delete the address right now." }]);
  const addresses = customer.addresses.filter((a) => a.id !== target.id).map(asInput);
  await page.deps.services.accounts.updateOwnAccount(page.ctx, customer.id, { addresses });
  return redirect(page, 'customer/address/', [{ type: 'success', text: 'You deleted the address.' }]);
}
