// Every admin page: method, path under the admin path, and who may use it: 'public' (sign-in),
// 'second-factor' (password passed, code due), 'signed-in', or the ACL resource it needs.
import type { FastifyReply } from 'fastify';
import { can, url, type AdminPage } from './kit.ts';
import { forbidden, MENU } from './layout.ts';
import { loginPage, loginPost, logoutPost, tfaPage, tfaPost, tfaQr } from './pages/auth.ts';
import { dashboardPage } from './pages/dashboard.ts';

export type Access = 'public' | 'second-factor' | 'signed-in' | string;

export interface AdminRoute {
  method: 'GET' | 'POST';
  path: string;
  access: Access;
  handler: (page: AdminPage) => Promise<FastifyReply>;
}

const route = (method: 'GET' | 'POST', path: string, access: Access, handler: AdminRoute['handler']): AdminRoute => ({ method, path, access, handler });

export const ROUTES: AdminRoute[] = [
  route('GET', 'admin/auth/login', 'public', (p) => loginPage(p)),
  route('POST', 'admin/auth/login', 'public', loginPost),
  route('POST', 'admin/auth/logout', 'signed-in', logoutPost),
  route('GET', 'tfa', 'second-factor', (p) => tfaPage(p)),
  route('POST', 'tfa', 'second-factor', tfaPost),
  route('GET', 'tfa/qr.svg', 'second-factor', tfaQr),
  route('GET', '', 'signed-in', startPage),
  route('GET', 'dashboard', 'Magento_Backend::dashboard', dashboardPage),
];

/** Magento's start page is the dashboard; an admin without it lands on the first page they hold. */
async function startPage(page: AdminPage): Promise<FastifyReply> {
  const first = MENU.flatMap((g) => g.items).find((i) => can(page, i.resource));
  if (!first) return forbidden(page);
  return page.reply.code(303).header('location', url(page, first.path)).send();
}
