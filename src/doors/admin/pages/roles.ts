// System › Permissions › User Roles: list, add, edit (name and resource tree).
import type { FastifyReply } from 'fastify';
import { DomainError } from '../../../errors/domain-errors.ts';
import { FormErrors, formKey, input } from '../../html/forms.ts';
import { html } from '../../html/html.ts';
import { aclTree, listOf, withParents } from '../kit/acl-tree.ts';
import { intOf, redirect, sendHtml, takeFlash, url, value, type AdminPage } from '../kit/context.ts';
import { adminFormErrors } from '../kit/errors.ts';
import { adminLayout } from '../kit/layout.ts';
import { ownPasswordField, ownPasswordOk, WRONG_PASSWORD } from './integrations.ts';

export async function roleGrid(page: AdminPage): Promise<FastifyReply> {
  const roles = await page.services.roles.list();
  const rows = roles.map((r) => html`<tr><td>${r.id}</td><td>${r.name}</td><td>${r.resources.length}</td><td><a href="${url(page, `admin/user_role/editrole/rid/${r.id}/`)}">Edit<span class="visually-hidden"> ${r.name}</span></a></td></tr>`);
  const content = html`<div class="page-actions"><a class="button" href="${url(page, 'admin/user_role/editrole/')}">Add New Role</a></div>
    <p>Users without a role are Administrators: they hold every resource.</p>
    ${roles.length ? html`<div class="grid-wrap"><table class="grid"><caption class="visually-hidden">Roles</caption><thead><tr><th scope="col">ID</th><th scope="col">Role</th><th scope="col">Resources</th><th scope="col">Action</th></tr></thead><tbody>${rows}</tbody></table></div>` : html`<p>We couldn't find any records.</p>`}`;
  return sendHtml(page, 200, adminLayout(page, { title: 'Roles', content, current: 'admin/user_role/', messages: await takeFlash(page) }));
}

export async function roleForm(page: AdminPage, status = 200, errors = new FormErrors()): Promise<FastifyReply> {
  const id = intOf(page.params.rid);
  const role = id !== null ? (await page.services.roles.list()).find((r) => r.id === id) : undefined;
  if (id !== null && !role) return redirect(page, 'admin/user_role/', [{ type: 'error', text: 'This role no longer exists.' }]);
  const posted = page.request.method === 'POST';
  const chosen = new Set(posted ? listOf(page.body.resource) : (role?.resources ?? []));
  const content = html`<form method="post" action="${url(page, role ? `admin/user_role/saverole/rid/${role.id}/` : 'admin/user_role/saverole/')}" class="stack" novalidate>
    ${formKey(page.session!.formKey)}
    <fieldset><legend>Role Information</legend>${input({ id: 'role_name', label: 'Role Name', value: posted ? value(page, 'role_name') : (role?.name ?? ''), required: true, errors })}</fieldset>
    <fieldset><legend>Role Resources</legend>${aclTree('resource', chosen)}</fieldset>
    ${ownPasswordField(errors)}
    <div class="actions"><button type="submit">Save Role</button><a href="${url(page, 'admin/user_role/')}">Back</a></div></form>`;
  const messages = errors.all().map((text) => ({ type: 'error' as const, text }));
  return sendHtml(page, status, adminLayout(page, { title: role ? `Edit Role '${role.name}'` : 'New Role', content, current: 'admin/user_role/', messages }));
}

export async function roleSave(page: AdminPage): Promise<FastifyReply> {
  if (!(await ownPasswordOk(page))) return roleForm(page, 400, new FormErrors().add(WRONG_PASSWORD, 'current_password'));
  const id = intOf(page.params.rid);
  const resources = withParents(listOf(page.body.resource));
  try {
    if (id === null) await page.services.roles.create(value(page, 'role_name'), resources);
    else await page.services.roles.update(id, value(page, 'role_name'), resources);
  } catch (error) {
    if (error instanceof DomainError) return roleForm(page, 400, adminFormErrors(error, { role_name: 'role_name' }));
    throw error;
  }
  return redirect(page, 'admin/user_role/', [{ type: 'success', text: 'You saved the role.' }]);
}
