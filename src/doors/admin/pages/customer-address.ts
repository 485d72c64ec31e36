// The customer page's addresses: list, add, edit, delete, defaults. Every change is the admin
// save of the whole customer with its address list (PUT /V1/customers/:id), so validation,
// messages and the moving of defaults are the API's own.
import type { FastifyReply } from 'fastify';
import type { Address, AddressInput, Customer } from '../../../customers/model.ts';
import { DomainError, NoSuchEntityError } from '../../../errors/domain-errors.ts';
import { ADDRESS_FIELDS, addressFieldsets, addressInputOf, addressValuesOf, asInput, postedAddressValues, type AddressValues } from '../../html/address-form.ts';
import { checkbox, FormErrors, formKey } from '../../html/forms.ts';
import { html, type Html } from '../../html/html.ts';
import { adminFormErrors } from '../kit/errors.ts';
import { adminLayout } from '../kit/layout.ts';
import { intOf, redirect, sendHtml, takeFlash, url, type AdminPage } from '../kit/context.ts';

export function customerAddresses(page: AdminPage, c: Customer): Html {
  const { directory } = page.services;
  const rows = c.addresses.map((a) => {
    const label = `${a.street[0] ?? ''}, ${a.city}`;
    const defaults = [a.id === c.defaultBilling ? 'Default Billing Address' : '', a.id === c.defaultShipping ? 'Default Shipping Address' : ''].filter(Boolean).join(', ');
    return html`<tr>
      <td>${a.firstname} ${a.lastname}</td><td>${a.street.join(', ')}</td><td>${a.city}</td><td>${a.region.region ?? ''}</td><td>${a.postcode ?? ''}</td>
      <td>${directory.country(a.countryId)?.name ?? a.countryId}</td><td>${a.telephone ?? ''}</td><td>${defaults}</td>
      <td><div class="actions"><a href="${url(page, `customer/address/edit/customer/${c.id}/id/${a.id}/`)}">Edit<span class="visually-hidden"> ${label}</span></a>
        <form method="post" action="${url(page, `customer/address/delete/customer/${c.id}/id/${a.id}/`)}" class="inline">${formKey(page.session!.formKey)}<button type="submit" class="link">Delete<span class="visually-hidden"> ${label}</span></button></form></div></td>
    </tr>`;
  });
  return html`<h2>Addresses</h2>
    <div class="page-actions"><a class="button secondary" href="${url(page, `customer/address/new/customer/${c.id}/`)}">Add New Address</a></div>
    ${c.addresses.length
      ? html`<div class="grid-wrap"><table class="grid"><caption class="visually-hidden">Addresses</caption><thead><tr><th scope="col">Name</th><th scope="col">Street Address</th><th scope="col">City</th><th scope="col">State/Province</th><th scope="col">Zip/Postal Code</th><th scope="col">Country</th><th scope="col">Phone</th><th scope="col">Default</th><th scope="col">Actions</th></tr></thead><tbody>${rows}</tbody></table></div>`
      : html`<p>The customer does not have default addresses.</p>`}`;
}

async function customerOf(page: AdminPage): Promise<Customer | null> {
  try {
    return await page.services.accounts.getById(page.ctx, intOf(page.params.customer) ?? 0);
  } catch (error) {
    if (error instanceof NoSuchEntityError) return null;
    throw error;
  }
}

export async function addressFormPage(page: AdminPage, status = 200, errors = new FormErrors(), posted?: AddressValues): Promise<FastifyReply> {
  const customer = await customerOf(page);
  if (!customer) return redirect(page, 'customer/index/', [{ type: 'error', text: 'The customer no longer exists.' }]);
  const id = intOf(page.params.id) ?? posted?.id ?? null;
  const existing = id !== null ? customer.addresses.find((a) => a.id === id) : undefined;
  if (id !== null && !existing) return redirect(page, `customer/index/edit/id/${customer.id}/`, [{ type: 'error', text: "We can't find the address." }]);
  const v = posted ?? { ...addressValuesOf(existing, customer), defaultBilling: existing?.id === customer.defaultBilling, defaultShipping: existing?.id === customer.defaultShipping };
  const store = (await page.services.stores.viewById(customer.storeId)) ?? undefined;
  const lines = Math.max(1, await page.services.config.getNumber('customer/address/street_lines', store));
  const defaults = html`${checkbox({ id: 'default_billing', label: 'Default Billing Address', checked: v.defaultBilling })}${checkbox({ id: 'default_shipping', label: 'Default Shipping Address', checked: v.defaultShipping })}`;
  const content = html`<form class="stack" method="post" action="${url(page, `customer/address/save/customer/${customer.id}/`)}" novalidate>
    ${formKey(page.session!.formKey)}${v.id ? html`<input type="hidden" name="id" value="${v.id}">` : ''}
    ${addressFieldsets(page.services.directory, v, lines, errors, defaults)}
    <div class="actions"><button type="submit">Save Address</button><a href="${url(page, `customer/index/edit/id/${customer.id}/`)}">Back to ${customer.firstname} ${customer.lastname}</a></div>
  </form>`;
  const messages = [...(await takeFlash(page)), ...errors.all().map((text) => ({ type: 'error' as const, text }))];
  return sendHtml(page, status, adminLayout(page, { title: existing ? 'Edit Address' : 'Add New Address', content, current: 'customer/index/', messages }));
}

/** The whole customer, saved with the changed address list. */
async function saveAddresses(page: AdminPage, c: Customer, addresses: AddressInput[], defaults: { billing?: boolean; shipping?: boolean } = {}) {
  return page.services.accounts.saveCustomer(page.ctx, { id: c.id, email: c.email, firstname: c.firstname, lastname: c.lastname, websiteId: c.websiteId, addresses, ...defaultsKept(c, addresses, defaults) }, 'admin');
}

/** The customer-level defaults that still name a kept address (an address given as default wins). */
function defaultsKept(c: Customer, addresses: AddressInput[], given: { billing?: boolean; shipping?: boolean }) {
  const kept = new Set(addresses.map((a) => a.id).filter((id): id is number => typeof id === 'number'));
  return {
    defaultBilling: !given.billing && c.defaultBilling && kept.has(c.defaultBilling) ? String(c.defaultBilling) : null,
    defaultShipping: !given.shipping && c.defaultShipping && kept.has(c.defaultShipping) ? String(c.defaultShipping) : null,
  };
}

export async function addressSave(page: AdminPage): Promise<FastifyReply> {
  const customer = await customerOf(page);
  if (!customer) return redirect(page, 'customer/index/', [{ type: 'error', text: 'The customer no longer exists.' }]);
  const v = postedAddressValues(page.body);
  if (v.id !== null && !customer.addresses.some((a) => a.id === v.id)) return redirect(page, `customer/index/edit/id/${customer.id}/`, [{ type: 'error', text: "We can't find the address." }]);
  const posted = addressInputOf(v, page.services.directory);
  const keep = (a: Address): AddressInput => ({ ...asInput(a), defaultBilling: v.defaultBilling ? false : a.id === customer.defaultBilling, defaultShipping: v.defaultShipping ? false : a.id === customer.defaultShipping });
  const list = customer.addresses.map((a) => (a.id === v.id ? { ...asInput(a), ...posted } : keep(a)));
  try {
    await saveAddresses(page, customer, v.id === null ? [...list, posted] : list, { billing: true, shipping: true });
  } catch (error) {
    if (error instanceof DomainError) return addressFormPage(page, 400, adminFormErrors(error, ADDRESS_FIELDS), v);
    throw error;
  }
  return redirect(page, `customer/index/edit/id/${customer.id}/`, [{ type: 'success', text: 'You saved the address.' }]);
}

export async function addressDelete(page: AdminPage): Promise<FastifyReply> {
  const customer = await customerOf(page);
  if (!customer) return redirect(page, 'customer/index/', [{ type: 'error', text: 'The customer no longer exists.' }]);
  const id = intOf(page.params.id);
  if (!customer.addresses.some((a) => a.id === id)) return redirect(page, `customer/index/edit/id/${customer.id}/`, [{ type: 'error', text: "We can't find the address." }]);
  await saveAddresses(page, customer, customer.addresses.filter((a) => a.id !== id).map(asInput));
  return redirect(page, `customer/index/edit/id/${customer.id}/`, [{ type: 'success', text: 'You deleted the address.' }]);
}
