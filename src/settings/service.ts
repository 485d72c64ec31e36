// Magento-style configuration: defaults in code, overrides in core_config_data, resolved
// store view → website → default. Read at use, so `config:set` takes effect without a restart.
import type { StoreView } from '../stores/model.ts';
import { CONFIG_DEFAULTS, type ConfigScope } from './defaults.ts';
import type { ConfigRepository, ConfigRow } from './repository.ts';

/** Magento's backend models: a path whose saving is a rule of its own (validation, side effects). */
export type ConfigBackend = (value: string) => Promise<void>;

/**
 * Every stored value with the configuration version it was read at (settings/repository.ts
 * raiseConfigVersion): what a hot path such as sign-in reads its settings from, without a
 * statement per setting. A path resolves as in ConfigService.get.
 */
export class ConfigSnapshot {
  constructor(
    readonly version: number,
    private readonly byPath: ReadonlyMap<string, ConfigRow[]>,
    private readonly defaultOf: (path: string) => string | null,
  ) {}

  get(path: string, store?: Pick<StoreView, 'id' | 'websiteId'>): string | null {
    return resolve(this.byPath.get(path) ?? [], path, store, this.defaultOf(path));
  }

  getNumber(path: string, store?: Pick<StoreView, 'id' | 'websiteId'>): number {
    return toNumber(this.get(path, store), path);
  }

  getFlag(path: string, store?: Pick<StoreView, 'id' | 'websiteId'>): boolean {
    return this.getNumber(path, store) !== 0;
  }
}

export class ConfigService {
  private readonly backends = new Map<string, ConfigBackend>();
  private cached: ConfigSnapshot | null = null;
  private loading: Promise<ConfigSnapshot> | null = null;
  /** Defaults known only at run time (the address the server listens on); stored values still win. */
  private readonly runtimeDefaults = new Map<string, string>();

  constructor(private readonly repository: ConfigRepository) {}

  registerBackend(path: string, backend: ConfigBackend): void {
    this.backends.set(path, backend);
  }

  /**
   * The storefront's address until `web/unsecure/base_url` / `web/secure/base_url` are set: the one
   * this process listens on, so mailed links work on a developer's machine whatever the port.
   */
  useBaseUrl(url: string): void {
    this.runtimeDefaults.set('web/unsecure/base_url', url);
    this.runtimeDefaults.set('web/secure/base_url', url);
  }

  /**
   * This process's last snapshot, which may be stale: only for the parameters of a statement that
   * itself reads the current version, after which snapshotAt(version) gives the settings to judge by.
   */
  async lastSnapshot(): Promise<ConfigSnapshot> {
    return this.cached ?? this.reload();
  }

  /** The settings as of `version`, read by a statement of this request: the cached snapshot, or read again. */
  async snapshotAt(version: number): Promise<ConfigSnapshot> {
    const cached = this.cached;
    if (cached && cached.version >= version) return cached;
    const read = await this.reload();
    // A read already under way may have begun before `version` was committed: then read again.
    return read.version >= version ? read : this.reload();
  }

  /** Current settings: one statement for the version, and the values only when they changed. */
  async snapshot(): Promise<ConfigSnapshot> {
    return this.snapshotAt(await this.repository.version());
  }

  private reload(): Promise<ConfigSnapshot> {
    // Concurrent requests that find the snapshot stale share one read.
    this.loading ??= this.repository.snapshot().then(
      ({ version, rows }) => {
        const byPath = new Map<string, ConfigRow[]>();
        for (const row of rows) byPath.set(row.path, [...(byPath.get(row.path) ?? []), row]);
        const snapshot = new ConfigSnapshot(version, byPath, (path) => this.defaultOf(path));
        if (!this.cached || this.cached.version <= version) this.cached = snapshot;
        this.loading = null;
        return snapshot;
      },
      (error) => {
        this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }

  /** Every process reads the settings again before it next uses its snapshot (bin/keyfront cache:flush). */
  async flush(): Promise<void> {
    await this.repository.raiseVersion();
    this.cached = null;
  }

  /** The value a path has when nothing is stored for it. */
  defaultOf(path: string): string | null {
    return this.runtimeDefaults.get(path) ?? CONFIG_DEFAULTS[path] ?? null;
  }

  async get(path: string, store?: Pick<StoreView, 'id' | 'websiteId'>): Promise<string | null> {
    return resolve(await this.repository.rowsForPath(path), path, store, this.defaultOf(path));
  }

  /** Several paths in one query (the sign-in path reads a handful on every call). */
  async getMany(paths: string[], store?: Pick<StoreView, 'id' | 'websiteId'>): Promise<Record<string, string | null>> {
    const rows = await this.repository.rowsForPaths(paths);
    const out: Record<string, string | null> = {};
    for (const path of paths) out[path] = resolve(rows.filter((r) => r.path === path), path, store, this.defaultOf(path));
    return out;
  }

  async getNumbers(paths: string[], store?: Pick<StoreView, 'id' | 'websiteId'>): Promise<Record<string, number>> {
    const values = await this.getMany(paths, store);
    const out: Record<string, number> = {};
    for (const path of paths) out[path] = toNumber(values[path], path);
    return out;
  }

  async getNumber(path: string, store?: Pick<StoreView, 'id' | 'websiteId'>): Promise<number> {
    return toNumber(await this.get(path, store), path);
  }

  async getFlag(path: string, store?: Pick<StoreView, 'id' | 'websiteId'>): Promise<boolean> {
    return (await this.getNumber(path, store)) !== 0;
  }

  async set(path: string, value: string, scope: ConfigScope = 'default', scopeId = 0): Promise<void> {
    const backend = scope === 'default' ? this.backends.get(path) : undefined;
    if (backend) return backend(value);
    await this.repository.set(scope, scope === 'default' ? 0 : scopeId, path, value);
  }

  /** "Use Default" / "Use Website": the scope's own value goes, the parent's applies again. */
  async unset(path: string, scope: ConfigScope = 'default', scopeId = 0): Promise<void> {
    await this.repository.delete(scope, scope === 'default' ? 0 : scopeId, path);
  }

  /**
   * What a configuration page shows for each path at one scope: the scope's own value (or null
   * when it inherits) and the value it inherits from the scopes above it.
   */
  async atScope(paths: string[], scope: ConfigScope, scopeId: number, websiteOfStore?: number): Promise<Record<string, { own: string | null; inherited: string | null }>> {
    const rows = await this.repository.rowsForPaths(paths);
    const out: Record<string, { own: string | null; inherited: string | null }> = {};
    for (const path of paths) {
      const mine = rows.filter((r) => r.path === path);
      const own = mine.find((r) => r.scope === scope && r.scope_id === (scope === 'default' ? 0 : scopeId));
      let inherited: string | null = CONFIG_DEFAULTS[path] ?? null;
      const global = mine.find((r) => r.scope === 'default' && r.scope_id === 0);
      if (scope !== 'default' && global) inherited = global.value;
      if (scope === 'stores') {
        const forWebsite = mine.find((r) => r.scope === 'websites' && r.scope_id === websiteOfStore);
        if (forWebsite) inherited = forWebsite.value;
      }
      out[path] = { own: own ? (own.value ?? '') : null, inherited };
    }
    return out;
  }

  async list(pathPrefix?: string) {
    return this.repository.all(pathPrefix);
  }
}

/** The value of one path among its rows: store view, then website, then default, then the code default. */
function resolve(rows: ConfigRow[], path: string, store: Pick<StoreView, 'id' | 'websiteId'> | undefined, fallback: string | null): string | null {
  if (store) {
    const forStore = rows.find((r) => r.scope === 'stores' && r.scope_id === store.id);
    if (forStore) return forStore.value;
    const forWebsite = rows.find((r) => r.scope === 'websites' && r.scope_id === store.websiteId);
    if (forWebsite) return forWebsite.value;
  }
  const global = rows.find((r) => r.scope === 'default' && r.scope_id === 0);
  if (global) return global.value;
  return fallback;
}

function toNumber(raw: string | null, path: string): number {
  const value = Number(raw);
  return raw !== null && raw !== '' && Number.isFinite(value) ? value : Number(CONFIG_DEFAULTS[path] ?? 0);
}
