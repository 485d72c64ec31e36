// The small tables an import brings over first, ids kept: websites, store groups, store views, tax
// classes, customer groups, the configuration Keyfront honours, admin users and their roles.
import { ALL_RESOURCES } from '../auth/acl.ts';
import { CONFIG_DEFAULTS } from '../settings/defaults.ts';
import { changedFields } from './customer-batch.ts';
import { ID_COLUMN, type ImportRepository, type ScopeTable } from './import-repository.ts';
import { dateTimeOrNull } from './customer-rules.ts';
import type { MagentoSource, Row } from './magento-source-repository.ts';
import type { ImportReport } from './report.ts';
import type { Transaction } from 'kysely';
import type { Tables } from '../db/schema.ts';

/** The ACL resources Keyfront's routes check: a Magento role's other resources have no effect here. */
export const KEYFRONT_RESOURCES = ['Magento_Customer::customer', 'Magento_Customer::manage', 'Magento_Customer::group', 'Magento_Backend::store', 'Magento_User::acl_users'];

/** The settings copied from core_config_data: those Keyfront reads, under customer/, oauth/ and webapi/. */
export const IMPORTED_CONFIG_PATHS = Object.keys(CONFIG_DEFAULTS).filter((p) => /^(customer|oauth|webapi)\//.test(p));

type Tx = Transaction<Tables>;

/** Inserts missing rows and updates differing ones, by id; a code Keyfront uses for another id stops the import. */
async function syncTable(repository: ImportRepository, tx: Tx, table: ScopeTable, rows: Record<string, unknown>[], report: ImportReport, uniqueColumn?: string): Promise<void> {
  const existing = await repository.rowsById(table, tx);
  for (const row of rows) {
    const id = Number(row[ID_COLUMN[table]]);
    if (uniqueColumn) {
      const clash = [...existing].find(([otherId, other]) => otherId !== id && String(other[uniqueColumn]).toLowerCase() === String(row[uniqueColumn]).toLowerCase());
      if (clash) throw new Error(`${table}: Keyfront's ${uniqueColumn} "${row[uniqueColumn]}" belongs to id ${clash[0]}, Magento's to id ${id}; rename or remove Keyfront's before importing`);
    }
    const before = existing.get(id);
    if (!before) {
      await repository.insertRow(tx, table, row);
      report.count(table, 'inserted');
      continue;
    }
    const changed = changedFields(row, before, null);
    if (Object.keys(changed).length === 0) {
      report.count(table, 'unchanged');
      continue;
    }
    await repository.updateRow(tx, table, id, changed);
    report.count(table, 'updated');
  }
}

export async function syncScopes(source: MagentoSource, repository: ImportRepository, tx: Tx, report: ImportReport): Promise<void> {
  const code = (r: Row, fallback: string) => (r.code === null || r.code === undefined || r.code === '' ? fallback : String(r.code));
  const websites = (await source.websites()).map((w) => ({ website_id: Number(w.website_id), code: code(w, `website_${w.website_id}`), name: String(w.name ?? w.code ?? ''), sort_order: Number(w.sort_order), default_group_id: Number(w.default_group_id), is_default: Number(w.is_default ?? 0) }));
  await syncTable(repository, tx, 'store_website', websites, report, 'code');
  const groups = (await source.storeGroups()).map((g) => ({ group_id: Number(g.group_id), website_id: Number(g.website_id), name: String(g.name), root_category_id: Number(g.root_category_id), default_store_id: Number(g.default_store_id), code: code(g, `group_${g.group_id}`) }));
  await syncTable(repository, tx, 'store_group', groups, report, 'code');
  const stores = (await source.stores()).map((s) => ({ store_id: Number(s.store_id), code: code(s, `store_${s.store_id}`), website_id: Number(s.website_id), group_id: Number(s.group_id), name: String(s.name), sort_order: Number(s.sort_order), is_active: Number(s.is_active) }));
  await syncTable(repository, tx, 'store', stores, report, 'code');
  const taxClasses = (await source.taxClasses()).map((c) => ({ class_id: Number(c.class_id), class_name: String(c.class_name), class_type: String(c.class_type) }));
  await syncTable(repository, tx, 'tax_class', taxClasses, report);
  const groupsOfCustomers = (await source.customerGroups()).map((g) => ({ customer_group_id: Number(g.customer_group_id), customer_group_code: String(g.customer_group_code), tax_class_id: Number(g.tax_class_id) }));
  await syncTable(repository, tx, 'customer_group', groupsOfCustomers, report, 'customer_group_code');
}

export async function syncConfig(source: MagentoSource, repository: ImportRepository, tx: Tx, report: ImportReport): Promise<void> {
  const existing = await repository.configRows(IMPORTED_CONFIG_PATHS, tx);
  const key = (r: { scope: string; scope_id: number; path: string }) => `${r.scope}|${r.scope_id}|${r.path}`;
  const byKey = new Map(existing.map((r) => [key(r), r]));
  for (const r of await source.config(IMPORTED_CONFIG_PATHS)) {
    const row = { scope: String(r.scope), scope_id: Number(r.scope_id), path: String(r.path), value: r.value === null ? null : String(r.value) };
    const before = byKey.get(key(row));
    if (!before) {
      await repository.insertConfig(tx, row);
      report.count('core_config_data', 'inserted');
    } else if ((before.value ?? null) !== row.value) {
      await repository.updateConfig(tx, row);
      report.count('core_config_data', 'updated');
    } else report.count('core_config_data', 'unchanged');
  }
}

/**
 * Admin users with their password hashes. A Magento role granting Magento_Backend::all maps to
 * Keyfront's full administrator (no role); another role becomes a Keyfront role of the same name
 * holding the resources Keyfront knows. An admin whose role grants none of them is refused rather
 * than imported as a full administrator.
 */
export async function syncAdmins(source: MagentoSource, repository: ImportRepository, tx: Tx, report: ImportReport): Promise<void> {
  const users = await source.adminUsers();
  const roleOf = new Map((await source.adminRoleOfUsers()).map((r) => [Number(r.user_id), { id: Number(r.role_id), name: String(r.role_name ?? `role_${r.role_id}`) }]));
  const grants = new Map<number, string[]>();
  for (const r of await source.allowedResources([...new Set([...roleOf.values()].map((r) => r.id))])) {
    grants.set(Number(r.role_id), [...(grants.get(Number(r.role_id)) ?? []), String(r.resource_id)]);
  }
  const roles = await repository.rolesByName(tx);
  const adminRoles = await repository.adminRoles(tx);
  const existing = await repository.rowsById('admin_user', tx);
  const ignored = new Set<string>();
  for (const u of users) {
    const id = Number(u.user_id);
    const username = String(u.username ?? '');
    const clash = [...existing].find(([otherId, other]) => otherId !== id && String(other.username).toLowerCase() === username.toLowerCase());
    if (clash) {
      report.refuse('admin_user', id, u.email ?? null, `user name "${username}" belongs to Keyfront admin ${clash[0]}`);
      continue;
    }
    const role = roleOf.get(id);
    let roleId: number | null = null;
    if (role) {
      const allowed = grants.get(role.id) ?? [];
      if (!allowed.includes(ALL_RESOURCES)) {
        const kept = allowed.filter((r) => KEYFRONT_RESOURCES.includes(r));
        for (const r of allowed) if (!kept.includes(r)) ignored.add(r);
        if (kept.length === 0) {
          report.refuse('admin_user', id, u.email ?? null, `role "${role.name}" grants none of the resources Keyfront checks`);
          continue;
        }
        const known = roles.get(role.name);
        const same = known && known.resources.length === kept.length && kept.every((r) => known.resources.includes(r));
        if (same) roleId = known.id;
        else {
          roleId = await repository.saveRole(tx, role.name, kept, known?.id);
          roles.set(role.name, { id: roleId, resources: kept });
          report.count('authorization_role', known ? 'updated' : 'inserted');
        }
      }
    } else {
      report.refuse('admin_user', id, u.email ?? null, 'no role in Magento (Magento lets such a user do nothing)');
      continue;
    }
    const row = {
      user_id: id,
      firstname: String(u.firstname ?? ''),
      lastname: String(u.lastname ?? ''),
      email: String(u.email ?? ''),
      username,
      password: String(u.password),
      created: dateTimeOrNull(u.created) ?? '1970-01-01 00:00:00',
      modified: dateTimeOrNull(u.modified) ?? dateTimeOrNull(u.created) ?? '1970-01-01 00:00:00',
      is_active: Number(u.is_active),
      failures_num: Number(u.failures_num ?? 0),
      first_failure: dateTimeOrNull(u.first_failure),
      lock_expires: dateTimeOrNull(u.lock_expires),
    };
    const before = existing.get(id);
    if (!before) {
      await repository.insertRow(tx, 'admin_user', row);
      report.count('admin_user', 'inserted');
    } else if (row.modified > String(before.modified)) {
      await repository.updateRow(tx, 'admin_user', id, changedFields(row, before, null));
      report.count('admin_user', 'updated');
    } else report.count('admin_user', 'unchanged');
    if ((adminRoles.get(id) ?? null) !== roleId) await repository.setAdminRole(tx, id, roleId);
  }
  if (ignored.size > 0) report.note(`admin role resources Keyfront does not check, not carried over: ${[...ignored].sort().join(', ')}`);
}
