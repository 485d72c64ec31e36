// The seed tutorials (shared/seeds), step by step, as a Magento client runs them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminToken, createUsStore, startServer, type TestServer } from '../helpers/server.ts';

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function seedPayload(postcode: string, city: string, street: string, telephone: string) {
  return {
    customer: {
      lastname: 'Doe',
      firstname: 'Jane',
      email: 'jdoe@example.com',
      addresses: [
        {
          defaultBilling: true,
          defaultShipping: true,
          firstname: 'Jane',
          lastname: 'Doe',
          region: { regionCode: 'NY', regionId: 43, region: 'New York' },
          countryId: 'US',
          postcode,
          city,
          street: [street],
          telephone,
        },
      ],
    },
    password: 'Password1',
  };
}

/** Compares a created customer with the seed's documented response, key for key and in order. */
function assertSeedResponse(body: any, expected: { storeId: number; websiteId: number; createdIn: string; postcode: string; city: string; street: string; telephone: string }) {
  assert.deepEqual(Object.keys(body), [
    'id', 'group_id', 'default_billing', 'default_shipping', 'created_at', 'updated_at', 'created_in', 'email', 'firstname', 'lastname',
    'store_id', 'website_id', 'addresses', 'disable_auto_group_change', 'extension_attributes',
  ]);
  assert.equal(typeof body.id, 'number');
  const addressId = body.addresses[0].id;
  assert.equal(typeof addressId, 'number');
  assert.match(body.created_at, DATETIME);
  assert.match(body.updated_at, DATETIME);
  assert.deepEqual(
    { ...body, created_at: 'x', updated_at: 'x' },
    {
      id: body.id,
      group_id: 1,
      default_billing: String(addressId),
      default_shipping: String(addressId),
      created_at: 'x',
      updated_at: 'x',
      created_in: expected.createdIn,
      email: 'jdoe@example.com',
      firstname: 'Jane',
      lastname: 'Doe',
      store_id: expected.storeId,
      website_id: expected.websiteId,
      addresses: [
        {
          id: addressId,
          customer_id: body.id,
          region: { region_code: 'NY', region: 'New York', region_id: 43 },
          region_id: 43,
          country_id: 'US',
          street: [expected.street],
          telephone: expected.telephone,
          postcode: expected.postcode,
          city: expected.city,
          firstname: 'Jane',
          lastname: 'Doe',
          default_shipping: true,
          default_billing: true,
        },
      ],
      disable_auto_group_change: 0,
      extension_attributes: { is_subscribed: false },
    },
  );
  assert.deepEqual(Object.keys(body.addresses[0]), [
    'id', 'customer_id', 'region', 'region_id', 'country_id', 'street', 'telephone', 'postcode', 'city', 'firstname', 'lastname', 'default_shipping', 'default_billing',
  ]);
}

describe('seed tutorials', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startServer();
    admin = await adminToken(server);
    await createUsStore(server);
  });
  after(() => server.close());

  it('issues an admin token as a JSON string of 32 [a-z0-9] characters', async () => {
    const reply = await server.request('POST', '/rest/default/V1/integration/admin/token', { body: { username: 'admin', password: '123123q' } });
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get('content-type')!, /^application\/json/);
    assert.match(reply.text, /^"[a-z0-9]{32}"$/);
  });

  for (const seed of [
    { store: 'default', storeId: 1, websiteId: 1, createdIn: 'Default Store View', postcode: '11501', city: 'Mineola', street: '160 1st St.', telephone: '516-555-1111' },
    { store: 'us', storeId: 2, websiteId: 2, createdIn: 'US Store View', postcode: '10755', city: 'Purchase', street: '123 Oak Ave', telephone: '512-555-1111' },
  ]) {
    describe(`in the ${seed.store} store view`, () => {
      let customer: any;
      let token: string;

      it(`POST /rest/${seed.store}/V1/customers creates Jane Doe as documented`, async () => {
        const reply = await server.request('POST', `/rest/${seed.store}/V1/customers`, {
          token: admin,
          body: seedPayload(seed.postcode, seed.city, seed.street, seed.telephone),
        });
        assert.equal(reply.status, 200, reply.text);
        customer = reply.body;
        assertSeedResponse(customer, seed);
        assert.ok(!reply.text.includes('Password1') && !reply.text.includes('argon2'), 'no password or hash in a response');
      });

      it('generates the customer token with the email and password', async () => {
        const reply = await server.request('POST', `/rest/${seed.store}/V1/integration/customer/token`, {
          body: { username: 'jdoe@example.com', password: 'Password1' },
        });
        assert.equal(reply.status, 200, reply.text);
        assert.match(reply.text, /^"[a-z0-9]{32}"$/);
        token = reply.body;
      });

      it('acts on the customer\'s own behalf with the token: GET /V1/customers/me', async () => {
        const reply = await server.request('GET', `/rest/${seed.store}/V1/customers/me`, { token });
        assert.equal(reply.status, 200, reply.text);
        assert.deepEqual(reply.body, customer);
      });

      it('the customer token does not open the admin route GET /V1/customers/:id', async () => {
        const reply = await server.request('GET', `/rest/${seed.store}/V1/customers/${customer.id}`, { token });
        assert.equal(reply.status, 401);
        assert.deepEqual(reply.body, {
          message: "The consumer isn't authorized to access %resources.",
          parameters: { resources: 'Magento_Customer::customer' },
        });
      });

      it('the admin token reads the customer by id', async () => {
        const reply = await server.request('GET', `/rest/${seed.store}/V1/customers/${customer.id}`, { token: admin });
        assert.equal(reply.status, 200);
        assert.deepEqual(reply.body, customer);
      });
    });
  }

  it('keeps the two Jane Does apart: one account per website, each token only on its own website', async () => {
    const defaultToken = (await server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'jdoe@example.com', password: 'Password1' } })).body;
    const usToken = (await server.request('POST', '/rest/us/V1/integration/customer/token', { body: { username: 'jdoe@example.com', password: 'Password1' } })).body;
    const mine = await server.request('GET', '/rest/default/V1/customers/me', { token: defaultToken });
    const theirs = await server.request('GET', '/rest/us/V1/customers/me', { token: usToken });
    assert.notEqual(mine.body.id, theirs.body.id);
    assert.equal(mine.body.website_id, 1);
    assert.equal(theirs.body.website_id, 2);
    const crossed = await server.request('GET', '/rest/us/V1/customers/me', { token: defaultToken });
    assert.equal(crossed.status, 401);
    assert.deepEqual(crossed.body.parameters, { resources: 'self' });
  });
});
