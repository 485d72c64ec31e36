// Customer group routes (Magento_Customer webapi.xml); all need Magento_Customer::group.
import { Type, type TSchema } from '@sinclair/typebox';
import type { Group } from '../../../groups/repository.ts';
import { GROUP_SEARCH_FIELD_NAMES } from '../../../groups/repository.ts';
import { parseSearchCriteria } from '../../../lib/search-criteria.ts';
import { compact } from '../json.ts';
import { defineRoute } from '../route.ts';
import { SearchCriteriaWire, searchResultsSchema, searchResultsToWire } from '../wire/search.ts';

const ACL = ['Magento_Customer::group'] as const;
const Opt = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

/** GroupInterface, in its getter order. */
export const GroupWire = Type.Object(
  {
    id: Opt(Type.Integer()),
    code: Opt(Type.String()),
    tax_class_id: Opt(Type.Integer()),
    tax_class_name: Opt(Type.String()),
    extension_attributes: Opt(Type.Object({}, { additionalProperties: true })),
  },
  { $id: 'CustomerDataGroup', additionalProperties: false, phpType: '\\Magento\\Customer\\Api\\Data\\GroupInterface' },
);

function groupToWire(g: Group) {
  return compact({ id: g.id, code: g.code, tax_class_id: g.taxClassId, tax_class_name: g.taxClassName });
}

function groupFromWire(g: Record<string, any>) {
  return { id: g.id ?? null, code: g.code ?? null, taxClassId: g.taxClassId ?? null };
}

export const groupRoutes = [
  defineRoute({
    method: 'GET',
    path: '/V1/customerGroups/default',
    access: ACL,
    tag: 'customerGroupManagementV1',
    summary: "The default group of the URL's store view.",
    params: Type.Object({}),
    response: GroupWire,
    handle: async (ctx) => groupToWire(await ctx.services.groups.getDefault(ctx.store)),
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/customerGroups/default/:storeId',
    access: ACL,
    tag: 'customerGroupManagementV1',
    summary: 'The default group of a store view.',
    params: Type.Object({ storeId: Type.Integer() }, { required: ['storeId'] }),
    response: GroupWire,
    handle: async (ctx, input) => groupToWire(await ctx.services.groups.getDefault(ctx.store, input.storeId)),
  }),
  defineRoute({
    method: 'PUT',
    path: '/V1/customerGroups/default/:id',
    access: ACL,
    tag: 'customerCustomerGroupConfigV1',
    summary: 'Make a group the default group for new customers (default scope); answers its id.',
    params: Type.Object({ id: Type.Integer() }, { required: ['id'] }),
    response: Type.Integer(),
    handle: async (ctx, input) => ctx.services.groups.setDefault(input.id!),
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/customerGroups/search',
    access: ACL,
    tag: 'customerGroupRepositoryV1',
    summary: 'Search groups (fields id, code, tax_class_id, tax_class_name).',
    params: Type.Object({ searchCriteria: SearchCriteriaWire }, { required: ['searchCriteria'] }),
    response: searchResultsSchema(GroupWire, 'CustomerDataGroupSearchResults'),
    handle: async (ctx, input) => {
      const criteria = parseSearchCriteria(input.searchCriteria, GROUP_SEARCH_FIELD_NAMES);
      return searchResultsToWire(criteria, await ctx.services.groups.search(criteria), groupToWire) as never;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/customerGroups/:id/permissions',
    access: ACL,
    tag: 'customerGroupManagementV1',
    summary: 'Whether a group is read-only (NOT LOGGED IN, or a default group).',
    params: Type.Object({ id: Type.Integer() }, { required: ['id'] }),
    response: Type.Boolean(),
    handle: async (ctx, input) => ctx.services.groups.isReadonly(input.id!),
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/customerGroups/:id',
    access: ACL,
    tag: 'customerGroupRepositoryV1',
    summary: 'A group by id.',
    params: Type.Object({ id: Type.Integer() }, { required: ['id'] }),
    response: GroupWire,
    handle: async (ctx, input) => groupToWire(await ctx.services.groups.getById(input.id!)),
  }),
  defineRoute({
    method: 'POST',
    path: '/V1/customerGroups',
    access: ACL,
    tag: 'customerGroupRepositoryV1',
    summary: 'Create a group (tax class 3 when none is given); with an id, update that group.',
    params: Type.Object({ group: GroupWire }, { required: ['group'] }),
    response: GroupWire,
    handle: async (ctx, input) => groupToWire(await ctx.services.groups.save(groupFromWire(input.group!))),
  }),
  defineRoute({
    method: 'PUT',
    path: '/V1/customerGroups/:id',
    access: ACL,
    tag: 'customerGroupRepositoryV1',
    summary: 'Update a group; the id in the path wins over the body.',
    params: Type.Object({ id: Type.Integer(), group: GroupWire }, { required: ['id', 'group'] }),
    response: GroupWire,
    handle: async (ctx, input) => groupToWire(await ctx.services.groups.save({ ...groupFromWire(input.group!), id: input.id! })),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/V1/customerGroups/:id',
    access: ACL,
    tag: 'customerGroupRepositoryV1',
    summary: "Delete a group; its customers move to their store's default group. Groups 0–3 and default groups cannot be deleted.",
    params: Type.Object({ id: Type.Integer() }, { required: ['id'] }),
    response: Type.Boolean(),
    handle: async (ctx, input) => ctx.services.groups.deleteById(input.id!),
  }),
];
