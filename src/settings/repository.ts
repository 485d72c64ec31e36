import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { ConfigScope } from './defaults.ts';
import { Repository } from '../db/repository.ts';

export interface ConfigRow {
  scope: string;
  scope_id: number;
  path: string;
  value: string | null;
}

/**
 * Raises the configuration's version (migration 0010) in the transaction of a change, so every
 * process's cached settings (ConfigService.snapshot) are known to be stale from the commit on.
 * Every statement that writes core_config_data runs beside one of these (a structure test checks).
 */
export async function raiseConfigVersion(tx: Executor): Promise<void> {
  await tx.updateTable('keyfront_config_version').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', 1).execute();
}

export class ConfigRepository extends Repository {
  async raiseVersion(): Promise<void> {
    await raiseConfigVersion(this.db);
  }

  /** The configuration's version now (see raiseConfigVersion). */
  async version(): Promise<number> {
    const row = await this.db.selectFrom('keyfront_config_version').select('version').where('id', '=', 1).executeTakeFirst();
    return Number(row?.version ?? 0);
  }

  /** Every stored value, and the version read first (a change committed in between only makes the snapshot look older than it is). */
  async snapshot(): Promise<{ version: number; rows: ConfigRow[] }> {
    const version = await this.version();
    const rows = await this.db.selectFrom('core_config_data').select(['scope', 'scope_id', 'path', 'value']).execute();
    return { version, rows };
  }

  async rowsForPath(path: string): Promise<ConfigRow[]> {
    return this.db.selectFrom('core_config_data').select(['scope', 'scope_id', 'path', 'value']).where('path', '=', path).execute();
  }

  async rowsForPaths(paths: string[]): Promise<ConfigRow[]> {
    return this.db.selectFrom('core_config_data').select(['scope', 'scope_id', 'path', 'value']).where('path', 'in', paths).execute();
  }

  async all(pathPrefix?: string): Promise<ConfigRow[]> {
    let q = this.db.selectFrom('core_config_data').select(['scope', 'scope_id', 'path', 'value']);
    if (pathPrefix) q = q.where('path', 'like', `${pathPrefix.replace(/[%_\\]/g, '\\$&')}%`);
    return q.orderBy('path').orderBy('scope').orderBy('scope_id').execute();
  }

  /** Insert or replace one value; a delete-then-insert in one transaction works alike on all dialects. */
  async set(scope: ConfigScope, scopeId: number, path: string, value: string): Promise<void> {
    await this.db.transaction().execute((tx) => this.setIn(tx, scope, scopeId, path, value));
  }

  /** The same, inside the caller's transaction. */
  async setIn(tx: Executor, scope: ConfigScope, scopeId: number, path: string, value: string): Promise<void> {
    await tx.deleteFrom('core_config_data').where('scope', '=', scope).where('scope_id', '=', scopeId).where('path', '=', path).execute();
    await tx.insertInto('core_config_data').values({ scope, scope_id: scopeId, path, value }).execute();
    await raiseConfigVersion(tx);
  }

  /**
   * A default-scope value changed in place (UPDATE, then INSERT if there was no row): a reader
   * waiting on the row's lock then reads the new version, where a delete-then-insert would leave
   * it reading nothing.
   */
  async updateDefaultIn(tx: Executor, path: string, value: string): Promise<void> {
    const result = await tx.updateTable('core_config_data').set({ value }).where('scope', '=', 'default').where('scope_id', '=', 0).where('path', '=', path).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) await tx.insertInto('core_config_data').values({ scope: 'default', scope_id: 0, path, value }).execute();
    await raiseConfigVersion(tx);
  }

  /**
   * A default-scope value read under a shared row lock (PostgreSQL, MySQL): a transaction that
   * changes the value waits for this one to end, and this one reads the committed change.
   */
  async defaultValueLocked(tx: Executor, path: string): Promise<string | null> {
    let query = tx.selectFrom('core_config_data').select('value').where('scope', '=', 'default').where('scope_id', '=', 0).where('path', '=', path);
    if (this.traits.shareLock) query = query.modifyEnd(sql.raw(this.traits.shareLock));
    return (await query.executeTakeFirst())?.value ?? null;
  }

  async delete(scope: ConfigScope, scopeId: number, path: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('core_config_data').where('scope', '=', scope).where('scope_id', '=', scopeId).where('path', '=', path).execute();
      await raiseConfigVersion(tx);
    });
  }
}
