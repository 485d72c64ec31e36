// Store scope routes (Magento_Store webapi.xml); ACL Magento_Backend::store as in Magento 2.4.
import { Type } from '@sinclair/typebox';
import { readStoreViewConfig } from '../../../settings/store-config.ts';
import { defineRoute } from '../route.ts';

const ACL = ['Magento_Backend::store'] as const;
// The list routes read the tables afresh (not the request-path cache): another process, e.g.
// bin/keyfront store:view:create, may have just changed them.

const StoreWire = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    website_id: Type.Integer(),
    store_group_id: Type.Integer(),
    is_active: Type.Boolean(),
  },
  { $id: 'StoreDataStore' },
);
const GroupWire = Type.Object(
  {
    id: Type.Integer(),
    website_id: Type.Integer(),
    root_category_id: Type.Integer(),
    default_store_id: Type.Integer(),
    name: Type.String(),
    code: Type.String(),
  },
  { $id: 'StoreDataGroup' },
);
const WebsiteWire = Type.Object(
  { id: Type.Integer(), code: Type.String(), name: Type.String(), default_group_id: Type.Integer() },
  { $id: 'StoreDataWebsite' },
);
const StoreConfigWire = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    website_id: Type.Integer(),
    locale: Type.String(),
    base_currency_code: Type.String(),
    default_display_currency_code: Type.String(),
    timezone: Type.String(),
    weight_unit: Type.String(),
    base_url: Type.String(),
    base_link_url: Type.String(),
    base_static_url: Type.String(),
    base_media_url: Type.String(),
    secure_base_url: Type.String(),
    secure_base_link_url: Type.String(),
    secure_base_static_url: Type.String(),
    secure_base_media_url: Type.String(),
  },
  { $id: 'StoreDataStoreConfig' },
);

export const storeRoutes = [
  defineRoute({
    method: 'GET',
    path: '/V1/store/storeViews',
    access: ACL,
    tag: 'storeStoreRepositoryV1',
    summary: 'All store views, the admin view included.',
    params: Type.Object({}),
    response: Type.Array(StoreWire),
    handle: async (ctx) =>
      (await ctx.services.stores.reload()).views.map((v) => ({
        id: v.id,
        code: v.code,
        name: v.name,
        website_id: v.websiteId,
        store_group_id: v.storeGroupId,
        is_active: v.isActive,
      })),
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/store/storeGroups',
    access: ACL,
    tag: 'storeGroupRepositoryV1',
    summary: 'All store groups.',
    params: Type.Object({}),
    response: Type.Array(GroupWire),
    handle: async (ctx) =>
      (await ctx.services.stores.reload()).groups.map((g) => ({
        id: g.id,
        website_id: g.websiteId,
        root_category_id: g.rootCategoryId,
        default_store_id: g.defaultStoreId,
        name: g.name,
        code: g.code,
      })),
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/store/websites',
    access: ACL,
    tag: 'storeWebsiteRepositoryV1',
    summary: 'All websites, the admin website included.',
    params: Type.Object({}),
    response: Type.Array(WebsiteWire),
    handle: async (ctx) =>
      (await ctx.services.stores.reload()).websites.map((w) => ({ id: w.id, code: w.code, name: w.name, default_group_id: w.defaultGroupId })),
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/store/storeConfigs',
    access: ACL,
    tag: 'storeStoreConfigManagerV1',
    summary: 'Configuration of the named store views (storeCodes[]), or of every store view.',
    params: Type.Object({ storeCodes: Type.Optional(Type.Array(Type.String())) }),
    response: Type.Array(StoreConfigWire),
    handle: async (ctx, input) => {
      const { stores } = ctx.services;
      const views = (await stores.reload()).views.filter((v) => v.id !== 0 && (!input.storeCodes || input.storeCodes.includes(v.code)));
      return Promise.all(
        views.map(async (v) => {
          const c = await readStoreViewConfig(ctx.services.config, v);
          return {
            id: v.id,
            code: v.code,
            website_id: v.websiteId,
            locale: c.locale,
            base_currency_code: c.baseCurrencyCode,
            default_display_currency_code: c.defaultDisplayCurrencyCode,
            timezone: c.timezone,
            weight_unit: c.weightUnit,
            base_url: c.baseUrl,
            base_link_url: c.baseUrl,
            base_static_url: `${c.baseUrl}static/`,
            base_media_url: `${c.baseUrl}media/`,
            secure_base_url: c.secureBaseUrl,
            secure_base_link_url: c.secureBaseUrl,
            secure_base_static_url: `${c.secureBaseUrl}static/`,
            secure_base_media_url: `${c.secureBaseUrl}media/`,
          };
        }),
      );
    },
  }),
];
