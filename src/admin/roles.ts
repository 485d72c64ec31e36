// Admin roles: a named set of ACL resources. An admin with no role holds every resource (Magento's
// "Administrators" role); an admin given a role holds exactly its resources.
import { grantOf, RESOURCE_ID, type ResourceGrant } from '../auth/acl.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { InputError, NoSuchEntityError } from '../errors/domain-errors.ts';
import type { RoleRepository } from './role-repository.ts';

export interface Role {
  id: number;
  name: string;
  resources: string[];
}

export class RoleService {
  constructor(private readonly repository: RoleRepository) {}

  async create(name: string, resources: readonly string[]): Promise<Role> {
    const roleName = name.trim();
    if (!roleName) throw InputError.required('role_name');
    const unique = [...new Set(resources)];
    if (unique.length === 0) throw InputError.required('resource');
    for (const r of unique) if (!RESOURCE_ID.test(r)) throw InputError.invalidValue('resource', r);
    try {
      const id = await this.repository.insert(roleName, unique);
      return { id, name: roleName, resources: unique };
    } catch (error) {
      if (isUniqueViolation(error)) throw new InputError('role.exists');
      throw error;
    }
  }

  async list(): Promise<Role[]> {
    const rows = await this.repository.listWithRules();
    const roles = new Map<number, Role>();
    for (const row of rows) {
      const role = roles.get(row.role_id) ?? { id: row.role_id, name: row.role_name, resources: [] };
      if (row.resource_id) role.resources.push(row.resource_id);
      roles.set(row.role_id, role);
    }
    return [...roles.values()];
  }

  async assign(userId: number, roleName: string): Promise<void> {
    const roleId = await this.repository.idByName(roleName);
    if (roleId === undefined) throw NoSuchEntityError.byField('roleName', roleName);
    await this.repository.assign(userId, roleId);
  }

  /** What an admin holds; read per request (one query), so a role change applies at once. */
  async grantFor(adminId: number): Promise<ResourceGrant> {
    const rows = await this.repository.rulesOfUser(adminId);
    // No role at all: the full administrator. A role with no rules holds nothing.
    if (rows.length === 0) return 'all';
    return grantOf(rows.flatMap((r) => (r.resource_id ? [r.resource_id] : [])), false);
  }
}
