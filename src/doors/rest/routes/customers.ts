// Customer account routes (Magento_Customer webapi.xml).
import { Type } from '@sinclair/typebox';
import { customerFromWire, customerToWire, CustomerWire } from '../wire/customer.ts';
import { selfCustomerId } from '../../../request/context.ts';
import { defineRoute } from '../route.ts';

export const customerRoutes = [
  defineRoute({
    method: 'POST',
    path: '/V1/customers',
    access: 'anonymous',
    tag: 'customerAccountManagementV1',
    summary: 'Create a customer account (self-registration, or with an admin token). Choosing group_id needs Magento_Customer::manage.',
    params: Type.Object(
      {
        customer: CustomerWire,
        password: Type.Optional(Type.String()),
        redirectUrl: Type.Optional(Type.String()),
      },
      { required: ['customer'] },
    ),
    response: CustomerWire,
    handle: async (ctx, input) => {
      const customer = await ctx.services.accounts.createAccount(ctx, customerFromWire(input.customer!), input.password ?? null, input.redirectUrl ?? '');
      // AccountManagementApi never shows the confirmation key to the caller that created the account.
      return customerToWire({ ...customer, confirmation: null });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/customers/me',
    access: 'self',
    tag: 'customerCustomerRepositoryV1',
    summary: 'The account of the customer whose token is presented.',
    params: Type.Object({}),
    response: CustomerWire,
    handle: async (ctx) => customerToWire(await ctx.services.accounts.getById(ctx, selfCustomerId(ctx))),
  }),
  defineRoute({
    method: 'PUT',
    path: '/V1/customers/me',
    access: 'self',
    tag: 'customerCustomerRepositoryV1',
    summary: "Save the presenting customer's own account; the id comes from the token, group and website cannot change.",
    params: Type.Object({ customer: CustomerWire }, { required: ['customer'] }),
    response: CustomerWire,
    handle: async (ctx, input) =>
      customerToWire(await ctx.services.accounts.updateOwnAccount(ctx, selfCustomerId(ctx), customerFromWire(input.customer!))),
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/customers/:customerId',
    access: ['Magento_Customer::customer'],
    tag: 'customerCustomerRepositoryV1',
    summary: 'A customer by id.',
    params: Type.Object({ customerId: Type.Integer() }, { required: ['customerId'] }),
    response: CustomerWire,
    preloadsCustomer: true,
    handle: async (ctx, input) => customerToWire(await ctx.services.accounts.getById(ctx, input.customerId!)),
  }),
];
