// Admin users (admin_user).
import { sql, type Selectable } from 'kysely';
import type { AdminUserTable } from '../db/schema.ts';
import { Repository } from '../db/repository.ts';

export type AdminUserRow = Selectable<AdminUserTable>;
export type NewAdminUserRow = Omit<AdminUserRow, 'user_id'>;

export class AdminUserRepository extends Repository {
  insert(row: NewAdminUserRow): Promise<number> {
    return this.traits.insertReturningId(this.db.insertInto('admin_user').values(row), 'user_id');
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('admin_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async setActive(username: string, active: boolean): Promise<boolean> {
    const r = await this.db.updateTable('admin_user').set({ is_active: active ? 1 : 0 }).where('username', '=', username).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async exists(userId: number): Promise<boolean> {
    return (await this.db.selectFrom('admin_user').select('user_id').where('user_id', '=', userId).executeTakeFirst()) !== undefined;
  }

  /** User names match case-insensitively, as under MySQL's collation in Magento. */
  findByUsername(username: string): Promise<AdminUserRow | undefined> {
    return this.db.selectFrom('admin_user').selectAll().where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
  }

  async setPasswordHash(userId: number, hash: string): Promise<void> {
    await this.db.updateTable('admin_user').set({ password: hash }).where('user_id', '=', userId).execute();
  }
}
