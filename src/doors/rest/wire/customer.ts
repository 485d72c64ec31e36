// The customer and address as Magento's REST API writes and reads them (CustomerInterface,
// AddressInterface, RegionInterface): property order here is the JSON key order on the wire.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Address, AddressInput, Customer, CustomerInput } from '../../../customers/model.ts';
import { compact } from '../json.ts';

const Opt = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

export const CustomAttribute = Type.Object(
  { attribute_code: Type.String(), value: Type.Unknown() },
  { $id: 'CustomAttribute', phpType: '\\Magento\\Framework\\Api\\AttributeInterface' },
);

export const RegionWire = Type.Object(
  { region_code: Opt(Type.String()), region: Opt(Type.String()), region_id: Opt(Type.Integer()) },
  { $id: 'CustomerDataRegion', phpType: '\\Magento\\Customer\\Api\\Data\\RegionInterface' },
);

const addressProperties = {
  id: Opt(Type.Integer()),
  customer_id: Opt(Type.Integer()),
  region: Opt(RegionWire),
  region_id: Opt(Type.Integer()),
  country_id: Opt(Type.String({ description: 'ISO 3166-1 alpha-2 country code' })),
  street: Opt(Type.Array(Type.String())),
  company: Opt(Type.String()),
  telephone: Opt(Type.String()),
  fax: Opt(Type.String()),
  postcode: Opt(Type.String()),
  city: Opt(Type.String()),
  firstname: Opt(Type.String()),
  lastname: Opt(Type.String()),
  middlename: Opt(Type.String()),
  prefix: Opt(Type.String()),
  suffix: Opt(Type.String()),
  vat_id: Opt(Type.String()),
  default_shipping: Opt(Type.Boolean()),
  default_billing: Opt(Type.Boolean()),
  extension_attributes: Opt(Type.Object({}, { additionalProperties: true })),
  custom_attributes: Opt(Type.Array(CustomAttribute)),
};

export const AddressWire = Type.Object(addressProperties, {
  $id: 'CustomerDataAddress',
  additionalProperties: false,
  phpType: '\\Magento\\Customer\\Api\\Data\\AddressInterface',
});

export const CustomerExtension = Type.Object(
  { is_subscribed: Opt(Type.Boolean()) },
  { $id: 'CustomerDataCustomerExtension', additionalProperties: true },
);

export const CustomerWire = Type.Object(
  {
    id: Opt(Type.Integer()),
    group_id: Opt(Type.Integer()),
    default_billing: Opt(Type.String({ description: 'id of the default billing address' })),
    default_shipping: Opt(Type.String({ description: 'id of the default shipping address' })),
    confirmation: Opt(Type.String()),
    created_at: Opt(Type.String({ description: "'YYYY-MM-DD HH:MM:SS' UTC" })),
    updated_at: Opt(Type.String()),
    created_in: Opt(Type.String()),
    dob: Opt(Type.String()),
    email: Opt(Type.String()),
    firstname: Opt(Type.String()),
    lastname: Opt(Type.String()),
    middlename: Opt(Type.String()),
    prefix: Opt(Type.String()),
    suffix: Opt(Type.String()),
    gender: Opt(Type.Integer()),
    store_id: Opt(Type.Integer()),
    taxvat: Opt(Type.String()),
    website_id: Opt(Type.Integer()),
    addresses: Opt(Type.Array(AddressWire)),
    disable_auto_group_change: Opt(Type.Integer()),
    extension_attributes: Opt(CustomerExtension),
    custom_attributes: Opt(Type.Array(CustomAttribute)),
  },
  { $id: 'CustomerDataCustomer', additionalProperties: false, phpType: '\\Magento\\Customer\\Api\\Data\\CustomerInterface' },
);

export type AddressWireT = Static<typeof AddressWire>;
export type CustomerWireT = Static<typeof CustomerWire>;

function customAttributesOut(attributes: Record<string, unknown>) {
  const list = Object.entries(attributes).map(([attribute_code, value]) => ({ attribute_code, value }));
  return list.length > 0 ? list : undefined;
}

export function addressToWire(a: Address): AddressWireT {
  return compact({
    id: a.id,
    customer_id: a.customerId,
    // RegionInterface's getters are not nullable: all three keys are always written.
    region: { region_code: a.region.regionCode, region: a.region.region, region_id: a.region.regionId ?? 0 },
    region_id: a.regionId ?? 0,
    country_id: a.countryId,
    street: a.street,
    company: a.company,
    telephone: a.telephone,
    fax: a.fax,
    postcode: a.postcode,
    city: a.city,
    firstname: a.firstname,
    lastname: a.lastname,
    middlename: a.middlename,
    prefix: a.prefix,
    suffix: a.suffix,
    vat_id: a.vatId,
    // isDefaultShipping/isDefaultBilling are set only for the default address; otherwise null, left out.
    default_shipping: a.defaultShipping || null,
    default_billing: a.defaultBilling || null,
    custom_attributes: customAttributesOut(a.customAttributes),
  } as AddressWireT);
}

export function customerToWire(c: Customer): CustomerWireT {
  return compact({
    id: c.id,
    group_id: c.groupId,
    default_billing: c.defaultBilling === null ? null : String(c.defaultBilling),
    default_shipping: c.defaultShipping === null ? null : String(c.defaultShipping),
    confirmation: c.confirmation,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    created_in: c.createdIn,
    dob: c.dob,
    email: c.email,
    firstname: c.firstname,
    lastname: c.lastname,
    middlename: c.middlename,
    prefix: c.prefix,
    suffix: c.suffix,
    gender: c.gender,
    store_id: c.storeId,
    taxvat: c.taxvat,
    website_id: c.websiteId,
    addresses: c.addresses.map(addressToWire),
    disable_auto_group_change: c.disableAutoGroupChange,
    extension_attributes: { is_subscribed: c.isSubscribed },
    custom_attributes: customAttributesOut(c.customAttributes),
  } as CustomerWireT);
}

type Bound = Record<string, any>;

function customAttributesIn(list: unknown): Record<string, unknown> | null {
  if (!Array.isArray(list)) return null;
  const out: Record<string, unknown> = {};
  for (const item of list as Bound[]) {
    if (!item || typeof item !== 'object') continue;
    if (typeof item.attributeCode === 'string' && item.attributeCode !== '') out[item.attributeCode] = item.value ?? null;
  }
  return out;
}

/** Bound (camelCase) address input → the domain's AddressInput. */
export function addressFromWire(a: Bound): AddressInput {
  return {
    id: a.id,
    customerId: a.customerId,
    region: a.region ?? null,
    regionId: a.regionId,
    countryId: a.countryId,
    street: a.street,
    company: a.company,
    telephone: a.telephone,
    fax: a.fax,
    postcode: a.postcode,
    city: a.city,
    firstname: a.firstname,
    lastname: a.lastname,
    middlename: a.middlename,
    prefix: a.prefix,
    suffix: a.suffix,
    vatId: a.vatId,
    defaultShipping: a.defaultShipping,
    defaultBilling: a.defaultBilling,
    customAttributes: customAttributesIn(a.customAttributes),
  };
}

/** Bound (camelCase) customer input → the domain's CustomerInput. */
export function customerFromWire(c: Bound): CustomerInput {
  const extension = (c.extensionAttributes ?? {}) as Bound;
  return {
    id: c.id,
    groupId: c.groupId,
    defaultBilling: c.defaultBilling,
    defaultShipping: c.defaultShipping,
    confirmation: c.confirmation,
    dob: c.dob,
    email: c.email,
    firstname: c.firstname,
    lastname: c.lastname,
    middlename: c.middlename,
    prefix: c.prefix,
    suffix: c.suffix,
    gender: c.gender,
    storeId: c.storeId,
    taxvat: c.taxvat,
    websiteId: c.websiteId,
    addresses: Array.isArray(c.addresses) ? c.addresses.map((a: Bound) => addressFromWire(a ?? {})) : c.addresses,
    disableAutoGroupChange: c.disableAutoGroupChange,
    isSubscribed: extension.isSubscribed ?? extension.is_subscribed,
    customAttributes: customAttributesIn(c.customAttributes),
  };
}
