// System › Integrations: list, add (name, email, resource access: all or a tree), credentials
// shown once, reauthorize, delete. Each change asks for the admin's own password, as Magento does.
import type { FastifyReply } from 'fastify';
import { DomainError, NoSuchEntityError } from '../../../errors/domain-errors.ts';
import type { IntegrationCredentials } from '../../../integrations/service.ts';
import { FormErrors, formKey, input } from '../../html/forms.ts';
import { html, type Html } from '../../html/html.ts';
import { aclTree, listOf, withParents } from '../kit/acl-tree.ts';
import { intOf, redirect, sendHtml, takeFlash, url, value, type AdminPage } from '../kit/context.ts';
import { adminFormErrors } from '../kit/errors.ts';
import { adminLayout } from '../kit/layout.ts';

export const WRONG_PASSWORD = 'The password entered for the current user is invalid. Verify the password and try again.';

/** The admin's own password, asked again before a sensitive change. */
export async function ownPasswordOk(page: AdminPage): Promise<boolean> {
  return page.services.admins.checkOwnPassword(page.admin!.id, value(page, 'current_password'));
}

export function ownPasswordField(errors: FormErrors): Html {
  return html`<fieldset><legend>Current User Identity Verification</legend>${input({ id: 'current_password', label: 'Your Password', type: 'password', required: true, autocomplete: 'current-password', errors })}</fieldset>`;
}

export async function integrationGrid(page: AdminPage): Promise<FastifyReply> {
  const list = await page.services.integrations.list();
  const rows = list.map(
    (i) => html`<tr><td>${i.name}</td><td>${i.email ?? ''}</td><td>${i.active ? 'Active' : 'Inactive'}</td><td>${i.resources === 'all' ? 'All' : i.resources.length}</td>
      <td><div class="actions"><a href="${url(page, `integration/reauthorize/id/${i.id}/`)}">Reauthorize<span class="visually-hidden"> ${i.name}</span></a>
      <a href="${url(page, `integration/delete/id/${i.id}/`)}">Delete<span class="visually-hidden"> ${i.name}</span></a></div></td></tr>`,
  );
  const content = html`<div class="page-actions"><a class="button" href="${url(page, 'integration/new/')}">Add New Integration</a></div>
    ${list.length ? html`<div class="grid-wrap"><table class="grid"><caption class="visually-hidden">Integrations</caption><thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Status</th><th scope="col">Resources</th><th scope="col">Actions</th></tr></thead><tbody>${rows}</tbody></table></div>` : html`<p>We couldn't find any records.</p>`}`;
  return sendHtml(page, 200, adminLayout(page, { title: 'Integrations', content, current: 'integration/', messages: await takeFlash(page) }));
}

export async function integrationNew(page: AdminPage, status = 200, errors = new FormErrors()): Promise<FastifyReply> {
  const all = page.request.method === 'POST' ? value(page, 'all_resources') !== '0' : true;
  const chosen = new Set(listOf(page.body.resource));
  const content = html`<form method="post" action="${url(page, 'integration/save/')}" class="stack" novalidate>
    ${formKey(page.session!.formKey)}
    <fieldset><legend>Integration Info</legend>
      ${input({ id: 'name', label: 'Name', value: value(page, 'name'), required: true, errors })}
      ${input({ id: 'email', label: 'Email', type: 'email', value: value(page, 'email'), errors })}
    </fieldset>
    <fieldset><legend>API</legend>
      <div class="field"><label for="all_resources">Resource Access</label><select id="all_resources" name="all_resources"><option value="1"${all ? html` selected` : ''}>All</option><option value="0"${all ? '' : html` selected`}>Custom</option></select>
      <p class="hint">With Custom, the integration may use the resources checked below.</p></div>
      <p id="resources-label"><strong>Resources</strong></p>
      ${aclTree('resource', chosen)}
    </fieldset>
    ${ownPasswordField(errors)}
    <div class="actions"><button type="submit">Save &amp; Activate</button><a href="${url(page, 'integration/')}">Back</a></div>
  </form>`;
  const messages = errors.all().map((text) => ({ type: 'error' as const, text }));
  return sendHtml(page, status, adminLayout(page, { title: 'New Integration', content, current: 'integration/', messages }));
}

function credentialsPage(page: AdminPage, c: IntegrationCredentials, verb: string): FastifyReply {
  const content = html`<div class="credentials" role="region" aria-label="Integration tokens">
    <p><strong>Keep these now: the access token and its secret are shown only this once.</strong></p>
    <dl><dt>Consumer Key</dt><dd id="consumer_key">${c.consumer_key}</dd><dt>Consumer Secret</dt><dd id="consumer_secret">${c.consumer_secret}</dd>
    <dt>Access Token</dt><dd id="access_token">${c.access_token}</dd><dt>Access Token Secret</dt><dd id="access_token_secret">${c.access_token_secret}</dd></dl></div>
    <p><a class="button" href="${url(page, 'integration/')}">Done</a></p>`;
  return sendHtml(page, 200, adminLayout(page, { title: `Integration Tokens for "${c.name}"`, content, current: 'integration/', messages: [{ type: 'success', text: `The integration '${c.name}' has been ${verb}.` }] }));
}

export async function integrationSave(page: AdminPage): Promise<FastifyReply> {
  if (!(await ownPasswordOk(page))) return integrationNew(page, 400, new FormErrors().add(WRONG_PASSWORD, 'current_password'));
  const all = value(page, 'all_resources') !== '0';
  const resources = withParents(listOf(page.body.resource));
  if (!all && resources.length === 0) return integrationNew(page, 400, new FormErrors().add('Choose at least one resource, or All.'));
  try {
    const email = value(page, 'email').trim();
    const created = await page.services.integrations.create({ name: value(page, 'name'), email: email || undefined, allResources: all, resources: all ? [] : resources });
    return credentialsPage(page, created, 'activated');
  } catch (error) {
    if (error instanceof DomainError) return integrationNew(page, 400, adminFormErrors(error, { name: 'name', email: 'email' }));
    throw error;
  }
}

async function integrationOf(page: AdminPage) {
  const id = intOf(page.params.id);
  return (await page.services.integrations.list()).find((i) => i.id === id) ?? null;
}

/** Reauthorize and Delete: a confirmation page with the password field, then the POST. */
export async function integrationConfirm(page: AdminPage, action: 'reauthorize' | 'delete', status = 200, errors = new FormErrors()): Promise<FastifyReply> {
  const integration = await integrationOf(page);
  if (!integration) return redirect(page, 'integration/', [{ type: 'error', text: 'This integration no longer exists.' }]);
  const what = action === 'delete' ? html`<p>Are you sure you want to delete the integration "${integration.name}"? Its tokens stop working at once.</p>` : html`<p>Reauthorizing "${integration.name}" issues a new access token and secret; the old ones stop working at once.</p>`;
  const content = html`${what}<form method="post" action="${url(page, `integration/${action}/id/${integration.id}/`)}" class="stack" novalidate>
    ${formKey(page.session!.formKey)}${ownPasswordField(errors)}
    <div class="actions"><button type="submit"${action === 'delete' ? html` class="danger"` : ''}>${action === 'delete' ? 'Delete' : 'Reauthorize'}</button><a href="${url(page, 'integration/')}">Cancel</a></div></form>`;
  const messages = errors.all().map((text) => ({ type: 'error' as const, text }));
  return sendHtml(page, status, adminLayout(page, { title: action === 'delete' ? 'Delete Integration' : 'Reauthorize Integration', content, current: 'integration/', messages }));
}

export async function integrationAct(page: AdminPage, action: 'reauthorize' | 'delete'): Promise<FastifyReply> {
  const integration = await integrationOf(page);
  if (!integration) return redirect(page, 'integration/', [{ type: 'error', text: 'This integration no longer exists.' }]);
  if (!(await ownPasswordOk(page))) return integrationConfirm(page, action, 400, new FormErrors().add(WRONG_PASSWORD, 'current_password'));
  try {
    if (action === 'delete') {
      await page.services.integrations.delete(integration.name);
      return redirect(page, 'integration/', [{ type: 'success', text: `The integration '${integration.name}' has been deleted.` }]);
    }
    return credentialsPage(page, await page.services.integrations.reauthorize(integration.name), 'reauthorized');
  } catch (error) {
    if (error instanceof NoSuchEntityError) return redirect(page, 'integration/', [{ type: 'error', text: 'This integration no longer exists.' }]);
    throw error;
  }
}
