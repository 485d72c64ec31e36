// The admin's page frame: Magento's menu (only the entries the admin's role allows), the page
// title, one-shot messages. Same-origin stylesheets only; no script at all.
import { html, type Html } from '../../html/html.ts';
import { messageList, type Message } from '../../html/messages.ts';
import { STYLESHEET_PATH } from '../../storefront/kit/layout.ts';
import type { FastifyReply } from 'fastify';
import { can, sendHtml, url, type AdminPage } from './context.ts';

export const ADMIN_STYLESHEET_FILE = 'static/admin.css';

interface MenuItem {
  label: string;
  path: string;
  resource: string;
}

/** Magento's admin menu and the ACL resource of each entry (Magento_Backend/etc/acl.xml and friends). */
export const MENU: Array<{ title: string; items: MenuItem[] }> = [
  { title: 'Dashboard', items: [{ label: 'Dashboard', path: 'dashboard/', resource: 'Magento_Backend::dashboard' }] },
  {
    title: 'Customers',
    items: [
      { label: 'All Customers', path: 'customer/index/', resource: 'Magento_Customer::manage' },
      { label: 'Customer Groups', path: 'customer/group/', resource: 'Magento_Customer::group' },
    ],
  },
  {
    title: 'Stores',
    items: [
      { label: 'All Stores', path: 'system_store/', resource: 'Magento_Backend::store' },
      { label: 'Configuration', path: 'system_config/', resource: 'Magento_Config::config' },
    ],
  },
  {
    title: 'System',
    items: [
      { label: 'Integrations', path: 'integration/', resource: 'Magento_Integration::integrations' },
      { label: 'All Users', path: 'admin/user/', resource: 'Magento_User::acl_users' },
      { label: 'User Roles', path: 'admin/user_role/', resource: 'Magento_User::acl_roles' },
    ],
  },
];

function head(page: AdminPage, title: string): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} / Keyfront Admin</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
<link rel="stylesheet" href="${url(page, ADMIN_STYLESHEET_FILE)}">
</head>`;
}

function menu(page: AdminPage, current: string): Html {
  const groups = MENU.map((group) => ({ ...group, items: group.items.filter((item) => can(page, item.resource)) })).filter((g) => g.items.length > 0);
  return html`<header class="admin-menu">
  <a class="brand" href="${url(page)}">Keyfront<small>Admin</small></a>
  <nav aria-label="Admin menu">${groups.map(
    (g) => html`<h2>${g.title}</h2><ul>${g.items.map(
      (i) => html`<li><a href="${url(page, i.path)}"${i.path === current ? html` aria-current="page"` : ''}>${i.label}</a></li>`,
    )}</ul>`,
  )}</nav>
  <div class="who">${page.admin?.username}
    <form method="post" action="${url(page, 'admin/auth/logout')}"><input type="hidden" name="form_key" value="${page.session?.formKey ?? ''}"><button type="submit" class="link">Sign Out</button></form>
  </div>
</header>`;
}

export interface AdminLayout {
  title: string;
  content: Html;
  messages?: Message[];
  /** The menu entry to mark as current (its path). */
  current?: string;
}

export function adminLayout(page: AdminPage, o: AdminLayout): Html {
  return html`${head(page, o.title)}
<body>
<a class="skip" href="#main">Skip to Content</a>
<div class="admin">
${menu(page, o.current ?? '')}
<main id="main" class="admin-main" tabindex="-1">
<h1>${o.title}</h1>
${messageList(o.messages)}
${o.content}
</main>
</div>
</body>
</html>`;
}

/** The sign-in and two-factor pages: no menu, one narrow column. */
export function bareLayout(page: AdminPage, o: AdminLayout): Html {
  return html`${head(page, o.title)}
<body>
<main id="main" class="sign-in">
<p class="brand">Keyfront Admin</p>
<h1>${o.title}</h1>
${messageList(o.messages)}
${o.content}
</main>
</body>
</html>`;
}

export function forbidden(page: AdminPage): FastifyReply {
  const content = html`<p>Sorry, you need permissions to view this content.</p><p><a href="${url(page)}">Go to the start page</a></p>`;
  return sendHtml(page, 403, adminLayout(page, { title: 'Access denied', content }));
}
