// Stores › Configuration: one section per page, a scope switcher (Default Config, a website, a
// store view), and per field "Use Default"/"Use Website" (the value is inherited). Values are
// read at use by every service, so a saved value applies to the next request.
import type { FastifyReply } from 'fastify';
import { isValidEmail } from '../../../lib/email.ts';
import type { ConfigScope } from '../../../settings/defaults.ts';
import { html, type Html } from '../../html/html.ts';
import { formKey } from '../../html/forms.ts';
import { CONFIG_SECTIONS, type ConfigField, type ConfigSection } from '../kit/config-sections.ts';
import { adminLayout, forbidden } from '../kit/layout.ts';
import { can, queryValue, redirect, sendHtml, takeFlash, url, type AdminPage } from '../kit/context.ts';

interface Scope {
  scope: ConfigScope;
  id: number;
  websiteId?: number;
  key: string;
  label: string;
}

const fieldId = (path: string) => `f_${path.replace(/\//g, '_')}`;

function allowedSections(page: AdminPage): ConfigSection[] {
  return CONFIG_SECTIONS.filter((s) => can(page, s.resource));
}

export async function configIndex(page: AdminPage): Promise<FastifyReply> {
  const first = allowedSections(page)[0];
  if (!first) return forbidden(page);
  return page.reply.code(303).header('location', url(page, `system_config/edit/section/${first.id}/`)).send();
}

async function scopeOf(page: AdminPage, key: string): Promise<Scope | null> {
  const { websites, views } = await page.services.stores.scopes();
  if (key === '' || key === 'default') return { scope: 'default', id: 0, key: 'default', label: 'Default Config' };
  const [kind, raw] = key.split(':');
  const id = Number(raw);
  if (kind === 'websites') {
    const w = websites.find((x) => x.id === id && x.id !== 0);
    return w ? { scope: 'websites', id, key, label: w.name } : null;
  }
  if (kind === 'stores') {
    const v = views.find((x) => x.id === id && x.id !== 0);
    return v ? { scope: 'stores', id, websiteId: v.websiteId, key, label: v.name } : null;
  }
  return null;
}

async function scopeSwitcher(page: AdminPage, section: ConfigSection, current: Scope): Promise<Html> {
  const { websites, views } = await page.services.stores.scopes();
  const option = (key: string, label: string) => html`<option value="${key}"${key === current.key ? html` selected` : ''}>${label}</option>`;
  return html`<form method="get" action="${url(page, `system_config/edit/section/${section.id}/`)}" class="scope">
    <div class="field"><label for="scope">Scope</label><select id="scope" name="scope">
      ${option('default', 'Default Config')}
      ${websites.filter((w) => w.id !== 0).map((w) => html`<optgroup label="${w.name}">${option(`websites:${w.id}`, `${w.name} (website)`)}${views
        .filter((v) => v.websiteId === w.id && v.id !== 0)
        .map((v) => option(`stores:${v.id}`, `${v.name} (store view)`))}</optgroup>`)}
    </select></div>
    <button type="submit" class="secondary">Switch Scope</button>
  </form>`;
}

async function optionsOf(page: AdminPage, f: ConfigField): Promise<Array<[string, string]>> {
  if (f.optionsFrom === 'groups') {
    const { items } = await page.services.groups.search({ filterGroups: [], sortOrders: null, pageSize: null, currentPage: null });
    return items.filter((g) => g.id !== 0).map((g) => [String(g.id), g.code]);
  }
  return f.options ?? [];
}

export async function configPage(page: AdminPage, status = 200, errors = new Map<string, string>(), posted?: Record<string, string>): Promise<FastifyReply> {
  const section = CONFIG_SECTIONS.find((s) => s.id === page.params.section);
  if (!section) return configIndex(page);
  if (!can(page, section.resource)) return forbidden(page);
  const scope = await scopeOf(page, queryValue(page, 'scope') || String(page.body.scope ?? ''));
  if (!scope) return redirect(page, `system_config/edit/section/${section.id}/`, [{ type: 'error', text: 'This scope does not exist.' }]);
  const fields = section.groups.flatMap((g) => g.fields);
  const values = await page.services.config.atScope(fields.map((f) => f.path), scope.scope, scope.id, scope.websiteId);
  const inheritLabel = scope.scope === 'stores' ? 'Use Website' : scope.scope === 'websites' ? 'Use Default' : 'Use system value';
  const fieldHtml = async (f: ConfigField) => {
    const id = fieldId(f.path);
    const v = values[f.path];
    const inherits = posted ? posted[`inherit:${f.path}`] === '1' : v.own === null;
    const shown = posted?.[f.path] ?? (v.own ?? v.inherited ?? '');
    const error = errors.get(f.path);
    const described = [f.comment ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    const attrs = html`${described ? html` aria-describedby="${described}"` : ''}${error ? html` aria-invalid="true"` : ''}`;
    const control =
      f.kind === 'yesno' || f.kind === 'select'
        ? html`<select id="${id}" name="value[${f.path}]"${attrs}>${(await optionsOf(page, f)).map(([value, label]) => html`<option value="${value}"${value === shown ? html` selected` : ''}>${label}</option>`)}</select>`
        : html`<input id="${id}" name="value[${f.path}]" type="${f.kind === 'int' ? 'text' : f.kind === 'email' ? 'email' : 'text'}"${f.kind === 'int' ? html` inputmode="numeric"` : ''} value="${shown}"${attrs}>`;
    return html`<div class="config-field">
      <label for="${id}">${f.label}</label>
      <div>${control}${f.comment ? html`<p class="hint" id="${id}-hint">${f.comment}</p>` : ''}${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}</div>
      <div class="use-default"><input type="checkbox" id="${id}-inherit" name="inherit[${f.path}]" value="1"${inherits ? html` checked` : ''}><label for="${id}-inherit">${inheritLabel}</label></div>
    </div>`;
  };
  const groups: Html[] = [];
  for (const g of section.groups) {
    const visible = g.fields.filter((f) => f.scopes.includes(scope.scope));
    if (visible.length === 0) continue;
    const rendered: Html[] = [];
    for (const f of visible) rendered.push(await fieldHtml(f));
    groups.push(html`<fieldset><legend>${g.label}</legend>${rendered}</fieldset>`);
  }
  const tabs = html`<nav aria-label="Configuration sections"><ul class="page-actions">${allowedSections(page).map(
    (s) => html`<li><a href="${url(page, `system_config/edit/section/${s.id}/`)}${scope.key !== 'default' ? `?scope=${scope.key}` : ''}"${s.id === section.id ? html` aria-current="page"` : ''}>${s.tab} › ${s.label}</a></li>`,
  )}</ul></nav>`;
  const content = html`${tabs}${await scopeSwitcher(page, section, scope)}
    <p>Scope: <strong>${scope.label}</strong></p>
    ${groups.length === 0 ? html`<p>Nothing in this section can be set at this scope.</p>` : html`<form method="post" action="${url(page, `system_config/save/section/${section.id}/`)}" novalidate>
      ${formKey(page.session!.formKey)}<input type="hidden" name="scope" value="${scope.key}">
      ${groups}
      <div class="actions"><button type="submit">Save Config</button></div>
    </form>`}`;
  const messages = [...(await takeFlash(page)), ...(errors.size ? [{ type: 'error' as const, text: 'The configuration was not saved: see the fields marked below.' }] : [])];
  return sendHtml(page, status, adminLayout(page, { title: section.label, content, current: 'system_config/', messages }));
}

function check(f: ConfigField, raw: string): string | null {
  const text = raw.trim();
  if (f.kind === 'int') {
    if (!/^-?\d+$/.test(text)) return 'Please enter a whole number.';
    const n = Number(text);
    if (f.min !== undefined && n < f.min) return `Please enter a number ${f.min} or greater.`;
    if (f.max !== undefined && n > f.max) return `Please enter a number ${f.max} or less.`;
  }
  if (f.kind === 'email' && !isValidEmail(text)) return 'Please enter a valid email address (Ex: johndoe@domain.com).';
  if ((f.kind === 'select' || f.kind === 'yesno') && f.options && !f.options.some(([v]) => v === text)) return 'Please select one of the options.';
  if (f.kind === 'text' && text === '') return 'This is a required field.';
  return null;
}

export async function configSave(page: AdminPage): Promise<FastifyReply> {
  const section = CONFIG_SECTIONS.find((s) => s.id === page.params.section);
  if (!section || !can(page, section.resource)) return forbidden(page);
  const scope = await scopeOf(page, String(page.body.scope ?? ''));
  if (!scope) return redirect(page, `system_config/edit/section/${section.id}/`, [{ type: 'error', text: 'This scope does not exist.' }]);
  const sent = (page.body.value ?? {}) as Record<string, unknown>;
  const inherit = (page.body.inherit ?? {}) as Record<string, unknown>;
  const fields = section.groups.flatMap((g) => g.fields).filter((f) => f.scopes.includes(scope.scope));
  const errors = new Map<string, string>();
  const posted: Record<string, string> = {};
  for (const f of fields) {
    const raw = typeof sent[f.path] === 'string' ? (sent[f.path] as string) : '';
    posted[f.path] = raw;
    posted[`inherit:${f.path}`] = inherit[f.path] === '1' ? '1' : '';
    if (inherit[f.path] === '1') continue;
    const problem = check(f, raw);
    if (problem) errors.set(f.path, problem);
  }
  if (errors.size) return configPage(page, 400, errors, posted);
  for (const f of fields) {
    if (posted[`inherit:${f.path}`] === '1') await page.services.config.unset(f.path, scope.scope, scope.id);
    else await page.services.config.set(f.path, posted[f.path].trim(), scope.scope, scope.id);
  }
  const back = `system_config/edit/section/${section.id}/${scope.key !== 'default' ? `?scope=${scope.key}` : ''}`;
  return redirect(page, back, [{ type: 'success', text: 'You saved the configuration.' }]);
}
