// The customer read (one joined query on the hot path, see customers/repository.ts): the account
// and its address book come back whole and in id order, through /me and /:id alike, and a
// customer without addresses reads as an empty address book.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { adminToken, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let admin: string;
before(async () => {
  server = await startServer();
  admin = await adminToken(server);
});
after(() => server.close());

const address = (street: string, isDefault: boolean) => ({
  firstname: 'Jane',
  lastname: 'Doe',
  countryId: 'US',
  region: { regionCode: 'TX', regionId: 57, region: 'Texas' },
  postcode: '78701',
  city: 'Austin',
  street: [street, 'Suite 2'],
  telephone: '512-555-1111',
  ...(isDefault ? { defaultBilling: true, defaultShipping: true } : {}),
});

async function create(email: string, addresses: unknown[]) {
  const reply = await server.request('POST', '/rest/default/V1/customers', { body: { customer: { email, firstname: 'Jane', lastname: 'Doe', addresses }, password: 'Password1' } });
  assert.equal(reply.status, 200, reply.text);
  return reply.body;
}

test('a customer with two addresses reads back identically through /me and /:id', async () => {
  const created = await create('two-addresses@example.com', [address('1 First St', true), address('2 Second St', false)]);
  assert.equal(created.addresses.length, 2);
  assert.ok(created.addresses[0].id < created.addresses[1].id);
  assert.deepEqual(created.addresses.map((a: any) => a.street[0]), ['1 First St', '2 Second St']);
  const token = (await server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'two-addresses@example.com', password: 'Password1' } })).body;
  const me = await server.request('GET', '/rest/default/V1/customers/me', { token });
  assert.equal(me.status, 200);
  assert.equal(me.text, JSON.stringify(created).replaceAll('/', '\\/'));
  const byId = await server.request('GET', `/rest/V1/customers/${created.id}`, { token: admin });
  assert.equal(byId.status, 200);
  assert.deepEqual(byId.body, created);
});

test('a customer without addresses reads with an empty address book', async () => {
  const created = await create('no-addresses@example.com', []);
  assert.deepEqual(created.addresses, []);
  const byId = await server.request('GET', `/rest/V1/customers/${created.id}`, { token: admin });
  assert.equal(byId.status, 200);
  assert.deepEqual(byId.body, created);
});

test('reading a customer id that does not exist is a 404 with the id as parameter', async () => {
  const reply = await server.request('GET', '/rest/V1/customers/999999', { token: admin });
  assert.equal(reply.status, 404);
  assert.deepEqual(reply.body, { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'customerId', fieldValue: 999999 } });
});
