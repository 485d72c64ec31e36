// Attribute metadata routes (CustomerMetadataInterface, AddressMetadataInterface); all need
// Magento_Customer::customer.
import { Type } from '@sinclair/typebox';
import type { AttributeMetadata, MetadataEntity } from '../../../customers/attribute-metadata.ts';
import { defineRoute, type RouteDefinition } from '../route.ts';

const ACL = ['Magento_Customer::customer'] as const;

/** AttributeMetadataInterface, in Magento's output order (attribute_code, from the parent interface, last). */
export const AttributeMetadataWire = Type.Object(
  {
    frontend_input: Type.String(),
    input_filter: Type.String(),
    store_label: Type.String(),
    validation_rules: Type.Array(Type.Object({ name: Type.String(), value: Type.String() })),
    multiline_count: Type.Integer(),
    visible: Type.Boolean(),
    required: Type.Boolean(),
    data_model: Type.String(),
    options: Type.Array(Type.Object({ label: Type.String(), value: Type.String() })),
    frontend_class: Type.String(),
    user_defined: Type.Boolean(),
    sort_order: Type.Integer(),
    frontend_label: Type.String(),
    note: Type.String(),
    system: Type.Boolean(),
    backend_type: Type.String(),
    is_used_in_grid: Type.Boolean(),
    is_visible_in_grid: Type.Boolean(),
    is_filterable_in_grid: Type.Boolean(),
    is_searchable_in_grid: Type.Boolean(),
    attribute_code: Type.String(),
  },
  { $id: 'CustomerDataAttributeMetadata' },
);

function toWire(a: AttributeMetadata) {
  return {
    frontend_input: a.frontendInput,
    input_filter: a.inputFilter,
    store_label: a.label,
    validation_rules: a.validationRules,
    multiline_count: a.multilineCount,
    visible: a.visible,
    required: a.required,
    data_model: '',
    options: a.options,
    frontend_class: a.frontendClass,
    user_defined: false,
    sort_order: a.sortOrder,
    frontend_label: a.label,
    note: '',
    system: true,
    backend_type: a.backendType,
    is_used_in_grid: a.inGrid,
    is_visible_in_grid: a.inGrid,
    is_filterable_in_grid: a.inGrid,
    is_searchable_in_grid: a.inGrid && a.backendType !== 'datetime',
    attribute_code: a.attributeCode,
  };
}

function routesFor(segment: string, entity: MetadataEntity, tag: string) {
  const List = Type.Array(AttributeMetadataWire);
  return [
    defineRoute({
      method: 'GET',
      path: `/V1/attributeMetadata/${segment}/attribute/:attributeCode`,
      access: ACL,
      tag,
      summary: `Metadata of one ${entity} attribute.`,
      params: Type.Object({ attributeCode: Type.String() }, { required: ['attributeCode'] }),
      response: AttributeMetadataWire,
      handle: async (ctx, input) => toWire(await ctx.services.attributeMetadata.byCode(entity, input.attributeCode!)),
    }),
    defineRoute({
      method: 'GET',
      path: `/V1/attributeMetadata/${segment}/form/:formCode`,
      access: ACL,
      tag,
      summary: `The ${entity} attributes of a form (e.g. ${entity === 'customer' ? 'customer_account_create' : 'customer_address_edit'}).`,
      params: Type.Object({ formCode: Type.String() }, { required: ['formCode'] }),
      response: List,
      handle: async (ctx, input) => (await ctx.services.attributeMetadata.forForm(entity, input.formCode!)).map(toWire),
    }),
    defineRoute({
      method: 'GET',
      path: `/V1/attributeMetadata/${segment}`,
      access: ACL,
      tag,
      summary: `Metadata of every ${entity} attribute.`,
      params: Type.Object({}),
      response: List,
      handle: async (ctx) => (await ctx.services.attributeMetadata.all(entity)).map(toWire),
    }),
    defineRoute({
      method: 'GET',
      path: `/V1/attributeMetadata/${segment}/custom`,
      access: ACL,
      tag,
      summary: `Metadata of the user-defined ${entity} attributes (none in Keyfront).`,
      params: Type.Object({}),
      response: List,
      handle: async (ctx) => (await ctx.services.attributeMetadata.custom(entity)).map(toWire),
    }),
  ] as unknown as RouteDefinition[];
}

export const attributeMetadataRoutes = [
  ...routesFor('customer', 'customer', 'customerCustomerMetadataV1'),
  ...routesFor('customerAddress', 'customer_address', 'customerAddressMetadataV1'),
];
