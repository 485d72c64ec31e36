// Admins' TOTP secrets (admin_user_tfa).
import type { Selectable } from 'kysely';
import type { AdminUserTfaTable } from '../db/schema.ts';
import { Repository } from '../db/repository.ts';

export type TfaRow = Selectable<AdminUserTfaTable>;

export class TfaRepository extends Repository {
  find(userId: number): Promise<TfaRow | undefined> {
    return this.db.selectFrom('admin_user_tfa').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  /** A new (unconfirmed) secret replaces whatever the user had. */
  async replace(userId: number, secret: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('admin_user_tfa').where('user_id', '=', userId).execute();
      await tx.insertInto('admin_user_tfa').values({ user_id: userId, secret, confirmed: 0, last_step: 0 }).execute();
    });
  }

  /**
   * Records an accepted step, only if it is later than the last one: two requests racing with
   * the same code cannot both pass. Answers whether this call won.
   */
  async accept(userId: number, step: number): Promise<boolean> {
    const r = await this.db.updateTable('admin_user_tfa').set({ last_step: step, confirmed: 1 }).where('user_id', '=', userId).where('last_step', '<', step).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async delete(userId: number): Promise<boolean> {
    const r = await this.db.deleteFrom('admin_user_tfa').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
