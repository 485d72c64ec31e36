// POST /V1/integration/admin/token and /V1/integration/customer/token (Magento_Integration).
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../route.ts';

const Credentials = Type.Object({ username: Type.String(), password: Type.String() }, { required: ['username', 'password'] });
const Token = Type.String({ description: 'A bearer token for the Authorization header' });

export const tokenRoutes = [
  defineRoute({
    method: 'POST',
    path: '/V1/integration/admin/token',
    access: 'anonymous',
    tag: 'integrationAdminTokenServiceV1',
    summary: 'Create an access token for an admin user name and password.',
    params: Credentials,
    response: Token,
    handle: (ctx, input) => ctx.services.login.createAdminToken(ctx, input.username, input.password),
  }),
  defineRoute({
    method: 'POST',
    path: '/V1/integration/customer/token',
    access: 'anonymous',
    tag: 'integrationCustomerTokenServiceV1',
    summary: "Create an access token for a customer's email and password, in the website of the URL's store view.",
    params: Credentials,
    response: Token,
    handle: (ctx, input) => ctx.services.login.createCustomerToken(ctx, input.username, input.password),
  }),
];
