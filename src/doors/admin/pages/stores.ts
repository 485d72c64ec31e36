// Stores › All Stores: websites, store groups and store views; a new store view (with a new
// website and group when their codes are new, as bin/keyfront store:view:create); names edited in place.
import type { FastifyReply } from 'fastify';
import { DomainError } from '../../../errors/domain-errors.ts';
import { FormErrors, formKey, input } from '../../html/forms.ts';
import { html, type Html } from '../../html/html.ts';
import { intOf, redirect, sendHtml, takeFlash, url, value, type AdminPage } from '../kit/context.ts';
import { adminFormErrors } from '../kit/errors.ts';
import { adminLayout } from '../kit/layout.ts';

export async function storesPage(page: AdminPage, status = 200, errors = new FormErrors()): Promise<FastifyReply> {
  const { websites, groups, views } = await page.services.stores.scopes();
  const key = page.session!.formKey;
  const rename = (kind: 'website' | 'group' | 'view', id: number, name: string, label: string): Html => {
    const fid = `rename-${kind}-${id}`;
    return html`<form method="post" action="${url(page, `system_store/rename/${kind}/${id}/`)}" class="filters">${formKey(key)}
      <div class="field"><label for="${fid}" class="visually-hidden">${label} name</label><input id="${fid}" name="name" type="text" value="${name}"></div>
      <button type="submit" class="secondary">Save<span class="visually-hidden"> ${label} name</span></button></form>`;
  };
  const rows = views
    .filter((v) => v.id !== 0)
    .map((v) => {
      const w = websites.find((x) => x.id === v.websiteId);
      const g = groups.find((x) => x.id === v.storeGroupId);
      return html`<tr><td>${w ? rename('website', w.id, w.name, `website ${w.code}`) : ''}<small>${w?.code}</small></td>
        <td>${g ? rename('group', g.id, g.name, `store ${g.code}`) : ''}<small>${g?.code}</small></td>
        <td>${rename('view', v.id, v.name, `store view ${v.code}`)}<small>${v.code}${v.isActive ? '' : ' (disabled)'}</small></td></tr>`;
    });
  const content = html`<div class="grid-wrap"><table class="grid"><caption class="visually-hidden">Stores</caption><thead><tr><th scope="col">Web Site</th><th scope="col">Store</th><th scope="col">Store View</th></tr></thead><tbody>${rows}</tbody></table></div>
    <h2>Create Store View</h2>
    <form method="post" action="${url(page, 'system_store/create/')}" class="stack" novalidate>${formKey(key)}
      ${input({ id: 'code', label: 'Store View Code', value: value(page, 'code'), required: true, hint: 'Lowercase letters, digits and underscores, starting with a letter.', errors })}
      ${input({ id: 'name', label: 'Store View Name', value: value(page, 'name'), required: true, errors })}
      ${input({ id: 'website_code', label: 'Web Site Code', value: value(page, 'website_code'), hint: 'An existing code, or a new one to create the website. Empty: the default website.', errors })}
      ${input({ id: 'website_name', label: 'New Web Site Name', value: value(page, 'website_name'), errors })}
      ${input({ id: 'group_code', label: 'Store Code', value: value(page, 'group_code'), hint: "An existing code, or a new one to create the store. Empty: the website's default store.", errors })}
      ${input({ id: 'group_name', label: 'New Store Name', value: value(page, 'group_name'), errors })}
      <div class="actions"><button type="submit">Save Store View</button></div></form>`;
  const messages = [...(await takeFlash(page)), ...errors.all().map((text) => ({ type: 'error' as const, text }))];
  return sendHtml(page, status, adminLayout(page, { title: 'Stores', content, current: 'system_store/', messages }));
}

export async function storeCreate(page: AdminPage): Promise<FastifyReply> {
  const optional = (name: string) => value(page, name).trim() || undefined;
  try {
    await page.services.stores.createView({ code: value(page, 'code').trim(), name: value(page, 'name'), websiteCode: optional('website_code'), websiteName: optional('website_name'), groupCode: optional('group_code'), groupName: optional('group_name') });
  } catch (error) {
    if (error instanceof DomainError) return storesPage(page, 400, adminFormErrors(error, { name: 'name' }));
    throw error;
  }
  return redirect(page, 'system_store/', [{ type: 'success', text: 'You saved the store view.' }]);
}

export async function storeRename(page: AdminPage): Promise<FastifyReply> {
  const kind = page.params.kind;
  if (kind !== 'website' && kind !== 'group' && kind !== 'view') return redirect(page, 'system_store/');
  try {
    await page.services.stores.rename(kind, intOf(page.params.id) ?? 0, value(page, 'name'));
  } catch (error) {
    if (error instanceof DomainError) return redirect(page, 'system_store/', adminFormErrors(error).all().map((text) => ({ type: 'error' as const, text })));
    throw error;
  }
  return redirect(page, 'system_store/', [{ type: 'success', text: kind === 'website' ? 'You saved the website.' : kind === 'group' ? 'You saved the store.' : 'You saved the store view.' }]);
}
