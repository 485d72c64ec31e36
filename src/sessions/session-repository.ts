// Storefront sessions (storefront_session): only the sha256 of each session id is stored.
import type { StorefrontSessionTable } from '../db/schema.ts';
import type { Insertable, Selectable } from 'kysely';
import { Repository } from '../db/repository.ts';

export type SessionRow = Selectable<StorefrontSessionTable>;

export class SessionRepository extends Repository {
  find(hash: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('storefront_session').selectAll().where('session_hash', '=', hash).executeTakeFirst();
  }

  async insert(row: Insertable<StorefrontSessionTable>): Promise<void> {
    await this.db.insertInto('storefront_session').values(row).execute();
  }

  async setExpiry(hash: string, expiresAt: number): Promise<void> {
    await this.db.updateTable('storefront_session').set({ expires_at: expiresAt }).where('session_hash', '=', hash).execute();
  }

  async setFlash(hash: string, flash: string | null): Promise<void> {
    await this.db.updateTable('storefront_session').set({ flash }).where('session_hash', '=', hash).execute();
  }

  async delete(hash: string): Promise<void> {
    await this.db.deleteFrom('storefront_session').where('session_hash', '=', hash).execute();
  }

  async deleteForCustomer(customerId: number): Promise<void> {
    await this.db.deleteFrom('storefront_session').where('customer_id', '=', customerId).execute();
  }

  async deleteExpired(now: number): Promise<number> {
    const r = await this.db.deleteFrom('storefront_session').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
