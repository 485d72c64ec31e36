// Address routes (spec §1.1, §10.1 default addresses, §10.3, §10.4), and that a customer token
// never reaches another customer's addresses through them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { address, createCustomer, createCustomerWithTwoAddresses, customerData, customerToken, unauthorized } from '../helpers/customers.ts';
import { adminToken, startServer, type TestServer } from '../helpers/server.ts';

describe('address routes', () => {
  let server: TestServer;
  let admin: string;
  let owner: any;
  let ownerToken: string;
  before(async () => {
    server = await startServer();
    admin = await adminToken(server);
    owner = await createCustomerWithTwoAddresses(server, admin, 'owner@example.com');
    ownerToken = await customerToken(server, owner.email);
  });
  after(() => server.close());

  it('GET /V1/customers/addresses/:id answers the address in AddressInterface order (testGetAddress)', async () => {
    const first = owner.addresses[0];
    const reply = await server.request('GET', `/rest/default/V1/customers/addresses/${first.id}`, { token: admin });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(reply.body, first);
    assert.deepEqual(Object.keys(reply.body), ['id', 'customer_id', 'region', 'region_id', 'country_id', 'street', 'company', 'telephone', 'postcode', 'city', 'firstname', 'lastname', 'default_shipping', 'default_billing']);
    assert.deepEqual(reply.body.region, { region_code: 'AL', region: 'Alabama', region_id: 1 });
    const missing = await server.request('GET', '/rest/default/V1/customers/addresses/999999', { token: admin });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'addressId', fieldValue: 999999 } });
  });

  it('default billing and shipping, by id (testGetDefaultBillingAddress / ShippingAddress)', async () => {
    for (const kind of ['billing', 'shipping']) {
      const reply = await server.request('GET', `/rest/default/V1/customers/${owner.id}/${kind}Address`, { token: admin });
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(reply.body, owner.addresses[0]);
    }
    const missing = await server.request('GET', '/rest/default/V1/customers/999999/billingAddress', { token: admin });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body.parameters, { fieldName: 'customerId', fieldValue: 999999 });
  });

  it('default billing and shipping of the token owner (AccountManagementMeTest)', async () => {
    for (const kind of ['billing', 'shipping']) {
      const reply = await server.request('GET', `/rest/default/V1/customers/me/${kind}Address`, { token: ownerToken });
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(reply.body, owner.addresses[0]);
      const anon = await server.request('GET', `/rest/default/V1/customers/me/${kind}Address`);
      assert.equal(anon.status, 401);
      assert.deepEqual(anon.body, unauthorized('self'));
    }
  });

  it('answers JSON null when no default address is set', async () => {
    const plain = await createCustomer(server, admin, 'plain@example.com', { addresses: [address()] });
    const token = await customerToken(server, plain.email);
    for (const path of [`/V1/customers/${plain.id}/billingAddress`, `/V1/customers/${plain.id}/shippingAddress`]) {
      const reply = await server.request('GET', `/rest/default${path}`, { token: admin });
      assert.equal(reply.status, 200);
      assert.equal(reply.text, 'null');
    }
    const mine = await server.request('GET', '/rest/default/V1/customers/me/shippingAddress', { token });
    assert.equal(mine.text, 'null');
  });

  it("a customer token reaches no other customer's address through these routes", async () => {
    const other = await createCustomerWithTwoAddresses(server, admin, 'victim@example.com');
    const id = other.addresses[0].id;
    const attempts: Array<[string, string, string]> = [
      ['GET', `/V1/customers/addresses/${id}`, 'Magento_Customer::manage'],
      ['DELETE', `/V1/addresses/${id}`, 'Magento_Customer::manage'],
      ['GET', `/V1/customers/${other.id}/billingAddress`, 'Magento_Customer::manage'],
      ['GET', `/V1/customers/${other.id}/shippingAddress`, 'Magento_Customer::manage'],
    ];
    for (const [method, path, resource] of attempts) {
      const reply = await server.request(method, `/rest/default${path}`, { token: ownerToken });
      assert.equal(reply.status, 401, `${method} ${path}`);
      assert.deepEqual(reply.body, unauthorized(resource));
    }
    // /me ignores any id the client sends: only the token decides.
    const mine = await server.request('GET', `/rest/default/V1/customers/me/billingAddress?customerId=${other.id}`, { token: ownerToken });
    assert.equal(mine.body.customer_id, owner.id);
    const still = await server.request('GET', `/rest/default/V1/customers/addresses/${id}`, { token: admin });
    assert.equal(still.status, 200);
  });

  it('DELETE /V1/addresses/:id deletes the address and unsets the defaults that named it (testDeleteAddress)', async () => {
    const c = await createCustomerWithTwoAddresses(server, admin, 'deladdr@example.com');
    const [first, second] = c.addresses;
    const reply = await server.request('DELETE', `/rest/default/V1/addresses/${first.id}`, { token: admin });
    assert.equal(reply.status, 200);
    assert.equal(reply.text, 'true');
    const gone = await server.request('GET', `/rest/default/V1/customers/addresses/${first.id}`, { token: admin });
    assert.deepEqual(gone.body, { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'addressId', fieldValue: first.id } });
    const read = await server.request('GET', `/rest/default/V1/customers/${c.id}`, { token: admin });
    assert.equal(read.body.default_billing, undefined);
    assert.equal(read.body.default_shipping, undefined);
    assert.deepEqual(read.body.addresses.map((a: any) => a.id), [second.id]);
    assert.equal((await server.request('GET', `/rest/default/V1/customers/${c.id}/billingAddress`, { token: admin })).text, 'null');
    const again = await server.request('DELETE', `/rest/default/V1/addresses/${first.id}`, { token: admin });
    assert.equal(again.status, 404);
  });

  it('defaults move when addresses are added and updated through the customer', async () => {
    const c = await createCustomerWithTwoAddresses(server, admin, 'moves@example.com');
    const [first, second] = c.addresses;
    const token = await customerToken(server, c.email);
    // The customer makes the second address the default shipping one, and adds a billing one.
    const reply = await server.request('PUT', '/rest/default/V1/customers/me', {
      token,
      body: { customer: { ...customerData(c.email), addresses: [{ ...address(), id: first.id }, { ...address({ city: 'CityX' }), id: second.id, default_shipping: true }, address({ city: 'CityB', default_billing: true })] } },
    });
    assert.equal(reply.status, 200, reply.text);
    const added = reply.body.addresses.find((a: any) => a.city === 'CityB');
    assert.equal(reply.body.default_shipping, String(second.id));
    assert.equal(reply.body.default_billing, String(added.id));
    const shipping = await server.request('GET', '/rest/default/V1/customers/me/shippingAddress', { token });
    assert.equal(shipping.body.id, second.id);
    assert.equal(shipping.body.default_shipping, true);
    const billing = await server.request('GET', `/rest/default/V1/customers/${c.id}/billingAddress`, { token: admin });
    assert.equal(billing.body.id, added.id);
    const old = await server.request('GET', `/rest/default/V1/customers/addresses/${first.id}`, { token: admin });
    assert.equal(old.body.default_billing, undefined);
    assert.equal(old.body.default_shipping, undefined);
  });
});
