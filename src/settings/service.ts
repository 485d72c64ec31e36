// Magento-style configuration: defaults in code, overrides in core_config_data, resolved
// store view → website → default. Read at use, so `config:set` takes effect without a restart.
import type { StoreView } from '../stores/model.ts';
import { CONFIG_DEFAULTS, type ConfigScope } from './defaults.ts';
import type { ConfigRepository } from './repository.ts';

export class ConfigService {
  constructor(private readonly repository: ConfigRepository) {}

  async get(path: string, store?: Pick<StoreView, 'id' | 'websiteId'>): Promise<string | null> {
    const rows = await this.repository.rowsForPath(path);
    if (store) {
      const forStore = rows.find((r) => r.scope === 'stores' && r.scope_id === store.id);
      if (forStore) return forStore.value;
      const forWebsite = rows.find((r) => r.scope === 'websites' && r.scope_id === store.websiteId);
      if (forWebsite) return forWebsite.value;
    }
    const global = rows.find((r) => r.scope === 'default' && r.scope_id === 0);
    if (global) return global.value;
    return CONFIG_DEFAULTS[path] ?? null;
  }

  async getNumber(path: string, store?: Pick<StoreView, 'id' | 'websiteId'>): Promise<number> {
    const value = Number(await this.get(path, store));
    return Number.isFinite(value) ? value : Number(CONFIG_DEFAULTS[path] ?? 0);
  }

  async getFlag(path: string, store?: Pick<StoreView, 'id' | 'websiteId'>): Promise<boolean> {
    return (await this.getNumber(path, store)) !== 0;
  }

  async set(path: string, value: string, scope: ConfigScope = 'default', scopeId = 0): Promise<void> {
    await this.repository.set(scope, scope === 'default' ? 0 : scopeId, path, value);
  }

  async list(pathPrefix?: string) {
    return this.repository.all(pathPrefix);
  }
}
