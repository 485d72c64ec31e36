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
import { storeCreate, storeRename, storesPage } from './pages/stores.ts';
import { roleForm, roleGrid, roleSave } from './pages/roles.ts';
import { userAction, userForm, userGrid, userSave } from './pages/users.ts';
import { groupDelete, groupForm, groupGrid, groupSave } from './pages/groups.ts';
import { integrationAct, integrationConfirm, integrationGrid, integrationNew, integrationSave } from './pages/integrations.ts';

const CUSTOMERS = 'Magento_Customer::manage';
const GROUPS = 'Magento_Customer::group';
const USERS = 'Magento_User::acl_users';
const ROLES = 'Magento_User::acl_roles';
const INTEGRATIONS = 'Magento_Integration::integrations';

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
  route('GET', 'customer/group', GROUPS, groupGrid),
  route('GET', 'customer/group/new', GROUPS, (p) => groupForm(p)),
  route('GET', 'customer/group/edit/id/:id', GROUPS, (p) => groupForm(p)),
  route('POST', 'customer/group/save', GROUPS, groupSave),
  route('POST', 'customer/group/save/id/:id', GROUPS, groupSave),
  route('POST', 'customer/group/delete/id/:id', GROUPS, groupDelete),
  route('GET', 'integration', INTEGRATIONS, integrationGrid),
  route('GET', 'integration/new', INTEGRATIONS, (p) => integrationNew(p)),
  route('POST', 'integration/save', INTEGRATIONS, integrationSave),
  route('GET', 'integration/reauthorize/id/:id', INTEGRATIONS, (p) => integrationConfirm(p, 'reauthorize')),
  route('POST', 'integration/reauthorize/id/:id', INTEGRATIONS, (p) => integrationAct(p, 'reauthorize')),
  route('GET', 'integration/delete/id/:id', INTEGRATIONS, (p) => integrationConfirm(p, 'delete')),
  route('POST', 'integration/delete/id/:id', INTEGRATIONS, (p) => integrationAct(p, 'delete')),
  route('GET', 'admin/user', USERS, userGrid),
  route('GET', 'admin/user/new', USERS, (p) => userForm(p)),
  route('GET', 'admin/user/edit/user_id/:user_id', USERS, (p) => userForm(p)),
  route('POST', 'admin/user/save', USERS, userSave),
  route('POST', 'admin/user/save/user_id/:user_id', USERS, userSave),
  route('POST', 'admin/user/unlock/user_id/:user_id', USERS, (p) => userAction(p, 'unlock')),
  route('POST', 'admin/user/resetTfa/user_id/:user_id', USERS, (p) => userAction(p, 'resetTfa')),
  route('GET', 'admin/user_role', ROLES, roleGrid),
  route('GET', 'admin/user_role/editrole', ROLES, (p) => roleForm(p)),
  route('GET', 'admin/user_role/editrole/rid/:rid', ROLES, (p) => roleForm(p)),
  route('POST', 'admin/user_role/saverole', ROLES, roleSave),
  route('POST', 'admin/user_role/saverole/rid/:rid', ROLES, roleSave),
  route('GET', 'system_store', 'Magento_Backend::store', (p) => storesPage(p)),
  route('POST', 'system_store/create', 'Magento_Backend::store', storeCreate),
  route('POST', 'system_store/rename/:kind/:id', 'Magento_Backend::store', storeRename),
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
