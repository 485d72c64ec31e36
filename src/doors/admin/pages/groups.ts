// Customers › Customer Groups: list, add, edit, delete, through GroupService (the API's rules and
// messages: a taken code, the groups that cannot be deleted).
import type { FastifyReply } from 'fastify';
import { DomainError, NoSuchEntityError } from '../../../errors/domain-errors.ts';
import type { Group } from '../../../groups/repository.ts';
import { FormErrors, formKey, input, select } from '../../html/forms.ts';
import { html } from '../../html/html.ts';
import { intOf, redirect, sendHtml, takeFlash, url, value, type AdminPage } from '../kit/context.ts';
import { adminFormErrors } from '../kit/errors.ts';
import { adminLayout } from '../kit/layout.ts';

const ALL = { filterGroups: [], sortOrders: null, pageSize: null, currentPage: null };

export async function groupGrid(page: AdminPage): Promise<FastifyReply> {
  const { items } = await page.services.groups.search(ALL);
  const rows = items.map(
    (g) => html`<tr><td>${g.id}</td><td>${g.code}</td><td>${g.taxClassName ?? g.taxClassId}</td>
      <td>${g.id === 0 ? '' : html`<a href="${url(page, `customer/group/edit/id/${g.id}/`)}">Edit<span class="visually-hidden"> ${g.code}</span></a>`}</td></tr>`,
  );
  const content = html`<div class="page-actions"><a class="button" href="${url(page, 'customer/group/new/')}">Add New Customer Group</a></div>
    <div class="grid-wrap"><table class="grid"><caption class="visually-hidden">Customer Groups</caption><thead><tr><th scope="col">ID</th><th scope="col">Group</th><th scope="col">Tax Class</th><th scope="col">Action</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return sendHtml(page, 200, adminLayout(page, { title: 'Customer Groups', content, current: 'customer/group/', messages: await takeFlash(page) }));
}

export async function groupForm(page: AdminPage, status = 200, errors = new FormErrors()): Promise<FastifyReply> {
  const id = intOf(page.params.id);
  let group: Group | null = null;
  if (id !== null) {
    try {
      group = await page.services.groups.getById(id);
    } catch (error) {
      if (error instanceof NoSuchEntityError) return redirect(page, 'customer/group/', [{ type: 'error', text: 'The customer group no longer exists.' }]);
      throw error;
    }
  }
  const { items } = await page.services.groups.search(ALL);
  const classes = new Map(items.map((g) => [g.taxClassId, g.taxClassName ?? String(g.taxClassId)]));
  const taxClass = value(page, 'tax_class_id') || String(group?.taxClassId ?? 3);
  const key = page.session!.formKey;
  const content = html`<div class="page-actions"><a class="button secondary" href="${url(page, 'customer/group/')}">Back</a>
    ${group && group.id > 3 ? html`<form method="post" action="${url(page, `customer/group/delete/id/${group.id}/`)}" class="inline">${formKey(key)}<button type="submit" class="danger">Delete Customer Group</button></form>` : ''}</div>
    <form method="post" action="${url(page, group ? `customer/group/save/id/${group.id}/` : 'customer/group/save/')}" class="stack" novalidate>
    ${formKey(key)}
    <fieldset><legend>Group Information</legend>
      ${input({ id: 'code', label: 'Group Name', value: value(page, 'code') || group?.code || '', required: true, hint: 'Maximum length must be less then 32 characters.', errors })}
      ${select({ id: 'tax_class_id', label: 'Tax Class', required: true, errors, options: html`${[...classes].map(([cid, name]) => html`<option value="${cid}"${String(cid) === taxClass ? html` selected` : ''}>${name}</option>`)}` })}
    </fieldset>
    <div class="actions"><button type="submit">Save Customer Group</button></div></form>`;
  const messages = [...(await takeFlash(page)), ...errors.all().map((text) => ({ type: 'error' as const, text }))];
  return sendHtml(page, status, adminLayout(page, { title: group ? `Edit Customer Group "${group.code}"` : 'New Customer Group', content, current: 'customer/group/', messages }));
}

export async function groupSave(page: AdminPage): Promise<FastifyReply> {
  try {
    await page.services.groups.save({ id: intOf(page.params.id), code: value(page, 'code'), taxClassId: intOf(value(page, 'tax_class_id')) });
  } catch (error) {
    if (error instanceof DomainError) return groupForm(page, 400, adminFormErrors(error, { code: 'code', taxClassId: 'tax_class_id' }));
    throw error;
  }
  return redirect(page, 'customer/group/', [{ type: 'success', text: 'You saved the customer group.' }]);
}

export async function groupDelete(page: AdminPage): Promise<FastifyReply> {
  try {
    await page.services.groups.deleteById(intOf(page.params.id) ?? -1);
  } catch (error) {
    if (error instanceof DomainError) return redirect(page, 'customer/group/', adminFormErrors(error).all().map((text) => ({ type: 'error' as const, text })));
    throw error;
  }
  return redirect(page, 'customer/group/', [{ type: 'success', text: 'You deleted the customer group.' }]);
}
