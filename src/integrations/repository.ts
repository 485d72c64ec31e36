// Integration rows (integration + integration_resource) and used OAuth nonces.
import { isUniqueViolation } from '../db/errors.ts';
import type { IntegrationTable } from '../db/schema.ts';
import { Repository } from '../db/repository.ts';

export type IntegrationRow = Omit<IntegrationTable, 'integration_id'> & { integration_id: number };
export type NewIntegrationRow = Omit<IntegrationRow, 'integration_id'>;

export class IntegrationRepository extends Repository {
  async insert(row: NewIntegrationRow, resources: readonly string[]): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const id = await this.traits.insertReturningId(tx.insertInto('integration').values(row), 'integration_id');
      if (resources.length > 0) {
        await tx.insertInto('integration_resource').values(resources.map((resource_id) => ({ integration_id: id, resource_id }))).execute();
      }
      return id;
    });
  }

  byName(name: string): Promise<IntegrationRow | undefined> {
    return this.db.selectFrom('integration').selectAll().where('name', '=', name).executeTakeFirst();
  }

  byConsumerKey(key: string): Promise<IntegrationRow | undefined> {
    return this.db.selectFrom('integration').selectAll().where('consumer_key', '=', key).executeTakeFirst();
  }

  byTokenHash(hash: string): Promise<IntegrationRow | undefined> {
    return this.db.selectFrom('integration').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  list(): Promise<IntegrationRow[]> {
    return this.db.selectFrom('integration').selectAll().orderBy('integration_id').execute();
  }

  async resources(integrationId: number): Promise<string[]> {
    const rows = await this.db.selectFrom('integration_resource').select('resource_id').where('integration_id', '=', integrationId).orderBy('resource_id').execute();
    return rows.map((r) => r.resource_id);
  }

  async replaceToken(integrationId: number, tokenHash: string, tokenSecret: string, updatedAt: string): Promise<void> {
    await this.db.updateTable('integration').set({ token_hash: tokenHash, token_secret: tokenSecret, updated_at: updatedAt }).where('integration_id', '=', integrationId).execute();
  }

  async delete(integrationId: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      // Children first: SQLite's foreign keys cascade, but do not rely on every engine's settings.
      await tx.deleteFrom('oauth_nonce').where('integration_id', '=', integrationId).execute();
      await tx.deleteFrom('integration_resource').where('integration_id', '=', integrationId).execute();
      await tx.deleteFrom('integration').where('integration_id', '=', integrationId).execute();
    });
  }

  /** Records a nonce; false when this integration has used it before (a replay). */
  async useNonce(integrationId: number, nonce: string, timestamp: number): Promise<boolean> {
    try {
      await this.db.insertInto('oauth_nonce').values({ integration_id: integrationId, nonce, timestamp }).execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async removeNoncesBefore(timestamp: number): Promise<number> {
    const r = await this.db.deleteFrom('oauth_nonce').where('timestamp', '<', timestamp).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
