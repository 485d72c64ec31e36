// Ending tokens: Magento's self-service revoke (Magento_Integration, 2.4.3+) and Keyfront's admin
// routes to end every token of a customer or of an admin user.
import { Type } from '@sinclair/typebox';
import { USER_TYPE_ADMIN, USER_TYPE_CUSTOMER } from '../../../auth/principal.ts';
import { NoSuchEntityError } from '../../../errors/domain-errors.ts';
import { selfCustomerId } from '../../../request/context.ts';
import { defineRoute } from '../route.ts';

const True = Type.Boolean({ description: 'Always true' });

export const revocationRoutes = [
  defineRoute({
    method: 'POST',
    path: '/V1/integration/customer/revoke-customer-token',
    access: 'self',
    tag: 'integrationCustomerTokenServiceV1',
    summary:
      "End the presenting customer's tokens: all of them (Magento's behaviour, the default), or only the presented one when oauth/keyfront/revoke_presented_token_only = 1.",
    // customerId is forced from the token in Magento; a value in the body is ignored.
    params: Type.Object({ customerId: Type.Optional(Type.Integer()) }),
    response: True,
    handle: async (ctx) => {
      const principal = ctx.principal;
      const customerId = selfCustomerId(ctx);
      if (principal.type !== 'customer' || principal.customerId !== customerId) return true; // unreachable: selfCustomerId refused it
      await ctx.services.tokens.signOut(principal, ctx.store);
      return true;
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/V1/keyfront/customers/:customerId/tokens/revoke',
    access: ['Magento_Customer::manage'],
    tag: 'keyfrontTokenRevocationV1',
    summary: "Keyfront: end every token of a customer (opaque and JWT), e.g. after a suspected account takeover.",
    params: Type.Object({ customerId: Type.Integer() }, { required: ['customerId'] }),
    response: True,
    handle: async (ctx, input) => {
      const customer = await ctx.services.accounts.getById(ctx, input.customerId!);
      await ctx.services.tokens.revokeAll(USER_TYPE_CUSTOMER, customer.id);
      return true;
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/V1/keyfront/adminUsers/:userId/tokens/revoke',
    access: ['Magento_User::acl_users'],
    tag: 'keyfrontTokenRevocationV1',
    summary: 'Keyfront: end every token of an admin user.',
    params: Type.Object({ userId: Type.Integer() }, { required: ['userId'] }),
    response: True,
    handle: async (ctx, input) => {
      if (!(await ctx.services.admins.exists(input.userId!))) throw NoSuchEntityError.byField('userId', input.userId!);
      await ctx.services.tokens.revokeAll(USER_TYPE_ADMIN, input.userId!);
      return true;
    },
  }),
];
