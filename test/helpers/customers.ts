// Customer fixtures for black-box tests, shaped like Magento's api-functional fixtures
// (customer_two_addresses.php: address 1 default billing and shipping in CityM, address 2 in CityX).
import assert from 'node:assert/strict';
import type { TestServer } from './server.ts';

export const PASSWORD = 'Password1';

export function address(overrides: Record<string, unknown> = {}) {
  return {
    firstname: 'John',
    lastname: 'Smith',
    city: 'CityM',
    country_id: 'US',
    company: 'CompanyName',
    postcode: '75477',
    telephone: '3468676',
    street: ['Green str, 67'],
    region: { region_code: 'AL', region: 'Alabama', region_id: 1 },
    region_id: 1,
    ...overrides,
  };
}

export function customerData(email: string, overrides: Record<string, unknown> = {}) {
  return { email, firstname: 'John', lastname: 'Smith', website_id: 1, ...overrides };
}

/** Creates a customer through POST /V1/customers (admin token) and returns its JSON. */
export async function createCustomer(server: TestServer, admin: string, email: string, overrides: Record<string, unknown> = {}, password: string | null = PASSWORD): Promise<any> {
  const body: Record<string, unknown> = { customer: customerData(email, overrides) };
  if (password) body.password = password;
  const reply = await server.request('POST', '/rest/default/V1/customers', { token: admin, body });
  assert.equal(reply.status, 200, reply.text);
  return reply.body;
}

/** The fixture customer with two addresses (first default billing and shipping). */
export async function createCustomerWithTwoAddresses(server: TestServer, admin: string, email: string): Promise<any> {
  return createCustomer(server, admin, email, {
    addresses: [address({ default_billing: true, default_shipping: true }), address({ city: 'CityX' })],
  });
}

export async function customerToken(server: TestServer, email: string, password = PASSWORD): Promise<string> {
  const reply = await server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: email, password } });
  assert.equal(reply.status, 200, reply.text);
  return reply.body as string;
}

export function unauthorized(resources: string) {
  return { message: "The consumer isn't authorized to access %resources.", parameters: { resources } };
}
