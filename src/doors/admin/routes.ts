// Every admin page: method, path under the admin path, and who may use it: 'public' (sign-in),
// 'second-factor' (password passed, code due), 'signed-in', or the ACL resource it needs.
import type { FastifyReply } from 'fastify';
import { can, url, type AdminPage } from './kit/context.ts';
import { forbidden, MENU } from './kit/layout.ts';
import { loginPage, loginPost, logoutPost, tfaPage, tfaPost, tfaQr } from './pages/auth.ts';
import { configIndex, configPage, configSave } from './pages/config.ts';
import { addressDelete, addressFormPage, addressSave } from './pages/customer-address.ts';
import { customerAction, customerEditPage, customerSave } from './pages/customer-edit.ts';
import { customerGrid } from './pages/customers.ts';
import { dashboardPage } from './pages/dashboard.ts';

const CUSTOMERS = 'Magento_Customer::manage';

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
  route('GET', 'customer/index', CUSTOMERS, customerGrid),
  route('GET', 'customer/index/new', CUSTOMERS, (p) => customerEditPage(p)),
  route('GET', 'customer/index/edit/id/:id', CUSTOMERS, (p) => customerEditPage(p)),
  route('POST', 'customer/index/save', CUSTOMERS, customerSave),
  route('POST', 'customer/index/save/id/:id', CUSTOMERS, customerSave),
  route('POST', 'customer/index/delete/id/:id', CUSTOMERS, (p) => customerAction(p, 'delete')),
  route('POST', 'customer/index/resetPassword/id/:id', CUSTOMERS, (p) => customerAction(p, 'resetPassword')),
  route('POST', 'customer/index/unlock/id/:id', CUSTOMERS, (p) => customerAction(p, 'unlock')),
  route('POST', 'customer/index/signOutEverywhere/id/:id', CUSTOMERS, (p) => customerAction(p, 'signOutEverywhere')),
  route('GET', 'customer/address/new/customer/:customer', CUSTOMERS, (p) => addressFormPage(p)),
  route('GET', 'customer/address/edit/customer/:customer/id/:id', CUSTOMERS, (p) => addressFormPage(p)),
  route('POST', 'customer/address/save/customer/:customer', CUSTOMERS, addressSave),
  route('POST', 'customer/address/delete/customer/:customer/id/:id', CUSTOMERS, addressDelete),
  route('GET', 'system_config', 'Magento_Config::config', configIndex),
  route('GET', 'system_config/edit/section/:section', 'Magento_Config::config', (p) => configPage(p)),
  route('POST', 'system_config/save/section/:section', 'Magento_Config::config', configSave),
];

/** Magento's start page is the dashboard; an admin without it lands on the first page they hold. */
async function startPage(page: AdminPage): Promise<FastifyReply> {
  const first = MENU.flatMap((g) => g.items).find((i) => can(page, i.resource));
  if (!first) return forbidden(page);
  return page.reply.code(303).header('location', url(page, first.path)).send();
}
