// Customers › Edit / New Customer: account information (the same admin save as PUT
// /V1/customers/:id), and the buttons Save, Delete, Reset Password, Unlock and Keyfront's
// "Sign out everywhere". Addresses are on customer-address.ts.
import type { FastifyReply } from 'fastify';
import { EMAIL_RESET } from '../../../customers/password-service.ts';
import type { Customer, CustomerInput } from '../../../customers/model.ts';
import { USER_TYPE_CUSTOMER } from '../../../auth/principal.ts';
import { DomainError, NoSuchEntityError } from '../../../errors/domain-errors.ts';
import { checkbox, FormErrors, formKey, input, select } from '../../html/forms.ts';
import { html, type Html } from '../../html/html.ts';
import { adminFormErrors } from '../kit/errors.ts';
import { customerAddresses } from './customer-address.ts';
import { adminLayout } from '../kit/layout.ts';
import { intOf, redirect, sendHtml, takeFlash, url, value, type AdminPage } from '../kit/context.ts';

const FIELD_IDS = { email: 'email', firstname: 'firstname', lastname: 'lastname', group_id: 'group_id', dob: 'dob', website_id: 'website_id' };

interface Values {
  email: string;
  firstname: string;
  lastname: string;
  groupId: string;
  websiteId: string;
  dob: string;
  gender: string;
  subscribed: boolean;
}

function valuesOf(c: Customer): Values {
  return { email: c.email, firstname: c.firstname, lastname: c.lastname, groupId: String(c.groupId), websiteId: String(c.websiteId), dob: c.dob ?? '', gender: c.gender ? String(c.gender) : '', subscribed: c.isSubscribed };
}

function posted(page: AdminPage): Values {
  return {
    email: value(page, 'email'),
    firstname: value(page, 'firstname'),
    lastname: value(page, 'lastname'),
    groupId: value(page, 'group_id'),
    websiteId: value(page, 'website_id'),
    dob: value(page, 'dob'),
    gender: value(page, 'gender'),
    subscribed: value(page, 'is_subscribed') === '1',
  };
}

const option = (v: string, label: string, current: string) => html`<option value="${v}"${v === current ? html` selected` : ''}>${label}</option>`;

async function accountForm(page: AdminPage, customer: Customer | null, v: Values, errors: FormErrors): Promise<Html> {
  const groups = (await page.services.groups.search({ filterGroups: [], sortOrders: null, pageSize: null, currentPage: null })).items.filter((g) => g.id !== 0);
  const { websites } = await page.services.stores.scopes();
  const action = customer ? `customer/index/save/id/${customer.id}/` : 'customer/index/save/';
  return html`<form method="post" action="${url(page, action)}" class="stack" novalidate>
    ${formKey(page.session!.formKey)}
    <fieldset><legend>Account Information</legend>
    ${select({ id: 'website_id', label: 'Associate to Website', required: true, errors, options: html`${websites.filter((w) => w.id !== 0).map((w) => option(String(w.id), w.name, v.websiteId))}` })}
    ${select({ id: 'group_id', label: 'Group', required: true, errors, options: html`${groups.map((g) => option(String(g.id), g.code, v.groupId))}` })}
    ${input({ id: 'firstname', label: 'First Name', value: v.firstname, required: true, errors })}
    ${input({ id: 'lastname', label: 'Last Name', value: v.lastname, required: true, errors })}
    ${input({ id: 'email', label: 'Email', type: 'email', value: v.email, required: true, errors })}
    ${input({ id: 'dob', label: 'Date of Birth', value: v.dob, hint: 'YYYY-MM-DD', errors })}
    ${select({ id: 'gender', label: 'Gender', options: html`${option('', ' ', v.gender)}${option('1', 'Male', v.gender)}${option('2', 'Female', v.gender)}${option('3', 'Not Specified', v.gender)}` })}
    ${checkbox({ id: 'is_subscribed', label: 'Newsletter Subscription', checked: v.subscribed })}
    </fieldset>
    <div class="actions"><button type="submit">Save Customer</button></div>
  </form>`;
}

function buttons(page: AdminPage, c: Customer): Html {
  const action = (path: string, label: string, cls = 'secondary') =>
    html`<form method="post" action="${url(page, `customer/index/${path}/id/${c.id}/`)}" class="inline">${formKey(page.session!.formKey)}<button type="submit" class="${cls}">${label}</button></form>`;
  return html`<div class="page-actions">
    <a class="button secondary" href="${url(page, 'customer/index/')}">Back</a>
    ${action('resetPassword', 'Reset Password')}${action('unlock', 'Unlock')}${action('signOutEverywhere', 'Sign out everywhere')}${action('delete', 'Delete Customer', 'danger')}
  </div>`;
}

export async function customerEditPage(page: AdminPage, status = 200, errors = new FormErrors(), values?: Values): Promise<FastifyReply> {
  const id = intOf(page.params.id);
  let customer: Customer | null = null;
  if (id !== null) {
    try {
      customer = await page.services.accounts.getById(page.ctx, id);
    } catch (error) {
      if (error instanceof NoSuchEntityError) return redirect(page, 'customer/index/', [{ type: 'error', text: 'Something went wrong while editing the customer.' }]);
      throw error;
    }
  }
  const { websites } = await page.services.stores.scopes();
  const defaults: Values = { email: '', firstname: '', lastname: '', groupId: String(await page.services.config.getNumber('customer/create_account/default_group')), websiteId: String(websites.find((w) => w.isDefault)?.id ?? 1), dob: '', gender: '', subscribed: false };
  const v = values ?? (customer ? valuesOf(customer) : defaults);
  const messages = [...(await takeFlash(page)), ...errors.summary.map((text) => ({ type: 'error' as const, text }))];
  let content = await accountForm(page, customer, v, errors);
  if (customer) {
    const locked = (await page.services.authentication.lockedAmong(page.ctx, [customer.id])).has(customer.id);
    content = html`${buttons(page, customer)}
      <p>Customer ID ${customer.id} · Customer Since ${customer.createdAt} · Account Lock: <strong>${locked ? 'Locked' : 'Unlocked'}</strong> · Account Created in ${customer.createdIn ?? ''}</p>
      ${content}${customerAddresses(page, customer)}`;
  }
  const title = customer ? `${customer.firstname} ${customer.lastname}` : 'New Customer';
  return sendHtml(page, status, adminLayout(page, { title, content, current: 'customer/index/', messages }));
}

export async function customerSave(page: AdminPage): Promise<FastifyReply> {
  const id = intOf(page.params.id);
  const v = posted(page);
  const input: CustomerInput = {
    email: v.email,
    firstname: v.firstname,
    lastname: v.lastname,
    groupId: intOf(v.groupId),
    websiteId: intOf(v.websiteId),
    dob: v.dob || null,
    gender: intOf(v.gender),
    isSubscribed: v.subscribed,
  };
  try {
    const saved = id !== null ? await page.services.accounts.saveCustomer(page.ctx, { ...input, id }, 'admin') : await page.services.accounts.createAccount(page.ctx, input, null);
    return redirect(page, `customer/index/edit/id/${saved.id}/`, [{ type: 'success', text: 'You saved the customer.' }]);
  } catch (error) {
    if (error instanceof DomainError) return customerEditPage(page, 400, adminFormErrors(error, FIELD_IDS), v);
    throw error;
  }
}

/** The buttons of the edit page, each one POST with the form key. */
export async function customerAction(page: AdminPage, action: 'delete' | 'resetPassword' | 'unlock' | 'signOutEverywhere'): Promise<FastifyReply> {
  const id = intOf(page.params.id);
  const { services, ctx } = page;
  let customer: Customer;
  try {
    customer = await services.accounts.getById(ctx, id ?? 0);
  } catch (error) {
    if (error instanceof NoSuchEntityError) return redirect(page, 'customer/index/', [{ type: 'error', text: 'The customer no longer exists.' }]);
    throw error;
  }
  const back = `customer/index/edit/id/${customer.id}/`;
  switch (action) {
    case 'delete':
      await services.accounts.deleteCustomer(ctx, customer.id);
      return redirect(page, 'customer/index/', [{ type: 'success', text: 'You deleted the customer.' }]);
    case 'resetPassword':
      try {
        await services.passwords.initiatePasswordReset(ctx, customer.email, EMAIL_RESET, customer.websiteId);
      } catch (error) {
        if (error instanceof DomainError) return redirect(page, back, adminFormErrors(error).all().map((text) => ({ type: 'error' as const, text })));
        throw error;
      }
      return redirect(page, back, [{ type: 'success', text: 'The customer will receive an email with a link to reset password.' }]);
    case 'unlock':
      await services.authentication.unlock(ctx, customer.id);
      return redirect(page, back, [{ type: 'success', text: 'Customer has been unlocked successfully.' }]);
    case 'signOutEverywhere':
      await services.tokens.revokeAll(USER_TYPE_CUSTOMER, customer.id);
      await services.sessions.destroyForCustomer(customer.id);
      return redirect(page, back, [{ type: 'success', text: "The customer's tokens were revoked and storefront sessions ended." }]);
  }
}
