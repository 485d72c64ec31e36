// The page shell: header with the shop's name (general/store_information/name, else the store group's) and the account menu, messages, main content.
// The account menu is a <details> element, so it opens without JavaScript.
import { url, type Page } from './context.ts';
import { html, type Html } from './html.ts';
import type { Flash } from '../../../sessions/session-store.ts';

export const STYLESHEET_PATH = '/static/keyfront/storefront.css';
export const ADDRESS_SCRIPT_PATH = '/static/keyfront/address.js';

export interface LayoutOptions {
  title: string;
  content: Html;
  messages?: Flash[];
  /** Account-area pages get the side navigation; the value marks the current entry. */
  accountNav?: 'account' | 'address' | 'edit';
  /** Same-origin scripts (progressive enhancement only: every page works without them). */
  scripts?: string[];
}

export function messageList(messages: Flash[] = []): Html {
  if (messages.length === 0) return html``;
  const urgent = messages.some((m) => m.type === 'error');
  // The live region wraps the list: a role on the <ul> itself would hide its list semantics.
  return html`<div ${urgent ? html`role="alert"` : html`role="status"`}><ul class="messages">${messages.map(
    (m) => html`<li class="${m.type}">${m.text}</li>`,
  )}</ul></div>`;
}

function header(page: Page): Html {
  const c = page.customer;
  const links = c
    ? html`<li><span class="visually-hidden">Welcome, </span><details class="account-menu">
        <summary>${c.firstname}</summary>
        <ul>
          <li><a href="${url(page, 'customer/account/')}">My Account</a></li>
          <li><a href="${url(page, 'customer/address/')}">Address Book</a></li>
          <li><form method="post" action="${url(page, 'customer/account/logout/')}" class="inline">
            <input type="hidden" name="form_key" value="${page.session?.formKey ?? ''}">
            <button type="submit">Sign Out</button></form></li>
        </ul></details></li>`
    : html`<li><a href="${url(page, 'customer/account/login/')}">Sign In</a></li>
        <li><a href="${url(page, 'customer/account/create/')}">Create an Account</a></li>`;
  return html`<header class="site"><div class="wrap">
    <a class="brand" href="${url(page, 'customer/account/')}">${page.shopName}</a>
    <nav aria-label="Customer"><ul class="top-links">${links}</ul></nav>
  </div></header>`;
}

function sideNav(page: Page, current: LayoutOptions['accountNav']): Html {
  const item = (key: LayoutOptions['accountNav'], path: string, label: string) =>
    html`<li><a href="${url(page, path)}"${key === current ? html` aria-current="page"` : ''}>${label}</a></li>`;
  return html`<nav class="side-nav" aria-label="My Account"><ul>
    ${item('account', 'customer/account/', 'My Account')}
    ${item('address', 'customer/address/', 'Address Book')}
    ${item('edit', 'customer/account/edit/', 'Account Information')}
  </ul></nav>`;
}

export function layout(page: Page, options: LayoutOptions): Html {
  const main = html`<h1>${options.title}</h1>${messageList(options.messages)}${options.content}`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} | ${page.shopName}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>\n`)}</head>
<body>
<a class="skip" href="#main">Skip to Content</a>
${header(page)}
<main id="main" class="wrap" tabindex="-1">
${options.accountNav ? html`<div class="layout">${sideNav(page, options.accountNav)}<div>${main}</div></div>` : main}
</main>
<footer><div class="wrap">${page.shopName}</div></footer>
</body>
</html>`;
}
