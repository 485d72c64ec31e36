import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { StoreGroup, StoreView, Website } from './model.ts';
import { Repository } from '../db/repository.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export class StoreRepository extends Repository {
  async websites(db: Db = this.db): Promise<Website[]> {
    const rows = await db.selectFrom('store_website').selectAll().orderBy('website_id').execute();
    return rows.map((r) => ({
      id: r.website_id,
      code: r.code,
      name: r.name,
      defaultGroupId: r.default_group_id,
      sortOrder: r.sort_order,
      isDefault: r.is_default === 1,
    }));
  }

  async groups(db: Db = this.db): Promise<StoreGroup[]> {
    const rows = await db.selectFrom('store_group').selectAll().orderBy('group_id').execute();
    return rows.map((r) => ({
      id: r.group_id,
      websiteId: r.website_id,
      rootCategoryId: r.root_category_id,
      defaultStoreId: r.default_store_id,
      name: r.name,
      code: r.code,
    }));
  }

  async views(db: Db = this.db): Promise<StoreView[]> {
    const rows = await db.selectFrom('store').selectAll().orderBy('store_id').execute();
    return rows.map((r) => ({
      id: r.store_id,
      code: r.code,
      name: r.name,
      websiteId: r.website_id,
      storeGroupId: r.group_id,
      isActive: r.is_active === 1,
      sortOrder: r.sort_order,
    }));
  }

  async insertWebsite(db: Db, w: Website): Promise<void> {
    await db
      .insertInto('store_website')
      .values({ website_id: w.id, code: w.code, name: w.name, sort_order: w.sortOrder, default_group_id: w.defaultGroupId, is_default: w.isDefault ? 1 : 0 })
      .execute();
  }

  async insertGroup(db: Db, g: StoreGroup): Promise<void> {
    await db
      .insertInto('store_group')
      .values({ group_id: g.id, website_id: g.websiteId, name: g.name, root_category_id: g.rootCategoryId, default_store_id: g.defaultStoreId, code: g.code })
      .execute();
  }

  async insertView(db: Db, v: StoreView): Promise<void> {
    await db
      .insertInto('store')
      .values({ store_id: v.id, code: v.code, website_id: v.websiteId, group_id: v.storeGroupId, name: v.name, sort_order: v.sortOrder, is_active: v.isActive ? 1 : 0 })
      .execute();
  }

  async setWebsiteDefaultGroup(db: Db, websiteId: number, groupId: number): Promise<void> {
    await db.updateTable('store_website').set({ default_group_id: groupId }).where('website_id', '=', websiteId).execute();
  }

  async setGroupDefaultStore(db: Db, groupId: number, storeId: number): Promise<void> {
    await db.updateTable('store_group').set({ default_store_id: storeId }).where('group_id', '=', groupId).execute();
  }

  async nextId(db: Db, table: 'store_website' | 'store_group' | 'store'): Promise<number> {
    const column = table === 'store_website' ? 'website_id' : table === 'store_group' ? 'group_id' : 'store_id';
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.max<number>(column as 'website_id').as('max'))
      .executeTakeFirst();
    return Number(row?.max ?? 0) + 1;
  }
}
