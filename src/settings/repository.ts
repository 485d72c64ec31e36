import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { ConfigScope } from './defaults.ts';
import { Repository } from '../db/repository.ts';

export interface ConfigRow {
  scope: string;
  scope_id: number;
  path: string;
  value: string | null;
}

export class ConfigRepository extends Repository {
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
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('core_config_data').where('scope', '=', scope).where('scope_id', '=', scopeId).where('path', '=', path).execute();
      await tx.insertInto('core_config_data').values({ scope, scope_id: scopeId, path, value }).execute();
    });
  }
}
