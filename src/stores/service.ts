// Websites, store groups and store views. Every request resolves its store view from the URL, so
// the scope tree is held in memory and re-read when it may have changed (a TTL, and at once when
// a code is not found, since another process may have just created it).
import type { Transactor } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { InputError, NoSuchEntityError, UnavailableError } from '../errors/domain-errors.ts';
import type { StoreGroup, StoreView, Website } from './model.ts';
import type { StoreRepository } from './repository.ts';

export interface ScopeTree {
  websites: Website[];
  groups: StoreGroup[];
  views: StoreView[];
  viewsByCode: Map<string, StoreView>;
  loadedAt: number;
}

export interface CreateViewInput {
  code: string;
  name: string;
  websiteCode?: string;
  websiteName?: string;
  groupCode?: string;
  groupName?: string;
}

const CODE_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;
const TTL_MS = 5000;
const MISS_RELOAD_MS = 250;

export class StoreService {
  private tree: ScopeTree | null = null;
  private lastMissReload = 0;

  constructor(
    private readonly transactor: Transactor,
    private readonly repository: StoreRepository,
  ) {}

  /** Magento's default scopes: admin website/group/view 0, base / main_website_store / default 1. */
  async ensureDefaults(): Promise<void> {
    // Every start but the first finds them: one read, without the transaction's two round trips.
    if ((await this.repository.websites()).length > 0) return;
    await this.transactor.transaction(null, async (tx) => {
      const websites = await this.repository.websites(tx);
      if (websites.length > 0) return;
      await this.repository.insertWebsite(tx, { id: 0, code: 'admin', name: 'Admin', sortOrder: 0, defaultGroupId: 0, isDefault: false });
      await this.repository.insertWebsite(tx, { id: 1, code: 'base', name: 'Main Website', sortOrder: 0, defaultGroupId: 1, isDefault: true });
      await this.repository.insertGroup(tx, { id: 0, websiteId: 0, name: 'Default', rootCategoryId: 0, defaultStoreId: 0, code: 'default' });
      await this.repository.insertGroup(tx, { id: 1, websiteId: 1, name: 'Main Website Store', rootCategoryId: 2, defaultStoreId: 1, code: 'main_website_store' });
      await this.repository.insertView(tx, { id: 0, code: 'admin', name: 'Admin', websiteId: 0, storeGroupId: 0, isActive: true, sortOrder: 0 });
      await this.repository.insertView(tx, { id: 1, code: 'default', name: 'Default Store View', websiteId: 1, storeGroupId: 1, isActive: true, sortOrder: 0 });
    });
    this.tree = null;
  }

  async scopes(): Promise<ScopeTree> {
    if (this.tree && Date.now() - this.tree.loadedAt < TTL_MS) return this.tree;
    return this.reload();
  }

  async reload(): Promise<ScopeTree> {
    const [websites, groups, views] = await Promise.all([this.repository.websites(), this.repository.groups(), this.repository.views()]);
    this.tree = { websites, groups, views, viewsByCode: new Map(views.map((v) => [v.code, v])), loadedAt: Date.now() };
    return this.tree;
  }

  /** The view with this code, or null; a miss re-reads the tree (at most every 250 ms). */
  async viewByCode(code: string): Promise<StoreView | null> {
    const tree = await this.scopes();
    const hit = tree.viewsByCode.get(code);
    if (hit) return hit;
    if (Date.now() - this.lastMissReload < MISS_RELOAD_MS) return null;
    this.lastMissReload = Date.now();
    return (await this.reload()).viewsByCode.get(code) ?? null;
  }

  async viewById(id: number): Promise<StoreView | null> {
    const tree = await this.scopes();
    return tree.views.find((v) => v.id === id) ?? (await this.reload()).views.find((v) => v.id === id) ?? null;
  }

  async websiteById(id: number): Promise<Website | null> {
    const tree = await this.scopes();
    return tree.websites.find((w) => w.id === id) ?? (await this.reload()).websites.find((w) => w.id === id) ?? null;
  }

  /** The default store view of a website (its default group's default view). */
  async defaultViewOfWebsite(websiteId: number): Promise<StoreView | null> {
    const tree = await this.scopes();
    const website = tree.websites.find((w) => w.id === websiteId);
    const group = website && tree.groups.find((g) => g.id === website.defaultGroupId);
    return (group && tree.views.find((v) => v.id === group.defaultStoreId)) ?? null;
  }

  /** Magento's "default store": the default view of the default website. */
  async defaultView(): Promise<StoreView> {
    const tree = await this.scopes();
    const website = tree.websites.find((w) => w.isDefault) ?? tree.websites.find((w) => w.id !== 0);
    const view = website ? await this.defaultViewOfWebsite(website.id) : null;
    const fallback = view ?? tree.views.find((v) => v.id !== 0);
    if (!fallback) throw new UnavailableError('store.not_set_up');
    return fallback;
  }

  async adminView(): Promise<StoreView> {
    const view = (await this.scopes()).views.find((v) => v.id === 0);
    if (!view) throw new UnavailableError('store.not_set_up');
    return view;
  }

  async rename(kind: 'website' | 'group' | 'view', id: number, name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) throw InputError.required('name');
    // Id 0 is the admin scope: not a store anyone renames.
    if (id === 0 || !(await this.repository.rename(kind, id, trimmed))) throw NoSuchEntityError.byField('id', id);
    this.tree = null;
  }

  /** Creates a store view and, when missing, its website and store group (bin/keyfront store:view:create). */
  async createView(input: CreateViewInput): Promise<StoreView> {
    for (const [field, code] of [['code', input.code], ['website', input.websiteCode], ['group', input.groupCode]] as const) {
      if (code !== undefined && !CODE_PATTERN.test(code)) {
        throw new InputError('store.invalid_code', { field });
      }
    }
    if (!input.name.trim()) throw InputError.required('name');
    try {
      const view = await this.transactor.transaction(null, async (tx) => {
        const websites = await this.repository.websites(tx);
        const groups = await this.repository.groups(tx);
        const views = await this.repository.views(tx);
        if (views.some((v) => v.code === input.code)) throw new InputError('store.code_duplicated');
        let website = input.websiteCode ? websites.find((w) => w.code === input.websiteCode) : websites.find((w) => w.isDefault);
        let createdWebsite = false;
        if (!website) {
          if (!input.websiteCode) throw new InputError('store.no_default_website');
          website = {
            id: await this.repository.nextId(tx, 'store_website'),
            code: input.websiteCode,
            name: input.websiteName?.trim() || input.websiteCode,
            sortOrder: 0,
            defaultGroupId: 0,
            isDefault: false,
          };
          await this.repository.insertWebsite(tx, website);
          createdWebsite = true;
        }
        let group = input.groupCode ? groups.find((g) => g.code === input.groupCode) : groups.find((g) => g.id === website!.defaultGroupId);
        if (group && group.websiteId !== website.id) throw new InputError('store.group_in_other_website', [group.code]);
        let createdGroup = false;
        if (!group) {
          const code = input.groupCode ?? `${website.code}_store`;
          if (groups.some((g) => g.code === code)) throw new InputError('store.group_in_other_website', [code]);
          group = {
            id: await this.repository.nextId(tx, 'store_group'),
            websiteId: website.id,
            rootCategoryId: 2,
            defaultStoreId: 0,
            name: input.groupName?.trim() || code,
            code,
          };
          await this.repository.insertGroup(tx, group);
          createdGroup = true;
        }
        const created: StoreView = {
          id: await this.repository.nextId(tx, 'store'),
          code: input.code,
          name: input.name.trim(),
          websiteId: website.id,
          storeGroupId: group.id,
          isActive: true,
          sortOrder: 0,
        };
        await this.repository.insertView(tx, created);
        if (createdGroup || group.defaultStoreId === 0) await this.repository.setGroupDefaultStore(tx, group.id, created.id);
        if (createdWebsite || website.defaultGroupId === 0) await this.repository.setWebsiteDefaultGroup(tx, website.id, group.id);
        return created;
      });
      this.tree = null;
      return view;
    } catch (error) {
      if (isUniqueViolation(error)) throw new InputError('store.code_duplicated');
      throw error;
    }
  }
}
