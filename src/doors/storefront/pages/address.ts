// Address Book: default billing and shipping, additional entries; add, edit, delete, make default.
// Every change goes through AccountService.updateOwnAccount with the whole address list, so the
// validation, its messages and the moving of defaults are the API's own.
import type { Address, Customer } from '../../../customers/model.ts';
import { DomainError } from '../../../errors/domain-errors.ts';
import { field, redirect, sendHtml, takeFlash, url, validFormKey, type Page } from '../kit/context.ts';
import { checkbox, FormErrors, formKey } from '../../html/forms.ts';
import { formErrors } from '../kit/forms.ts';
import { html, type Html } from '../../html/html.ts';
import { ADDRESS_SCRIPT_PATH, layout } from '../kit/layout.ts';
import { addressBlock } from './address-view.ts';
import { ADDRESS_FIELDS, addressFieldsets, addressInputOf, addressValuesOf, asInput, postedAddressValues, type AddressValues } from '../../html/address-form.ts';
import { INVALID_FORM_KEY } from './login.ts';

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

export async function addressFormPage(page: Page, status = 200, errors = new FormErrors(), posted?: AddressValues) {
  const customer = page.customer;
  if (!customer) return redirect(page, 'customer/account/login/');
  const params = page.request.params as Record<string, string>;
  const existing = params.id !== undefined ? ownAddress(customer, params.id) : posted?.id ? ownAddress(customer, posted.id) : undefined;
  // Another customer's address id (or a made-up one) shows nothing of that address.
  if (params.id !== undefined && !existing) return redirect(page, 'customer/address/', [{ type: 'error', text: 'We can\'t find the address.' }]);
  const v = posted ?? addressValuesOf(existing, customer);
  const lines = Math.max(1, await page.deps.services.config.getNumber('customer/address/street_lines', page.store));
  const firstAddress = customer.addresses.length === 0;
  const isBilling = existing !== undefined && existing.id === customer.defaultBilling;
  const isShipping = existing !== undefined && existing.id === customer.defaultShipping;
  const defaults = firstAddress
    ? html`<input type="hidden" name="default_billing" value="1"><input type="hidden" name="default_shipping" value="1">
           <p>This will be your default billing and shipping address.</p>`
    : html`${isBilling ? html`<p>It's a default billing address.</p>` : checkbox({ id: 'primary_billing', name: 'default_billing', label: 'Use as my default billing address', checked: v.defaultBilling })}
           ${isShipping ? html`<p>It's a default shipping address.</p>` : checkbox({ id: 'primary_shipping', name: 'default_shipping', label: 'Use as my default shipping address', checked: v.defaultShipping })}`;
  const content = html`<form class="stack" method="post" action="${url(page, 'customer/address/formPost/')}" novalidate>
    ${formKey(page.session!.formKey)}
    ${v.id ? html`<input type="hidden" name="id" value="${v.id}">` : ''}
    ${addressFieldsets(page.deps.services.directory, v, lines, errors, defaults)}
    <div class="actions"><button type="submit">Save Address</button><a href="${url(page, 'customer/address/')}">Go back</a></div>
  </form>`;
  const title = existing ? 'Edit Address' : 'Add New Address';
  return sendHtml(page, status, layout(page, { title, content, scripts: [ADDRESS_SCRIPT_PATH], messages: [...(await takeFlash(page)), ...errors.messages()], accountNav: 'address' }));
}

export async function addressPost(page: Page) {
  const customer = page.customer;
  if (!customer) return redirect(page, 'customer/account/login/');
  const v = postedAddressValues(page.body);
  if (!validFormKey(page)) return addressFormPage(page, 403, new FormErrors().add(INVALID_FORM_KEY), v);
  if (v.id !== null && !ownAddress(customer, v.id)) return redirect(page, 'customer/address/', [{ type: 'error', text: "We can't find the address." }]);
  const { accounts } = page.deps.services;
  const posted = addressInputOf(v, page.deps.services.directory);
  const kept = customer.addresses.map((a) => (a.id === v.id ? { ...asInput(a), ...posted, customAttributes: a.customAttributes, middlename: a.middlename, prefix: a.prefix, suffix: a.suffix, fax: a.fax, vatId: a.vatId } : asInput(a)));
  const addresses = v.id === null ? [...kept, posted] : kept;
  try {
    page.customer = await accounts.updateOwnAccount(page.ctx, customer.id, { addresses });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return addressFormPage(page, 400, formErrors(error, ADDRESS_FIELDS), v);
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
