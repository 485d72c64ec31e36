// Address routes (Magento_Customer webapi.xml): read and delete one address, and a customer's
// default billing/shipping address. Addresses are written through the customer's `addresses`.
import { Type } from '@sinclair/typebox';
import { selfCustomerId } from '../../../request/context.ts';
import { defineRoute, type RestContext } from '../route.ts';
import { addressToWire, AddressWire } from '../wire/customer.ts';

const MANAGE = ['Magento_Customer::manage'] as const;
const NullableAddress = Type.Union([AddressWire, Type.Null()]);

async function defaultAddress(ctx: RestContext, customerId: number, kind: 'billing' | 'shipping') {
  const address = await ctx.services.addresses.defaultAddress(ctx, customerId, kind);
  // AccountManagement::getDefault*Address returns null when none is set: the body is JSON null.
  return address ? addressToWire(address) : null;
}

export const addressRoutes = [
  defineRoute({
    method: 'GET',
    path: '/V1/customers/addresses/:addressId',
    access: MANAGE,
    tag: 'customerAddressRepositoryV1',
    summary: 'An address by id.',
    params: Type.Object({ addressId: Type.Integer() }, { required: ['addressId'] }),
    response: AddressWire,
    handle: async (ctx, input) => addressToWire(await ctx.services.addresses.getById(ctx, input.addressId!)),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/V1/addresses/:addressId',
    access: MANAGE,
    tag: 'customerAddressRepositoryV1',
    summary: "Delete an address; a customer default that pointed at it is unset.",
    params: Type.Object({ addressId: Type.Integer() }, { required: ['addressId'] }),
    response: Type.Boolean(),
    handle: async (ctx, input) => ctx.services.addresses.deleteById(ctx, input.addressId!),
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/customers/me/billingAddress',
    access: 'self',
    tag: 'customerAccountManagementV1',
    summary: "The presenting customer's default billing address (null when none).",
    params: Type.Object({}),
    response: NullableAddress,
    handle: async (ctx) => defaultAddress(ctx, selfCustomerId(ctx), 'billing'),
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/customers/me/shippingAddress',
    access: 'self',
    tag: 'customerAccountManagementV1',
    summary: "The presenting customer's default shipping address (null when none).",
    params: Type.Object({}),
    response: NullableAddress,
    handle: async (ctx) => defaultAddress(ctx, selfCustomerId(ctx), 'shipping'),
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/customers/:customerId/billingAddress',
    access: MANAGE,
    tag: 'customerAccountManagementV1',
    summary: "A customer's default billing address (null when none).",
    params: Type.Object({ customerId: Type.Integer() }, { required: ['customerId'] }),
    response: NullableAddress,
    handle: async (ctx, input) => defaultAddress(ctx, input.customerId!, 'billing'),
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/customers/:customerId/shippingAddress',
    access: MANAGE,
    tag: 'customerAccountManagementV1',
    summary: "A customer's default shipping address (null when none).",
    params: Type.Object({ customerId: Type.Integer() }, { required: ['customerId'] }),
    response: NullableAddress,
    handle: async (ctx, input) => defaultAddress(ctx, input.customerId!, 'shipping'),
  }),
];
