// Admin roles: a named set of ACL resources. An admin with no role holds every resource (Magento's
// "Administrators" role); an admin given a role holds exactly its resources.
import type { Kysely } from 'kysely';
import { grantOf, RESOURCE_ID, type ResourceGrant } from '../auth/acl.ts';
import type { DialectName } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { insertReturningId } from '../db/insert.ts';
import type { Tables } from '../db/schema.ts';
import { InputError, NoSuchEntityError } from '../errors/domain-errors.ts';

export interface Role {
  id: number;
  name: string;
  resources: string[];
}

export class RoleService {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: DialectName,
  ) {}

  async create(name: string, resources: readonly string[]): Promise<Role> {
    const roleName = name.trim();
    if (!roleName) throw InputError.required('role_name');
    const unique = [...new Set(resources)];
    if (unique.length === 0) throw InputError.required('resource');
    for (const r of unique) if (!RESOURCE_ID.test(r)) throw InputError.invalidValue('resource', r);
    try {
      const id = await this.db.transaction().execute(async (tx) => {
        const roleId = await insertReturningId(this.dialect, tx.insertInto('authorization_role').values({ role_name: roleName }), 'role_id');
        await tx.insertInto('authorization_rule').values(unique.map((resource_id) => ({ role_id: roleId, resource_id }))).execute();
        return roleId;
      });
      return { id, name: roleName, resources: unique };
    } catch (error) {
      if (isUniqueViolation(error)) throw new InputError('role.exists');
      throw error;
    }
  }

  async list(): Promise<Role[]> {
    const rows = await this.db
      .selectFrom('authorization_role as r')
      .leftJoin('authorization_rule as u', 'u.role_id', 'r.role_id')
      .select(['r.role_id', 'r.role_name', 'u.resource_id'])
      .orderBy('r.role_id')
      .execute();
    const roles = new Map<number, Role>();
    for (const row of rows) {
      const role = roles.get(row.role_id) ?? { id: row.role_id, name: row.role_name, resources: [] };
      if (row.resource_id) role.resources.push(row.resource_id);
      roles.set(row.role_id, role);
    }
    return [...roles.values()];
  }

  async assign(userId: number, roleName: string): Promise<void> {
    const role = await this.db.selectFrom('authorization_role').select('role_id').where('role_name', '=', roleName).executeTakeFirst();
    if (!role) throw NoSuchEntityError.byField('roleName', roleName);
    await this.db.deleteFrom('admin_user_role').where('user_id', '=', userId).execute();
    await this.db.insertInto('admin_user_role').values({ user_id: userId, role_id: role.role_id }).execute();
  }

  /** What an admin holds; read per request (one query), so a role change applies at once. */
  async grantFor(adminId: number): Promise<ResourceGrant> {
    const rows = await this.db
      .selectFrom('admin_user_role as ur')
      .leftJoin('authorization_rule as u', 'u.role_id', 'ur.role_id')
      .select(['ur.role_id', 'u.resource_id'])
      .where('ur.user_id', '=', adminId)
      .execute();
    // No role at all: the full administrator. A role with no rules holds nothing.
    if (rows.length === 0) return 'all';
    return grantOf(rows.flatMap((r) => (r.resource_id ? [r.resource_id] : [])), false);
  }
}
