// Customers › All Customers: Magento's grid columns over the same search as
// GET /V1/customers/search, with a keyword search, per-column filters, sorting and paging, all
// in the URL (a GET form: bookmarkable, works without JavaScript).
import type { FastifyReply } from 'fastify';
import { CUSTOMER_SEARCH_FIELD_NAMES } from '../../../customers/search-repository.ts';
import type { Customer } from '../../../customers/model.ts';
import { parseSearchCriteria, type RawSearchCriteria } from '../../../lib/search-criteria.ts';
import { html, type Html } from '../../html/html.ts';
import { adminLayout } from '../kit/layout.ts';
import { queryValue, sendHtml, takeFlash, url, type AdminPage } from '../kit/context.ts';

const PAGE_SIZES = [20, 50, 100, 200];

/** Column → (search field, condition): what each filter box searches. */
const FILTERS: Array<{ name: string; label: string; field: string; condition: 'eq' | 'like' }> = [
  { name: 'id', label: 'ID', field: 'entity_id', condition: 'eq' },
  { name: 'email', label: 'Email', field: 'email', condition: 'like' },
  { name: 'lastname', label: 'Last Name', field: 'lastname', condition: 'like' },
  { name: 'telephone', label: 'Phone', field: 'billing_telephone', condition: 'like' },
  { name: 'postcode', label: 'ZIP', field: 'billing_postcode', condition: 'like' },
  { name: 'country', label: 'Country', field: 'billing_country_id', condition: 'eq' },
];

const SORTS: Record<string, string> = { id: 'entity_id', name: 'lastname', email: 'email', group: 'group_id', since: 'created_at', website: 'website_id' };

function filterValue(page: AdminPage, name: string): string {
  const f = page.query.filter;
  const v = f && typeof f === 'object' ? (f as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v.trim() : '';
}

/**
 * The keyword box: Magento's full-text index is replaced by prefix matches on the indexed
 * columns (email, first and last name), which stay fast at a million customers.
 */
function criteriaOf(page: AdminPage, size: number, current: number): RawSearchCriteria {
  const groups: NonNullable<RawSearchCriteria['filterGroups']> = [];
  const keyword = queryValue(page, 'search').trim();
  if (keyword) {
    const prefix = `${keyword.replace(/[%_\\]/g, '')}%`;
    groups.push({ filters: ['email', 'firstname', 'lastname'].map((field) => ({ field, value: prefix, conditionType: 'like' })) });
  }
  for (const f of FILTERS) {
    const v = filterValue(page, f.name);
    if (!v) continue;
    const value = f.condition === 'like' ? `${v.replace(/[%_\\]/g, '')}%` : v;
    groups.push({ filters: [{ field: f.field, value, conditionType: f.condition }] });
  }
  const sort = SORTS[queryValue(page, 'sort')] ?? 'entity_id';
  const direction = queryValue(page, 'dir') === 'desc' ? 'DESC' : 'ASC';
  return { filterGroups: groups, sortOrders: [{ field: sort, direction }], pageSize: size, currentPage: current };
}

function link(page: AdminPage, changes: Record<string, string>): string {
  const params = new URLSearchParams();
  const keep: Record<string, string> = { search: queryValue(page, 'search'), sort: queryValue(page, 'sort'), dir: queryValue(page, 'dir'), limit: queryValue(page, 'limit'), p: queryValue(page, 'p') };
  for (const f of FILTERS) keep[`filter[${f.name}]`] = filterValue(page, f.name);
  for (const [k, v] of Object.entries({ ...keep, ...changes })) if (v) params.set(k, v);
  const qs = params.toString();
  return url(page, `customer/index/${qs ? `?${qs}` : ''}`);
}

export async function customerGrid(page: AdminPage): Promise<FastifyReply> {
  const { services, ctx } = page;
  const size = PAGE_SIZES.includes(Number(queryValue(page, 'limit'))) ? Number(queryValue(page, 'limit')) : 20;
  const current = Math.max(1, Math.min(1_000_000, Number.parseInt(queryValue(page, 'p'), 10) || 1));
  const { items, total } = await services.customerSearch.search(ctx, parseSearchCriteria(criteriaOf(page, size, current), CUSTOMER_SEARCH_FIELD_NAMES));
  const locked = await services.authentication.lockedAmong(ctx, items.map((c) => c.id));
  const groups = new Map((await services.groups.search({ filterGroups: [], sortOrders: null, pageSize: null, currentPage: null })).items.map((g) => [g.id, g.code]));
  const { websites } = await services.stores.scopes();
  const websiteName = new Map(websites.map((w) => [w.id, w.name]));
  const pages = Math.max(1, Math.ceil(total / size));
  const sortKey = queryValue(page, 'sort') || 'id';
  const dir = queryValue(page, 'dir') === 'desc' ? 'desc' : 'asc';
  const th = (key: string | null, label: string): Html => {
    if (!key) return html`<th scope="col">${label}</th>`;
    const active = key === sortKey;
    const next = active && dir === 'asc' ? 'desc' : 'asc';
    return html`<th scope="col"${active ? html` aria-sort="${dir === 'asc' ? 'ascending' : 'descending'}"` : ''}><a href="${link(page, { sort: key, dir: next, p: '' })}">${label}${active ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}</a></th>`;
  };
  const row = (c: Customer) => {
    const billing = c.addresses.find((a) => a.defaultBilling) ?? null;
    return html`<tr>
      <td>${c.id}</td><td>${[c.prefix, c.firstname, c.middlename, c.lastname, c.suffix].filter(Boolean).join(' ')}</td><td>${c.email}</td>
      <td>${groups.get(c.groupId) ?? c.groupId}</td><td>${billing?.telephone ?? ''}</td><td>${billing?.postcode ?? ''}</td>
      <td>${billing ? (services.directory.country(billing.countryId)?.name ?? billing.countryId) : ''}</td><td>${billing?.region.region ?? ''}</td>
      <td>${c.createdAt}</td><td>${websiteName.get(c.websiteId) ?? c.websiteId}</td><td>${locked.has(c.id) ? 'Locked' : 'Unlocked'}</td>
      <td><a href="${url(page, `customer/index/edit/id/${c.id}/`)}">Edit<span class="visually-hidden"> ${c.email}</span></a></td>
    </tr>`;
  };
  const content = html`<div class="page-actions"><a class="button" href="${url(page, 'customer/index/new/')}">Add New Customer</a></div>
    <form method="get" action="${url(page, 'customer/index/')}" class="filters" role="search">
      <div class="field"><label for="search">Search by keyword</label><input id="search" name="search" type="text" value="${queryValue(page, 'search')}"></div>
      ${FILTERS.map((f) => html`<div class="field"><label for="filter-${f.name}">${f.label}</label><input id="filter-${f.name}" name="filter[${f.name}]" type="text" value="${filterValue(page, f.name)}"></div>`)}
      <input type="hidden" name="sort" value="${queryValue(page, 'sort')}"><input type="hidden" name="dir" value="${queryValue(page, 'dir')}">
      <div class="field"><label for="limit">Per page</label><select id="limit" name="limit">${PAGE_SIZES.map((n) => html`<option${n === size ? html` selected` : ''}>${n}</option>`)}</select></div>
      <button type="submit">Search</button> <a href="${url(page, 'customer/index/')}">Clear all</a>
    </form>
    <p role="status">${total.toLocaleString('en-US')} records found</p>
    <div class="grid-wrap"><table class="grid"><caption class="visually-hidden">Customers</caption><thead><tr>
      ${th('id', 'ID')}${th('name', 'Name')}${th('email', 'Email')}${th('group', 'Group')}${th(null, 'Phone')}${th(null, 'ZIP')}${th(null, 'Country')}${th(null, 'State/Province')}${th('since', 'Customer Since')}${th('website', 'Web Site')}${th(null, 'Account Lock')}${th(null, 'Action')}
    </tr></thead><tbody>${items.map(row)}</tbody></table></div>
    <nav class="pager" aria-label="Pages">
      ${current > 1 ? html`<a href="${link(page, { p: String(current - 1) })}" rel="prev">Previous page</a>` : ''}
      <span>Page ${current} of ${pages.toLocaleString('en-US')}</span>
      ${current < pages ? html`<a href="${link(page, { p: String(current + 1) })}" rel="next">Next page</a>` : ''}
    </nav>`;
  return sendHtml(page, 200, adminLayout(page, { title: 'Customers', content, current: 'customer/index/', messages: await takeFlash(page) }));
}
