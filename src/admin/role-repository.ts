// Admin roles (authorization_role), their ACL rules (authorization_rule) and who holds which (admin_user_role).
import { Repository } from '../db/repository.ts';

export class RoleRepository extends Repository {
  /** The role and its rules, in one transaction. */
  insert(name: string, resources: readonly string[]): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const roleId = await this.traits.insertReturningId(tx.insertInto('authorization_role').values({ role_name: name }), 'role_id');
      await tx.insertInto('authorization_rule').values(resources.map((resource_id) => ({ role_id: roleId, resource_id }))).execute();
      return roleId;
    });
  }

  /** Every role with its resources (null for a role without rules), ordered by role id. */
  listWithRules() {
    return this.db
      .selectFrom('authorization_role as r')
      .leftJoin('authorization_rule as u', 'u.role_id', 'r.role_id')
      .select(['r.role_id', 'r.role_name', 'u.resource_id'])
      .orderBy('r.role_id')
      .execute();
  }

  async idByName(name: string): Promise<number | undefined> {
    return (await this.db.selectFrom('authorization_role').select('role_id').where('role_name', '=', name).executeTakeFirst())?.role_id;
  }

  /** The user holds exactly this role afterwards. */
  async assign(userId: number, roleId: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('admin_user_role').where('user_id', '=', userId).execute();
      await tx.insertInto('admin_user_role').values({ user_id: userId, role_id: roleId }).execute();
    });
  }

  /** The user's role rules: no row at all means the user has no role. */
  rulesOfUser(adminId: number) {
    return this.db
      .selectFrom('admin_user_role as ur')
      .leftJoin('authorization_rule as u', 'u.role_id', 'ur.role_id')
      .select(['ur.role_id', 'u.resource_id'])
      .where('ur.user_id', '=', adminId)
      .execute();
  }
}
