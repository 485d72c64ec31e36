// Admin sessions (admin_session): only the sha256 of each session id is stored.
import type { Insertable, Selectable } from 'kysely';
import type { AdminSessionTable } from '../db/schema.ts';
import { Repository } from '../db/repository.ts';

export type AdminSessionRow = Selectable<AdminSessionTable>;

export class AdminSessionRepository extends Repository {
  find(hash: string): Promise<AdminSessionRow | undefined> {
    return this.db.selectFrom('admin_session').selectAll().where('session_hash', '=', hash).executeTakeFirst();
  }

  async insert(row: Insertable<AdminSessionTable>): Promise<void> {
    await this.db.insertInto('admin_session').values(row).execute();
  }

  async update(hash: string, fields: Partial<Pick<AdminSessionRow, 'expires_at' | 'flash' | 'stage'>>): Promise<void> {
    await this.db.updateTable('admin_session').set(fields).where('session_hash', '=', hash).execute();
  }

  async delete(hash: string): Promise<void> {
    await this.db.deleteFrom('admin_session').where('session_hash', '=', hash).execute();
  }

  async deleteForUser(userId: number): Promise<void> {
    await this.db.deleteFrom('admin_session').where('user_id', '=', userId).execute();
  }

  async deleteExpired(now: number): Promise<number> {
    const r = await this.db.deleteFrom('admin_session').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
