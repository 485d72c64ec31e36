// Customer routes for admins and integrations (Magento_Customer webapi.xml): repository save,
// delete, search, validate, read-only flag, and the anonymous isEmailAvailable.
import { Type } from '@sinclair/typebox';
import { CUSTOMER_SEARCH_FIELD_NAMES } from '../../../customers/search-repository.ts';
import { parseSearchCriteria } from '../../../lib/search-criteria.ts';
import { defineRoute } from '../route.ts';
import { customerFromWire, customerToWire, CustomerWire } from '../wire/customer.ts';
import { SearchCriteriaWire, searchResultsSchema, searchResultsToWire } from '../wire/search.ts';

const MANAGE = ['Magento_Customer::manage'] as const;
const VIEW = ['Magento_Customer::customer'] as const;
const TAG = 'customerCustomerRepositoryV1';

const ValidationResults = Type.Object(
  { valid: Type.Boolean(), messages: Type.Array(Type.String()) },
  { $id: 'CustomerDataValidationResults' },
);

export const customerAdminRoutes = [
  defineRoute({
    method: 'PUT',
    path: '/V1/customers/:id',
    access: MANAGE,
    tag: TAG,
    summary: 'Save a customer (CustomerRepository::save); the id in the path wins over the body. Fields left out keep their values; website_id is required.',
    params: Type.Object({ id: Type.Integer(), customer: CustomerWire, passwordHash: Type.Optional(Type.String()) }, { required: ['id', 'customer'] }),
    response: CustomerWire,
    handle: async (ctx, input) =>
      customerToWire(await ctx.services.accounts.saveCustomer(ctx, { ...customerFromWire(input.customer!), id: input.id! }, 'admin')),
  }),
  defineRoute({
    method: 'POST',
    path: '/V1/customers/',
    access: MANAGE,
    tag: TAG,
    summary: 'Save a customer (CustomerRepository::save): creates one without an id (no password, no mail), else updates it.',
    params: Type.Object({ customer: CustomerWire, passwordHash: Type.Optional(Type.String()) }, { required: ['customer'] }),
    response: CustomerWire,
    handle: async (ctx, input) => customerToWire(await ctx.services.accounts.saveCustomer(ctx, customerFromWire(input.customer!), 'admin')),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/V1/customers/:customerId',
    access: MANAGE,
    tag: TAG,
    summary: 'Delete a customer with its addresses and API tokens.',
    params: Type.Object({ customerId: Type.Integer() }, { required: ['customerId'] }),
    response: Type.Boolean(),
    handle: async (ctx, input) => ctx.services.accounts.deleteCustomer(ctx, input.customerId!),
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/customers/search',
    access: VIEW,
    tag: TAG,
    summary: 'Search customers with searchCriteria (OR inside a filter group, AND between groups); total_count ignores paging.',
    params: Type.Object({ searchCriteria: SearchCriteriaWire }, { required: ['searchCriteria'] }),
    response: searchResultsSchema(CustomerWire, 'CustomerDataCustomerSearchResults'),
    handle: async (ctx, input) => {
      const criteria = parseSearchCriteria(input.searchCriteria, CUSTOMER_SEARCH_FIELD_NAMES);
      return searchResultsToWire(criteria, await ctx.services.customerSearch.search(ctx, criteria), customerToWire) as never;
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/V1/customers/validate',
    access: MANAGE,
    tag: 'customerAccountManagementV1',
    summary: 'Validate customer data without saving it.',
    params: Type.Object({ customer: CustomerWire }, { required: ['customer'] }),
    response: ValidationResults,
    handle: async (ctx, input) => ctx.services.accounts.validateCustomer(ctx, customerFromWire(input.customer!)),
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/customers/:customerId/permissions/readonly',
    access: VIEW,
    tag: 'customerAccountManagementV1',
    summary: 'Whether the customer is read-only (never, in a default install).',
    params: Type.Object({ customerId: Type.Integer() }, { required: ['customerId'] }),
    response: Type.Boolean(),
    handle: async (ctx, input) => ctx.services.accounts.isReadonly(ctx, input.customerId!),
  }),
  defineRoute({
    method: 'POST',
    path: '/V1/customers/isEmailAvailable',
    access: 'anonymous',
    tag: 'customerAccountManagementV1',
    summary: 'Whether an email is free in a website. Always true unless checkout/options/enable_guest_checkout_login is 1 (Magento 2.4.7+).',
    params: Type.Object({ customerEmail: Type.String(), websiteId: Type.Optional(Type.Integer()) }, { required: ['customerEmail'] }),
    response: Type.Boolean(),
    handle: async (ctx, input) => ctx.services.accounts.isEmailAvailable(ctx, input.customerEmail!, input.websiteId),
  }),
];
