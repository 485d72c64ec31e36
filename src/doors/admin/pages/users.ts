// System › Permissions › All Users: list, add, edit (names, email, active, password, role),
// unlock (the sign-in throttle forgets the user name), reset 2FA. Every save asks for the
// signed-in admin's own password, as Magento does.
import type { FastifyReply } from 'fastify';
import type { AdminUser } from '../../../admin/service.ts';
import { DomainError } from '../../../errors/domain-errors.ts';
import { checkbox, FormErrors, formKey, input, select } from '../../html/forms.ts';
import { html } from '../../html/html.ts';
import { intOf, redirect, sendHtml, takeFlash, url, value, type AdminPage } from '../kit/context.ts';
import { adminFormErrors } from '../kit/errors.ts';
import { adminLayout } from '../kit/layout.ts';
import { ownPasswordField, ownPasswordOk, WRONG_PASSWORD } from './integrations.ts';

export async function userGrid(page: AdminPage): Promise<FastifyReply> {
  const users = await page.services.admins.list();
  const roles = new Map((await page.services.roles.list()).map((r) => [r.id, r.name]));
  const rows = [];
  for (const u of users) {
    const roleId = await page.services.roles.roleIdOf(u.id);
    rows.push(html`<tr><td>${u.id}</td><td>${u.username}</td><td>${u.firstname}</td><td>${u.lastname}</td><td>${u.email}</td>
      <td>${roleId === null ? 'Administrators (all resources)' : (roles.get(roleId) ?? roleId)}</td><td>${u.isActive ? 'Active' : 'Inactive'}</td>
      <td><a href="${url(page, `admin/user/edit/user_id/${u.id}/`)}">Edit<span class="visually-hidden"> ${u.username}</span></a></td></tr>`);
  }
  const content = html`<div class="page-actions"><a class="button" href="${url(page, 'admin/user/new/')}">Add New User</a></div>
    <div class="grid-wrap"><table class="grid"><caption class="visually-hidden">Users</caption><thead><tr><th scope="col">ID</th><th scope="col">User Name</th><th scope="col">First Name</th><th scope="col">Last Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Action</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return sendHtml(page, 200, adminLayout(page, { title: 'Users', content, current: 'admin/user/', messages: await takeFlash(page) }));
}

export async function userForm(page: AdminPage, status = 200, errors = new FormErrors()): Promise<FastifyReply> {
  const id = intOf(page.params.user_id);
  const user: AdminUser | null = id !== null ? await page.services.admins.byId(id) : null;
  if (id !== null && !user) return redirect(page, 'admin/user/', [{ type: 'error', text: 'This user no longer exists.' }]);
  const posted = page.request.method === 'POST';
  const pick = (name: string, stored: string) => (posted ? value(page, name) : stored);
  const roleId = posted ? value(page, 'role_id') : user ? String((await page.services.roles.roleIdOf(user.id)) ?? '') : '';
  const roles = await page.services.roles.list();
  const key = page.session!.formKey;
  const action = (path: string, label: string) =>
    html`<form method="post" action="${url(page, `admin/user/${path}/user_id/${user!.id}/`)}" class="inline">${formKey(key)}<button type="submit" class="secondary">${label}</button></form>`;
  const content = html`<div class="page-actions"><a class="button secondary" href="${url(page, 'admin/user/')}">Back</a>${user ? html`${action('unlock', 'Unlock')}${action('resetTfa', 'Reset 2FA')}` : ''}</div>
    <form method="post" action="${url(page, user ? `admin/user/save/user_id/${user.id}/` : 'admin/user/save/')}" class="stack" novalidate>
    ${formKey(key)}
    <fieldset><legend>Account Information</legend>
      ${user ? html`<p>User Name: <strong>${user.username}</strong></p>` : input({ id: 'username', label: 'User Name', value: value(page, 'username'), required: true, errors })}
      ${input({ id: 'firstname', label: 'First Name', value: pick('firstname', user?.firstname ?? ''), required: true, errors })}
      ${input({ id: 'lastname', label: 'Last Name', value: pick('lastname', user?.lastname ?? ''), required: true, errors })}
      ${input({ id: 'email', label: 'Email', type: 'email', value: pick('email', user?.email ?? ''), required: true, errors })}
      ${input({ id: 'password', label: user ? 'New Password' : 'Password', type: 'password', required: !user, autocomplete: 'new-password', hint: 'At least 7 characters, with both letters and numbers.', errors })}
      ${select({ id: 'role_id', label: 'User Role', options: html`<option value="">Administrators (all resources)</option>${roles.map((r) => html`<option value="${r.id}"${String(r.id) === roleId ? html` selected` : ''}>${r.name}</option>`)}` })}
      ${checkbox({ id: 'is_active', label: 'This account is active', checked: posted ? value(page, 'is_active') === '1' : (user?.isActive ?? true) })}
    </fieldset>
    ${ownPasswordField(errors)}
    <div class="actions"><button type="submit">Save User</button></div></form>`;
  const messages = [...(await takeFlash(page)), ...errors.all().map((text) => ({ type: 'error' as const, text }))];
  return sendHtml(page, status, adminLayout(page, { title: user ? `Edit User '${user.username}'` : 'New User', content, current: 'admin/user/', messages }));
}

export async function userSave(page: AdminPage): Promise<FastifyReply> {
  if (!(await ownPasswordOk(page))) return userForm(page, 400, new FormErrors().add(WRONG_PASSWORD, 'current_password'));
  const id = intOf(page.params.user_id);
  const { admins, roles, adminSessions } = page.services;
  const fields = { email: value(page, 'email'), firstname: value(page, 'firstname'), lastname: value(page, 'lastname'), isActive: value(page, 'is_active') === '1' };
  try {
    let userId = id;
    if (userId === null) {
      userId = (await admins.create({ ...fields, username: value(page, 'username'), password: value(page, 'password') })).id;
      if (!fields.isActive) await admins.update(userId, fields);
    } else {
      if (userId === page.admin!.id && !fields.isActive) return userForm(page, 400, new FormErrors().add('You cannot deactivate your own account.'));
      await admins.update(userId, { ...fields, password: value(page, 'password') });
      if (!fields.isActive) await adminSessions.destroyForUser(userId);
    }
    await roles.assignById(userId, intOf(value(page, 'role_id')));
  } catch (error) {
    if (error instanceof DomainError) return userForm(page, 400, adminFormErrors(error, { email: 'email', password: 'password' }));
    throw error;
  }
  return redirect(page, 'admin/user/', [{ type: 'success', text: 'You saved the user.' }]);
}

export async function userAction(page: AdminPage, action: 'unlock' | 'resetTfa'): Promise<FastifyReply> {
  const user = await page.services.admins.byId(intOf(page.params.user_id) ?? 0);
  if (!user) return redirect(page, 'admin/user/', [{ type: 'error', text: 'This user no longer exists.' }]);
  const back = `admin/user/edit/user_id/${user.id}/`;
  if (action === 'unlock') {
    await page.services.login.unlockAdmin(user.username);
    return redirect(page, back, [{ type: 'success', text: 'Unlocked 1 user(s).' }]);
  }
  await page.services.twoFactor.reset(user.id);
  await page.services.adminSessions.destroyForUser(user.id);
  if (user.id === page.admin!.id) return page.reply.code(303).header('location', url(page, 'admin/auth/login')).send();
  return redirect(page, back, [{ type: 'success', text: 'Two-factor authentication was reset: the user sets up a new authenticator at the next sign-in.' }]);
}
