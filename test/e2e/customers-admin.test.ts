// Admin customer routes: repository save (PUT /V1/customers/:id, POST /V1/customers/), delete,
// validate, read-only flag, isEmailAvailable (spec §1.1, §10.1, §10.2).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { address, createCustomer, createCustomerWithTwoAddresses, customerData, customerToken, unauthorized } from '../helpers/customers.ts';
import { adminToken, startServer, type TestServer } from '../helpers/server.ts';

describe('admin customer routes', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startServer();
    admin = await adminToken(server);
  });
  after(() => server.close());

  describe('PUT /V1/customers/:id', () => {
    it('updates the lastname (testUpdateCustomer) and keeps fields and addresses left out', async () => {
      const c = await createCustomerWithTwoAddresses(server, admin, 'upd@example.com');
      const reply = await server.request('PUT', `/rest/default/V1/customers/${c.id}`, {
        token: admin,
        body: { customer: { id: c.id, email: c.email, firstname: c.firstname, lastname: `${c.lastname}Updated`, website_id: 1 } },
      });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body.lastname, 'SmithUpdated');
      assert.equal(reply.body.addresses.length, 2, 'addresses left out are kept');
      assert.equal(reply.body.default_billing, String(c.addresses[0].id));
      assert.equal(reply.body.default_shipping, String(c.addresses[0].id));
      assert.equal(reply.body.group_id, 1);
      const read = await server.request('GET', `/rest/default/V1/customers/${c.id}`, { token: admin });
      assert.equal(read.body.lastname, 'SmithUpdated');
      assert.equal(read.body.created_at, c.created_at);
    });

    it('refuses a save without website_id (testUpdateCustomerNoWebsiteId)', async () => {
      const c = await createCustomer(server, admin, 'noweb@example.com');
      const reply = await server.request('PUT', `/rest/default/V1/customers/${c.id}`, {
        token: admin,
        body: { customer: { id: c.id, email: c.email, firstname: 'John', lastname: 'Other' } },
      });
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, { message: '"Associate to Website" is a required value.' });
      const read = await server.request('GET', `/rest/default/V1/customers/${c.id}`, { token: admin });
      assert.equal(read.body.lastname, 'Smith', 'nothing was written');
    });

    it('answers 404 for an unknown id; the path id wins over the body (testUpdateCustomerException)', async () => {
      const reply = await server.request('PUT', '/rest/default/V1/customers/-1', {
        token: admin,
        body: { customer: { id: -1, ...customerData('x@example.com') } },
      });
      assert.equal(reply.status, 404);
      assert.deepEqual(reply.body, { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'customerId', fieldValue: -1 } });
    });

    it('replaces the address book with the sent addresses and moves the defaults', async () => {
      const c = await createCustomerWithTwoAddresses(server, admin, 'book@example.com');
      const [first, second] = c.addresses;
      const reply = await server.request('PUT', `/rest/default/V1/customers/${c.id}`, {
        token: admin,
        body: {
          customer: {
            ...customerData(c.email),
            addresses: [
              { ...address({ city: 'CityY' }), id: second.id, default_billing: true },
              address({ city: 'CityNew', default_shipping: true }),
            ],
          },
        },
      });
      assert.equal(reply.status, 200, reply.text);
      const ids = reply.body.addresses.map((a: any) => a.id);
      assert.equal(ids.length, 2);
      assert.ok(!ids.includes(first.id), 'the address left out is deleted');
      assert.equal(reply.body.default_billing, String(second.id));
      const created = reply.body.addresses.find((a: any) => a.id !== second.id);
      assert.equal(reply.body.default_shipping, String(created.id));
      assert.equal(reply.body.addresses.find((a: any) => a.id === second.id).city, 'CityY');
      const gone = await server.request('GET', `/rest/default/V1/customers/addresses/${first.id}`, { token: admin });
      assert.equal(gone.status, 404);
    });

    it('refuses a customer-level default_billing that names none of the sent addresses', async () => {
      const c = await createCustomerWithTwoAddresses(server, admin, 'baddefault@example.com');
      const reply = await server.request('PUT', `/rest/default/V1/customers/${c.id}`, {
        token: admin,
        body: { customer: { ...customerData(c.email), default_billing: '999999', addresses: [{ ...address(), id: c.addresses[0].id }] } },
      });
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, {
        message: 'The %fieldName value is invalid. Set the correct value and try again.',
        parameters: { fieldName: 'default_billing' },
      });
    });

    it("cannot take over another customer's address by id", async () => {
      const a = await createCustomerWithTwoAddresses(server, admin, 'owner-a@example.com');
      const b = await createCustomerWithTwoAddresses(server, admin, 'owner-b@example.com');
      const reply = await server.request('PUT', `/rest/default/V1/customers/${b.id}`, {
        token: admin,
        body: { customer: { ...customerData(b.email), addresses: [{ ...address({ city: 'Stolen' }), id: a.addresses[0].id }] } },
      });
      assert.equal(reply.status, 404);
      assert.deepEqual(reply.body.parameters, { fieldName: 'addressId', fieldValue: a.addresses[0].id });
      const read = await server.request('GET', `/rest/default/V1/customers/${a.id}`, { token: admin });
      assert.equal(read.body.addresses[0].city, 'CityM');
    });

    it('changes the group, checks it exists, and refuses a duplicate email', async () => {
      const c = await createCustomer(server, admin, 'group@example.com');
      await createCustomer(server, admin, 'taken@example.com');
      const moved = await server.request('PUT', `/rest/default/V1/customers/${c.id}`, { token: admin, body: { customer: { ...customerData(c.email), group_id: 2 } } });
      assert.equal(moved.status, 200, moved.text);
      assert.equal(moved.body.group_id, 2);
      const bad = await server.request('PUT', `/rest/default/V1/customers/${c.id}`, { token: admin, body: { customer: { ...customerData(c.email), group_id: 999 } } });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body, { message: 'The specified customer group id does not exist.' });
      const dup = await server.request('PUT', `/rest/default/V1/customers/${c.id}`, { token: admin, body: { customer: customerData('TAKEN@example.com') } });
      assert.equal(dup.status, 400);
      assert.deepEqual(dup.body, { message: 'A customer with the same email address already exists in an associated website.' });
    });

    it('stores and returns extension_attributes.is_subscribed and custom_attributes (testUnsubscribeCustomer)', async () => {
      const c = await createCustomer(server, admin, 'news@example.com', { extension_attributes: { is_subscribed: true } });
      assert.deepEqual(c.extension_attributes, { is_subscribed: true });
      const reply = await server.request('PUT', `/rest/default/V1/customers/${c.id}`, {
        token: admin,
        body: {
          customer: {
            ...customerData(c.email),
            extension_attributes: { is_subscribed: false },
            custom_attributes: [{ attribute_code: 'loyalty', value: 'gold' }],
            addresses: [address({ custom_attributes: [{ attribute_code: 'floor', value: '3' }] })],
          },
        },
      });
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(reply.body.extension_attributes, { is_subscribed: false });
      assert.deepEqual(reply.body.custom_attributes, [{ attribute_code: 'loyalty', value: 'gold' }]);
      assert.deepEqual(reply.body.addresses[0].custom_attributes, [{ attribute_code: 'floor', value: '3' }]);
      const read = await server.request('GET', `/rest/default/V1/customers/${c.id}`, { token: admin });
      assert.deepEqual(read.body.extension_attributes, { is_subscribed: false });
      assert.deepEqual(read.body.custom_attributes, [{ attribute_code: 'loyalty', value: 'gold' }]);
    });

    it("a customer token cannot update another customer (testInvalidCustomerUpdate)", async () => {
      const a = await createCustomer(server, admin, 'tok-a@example.com');
      const b = await createCustomer(server, admin, 'tok-b@example.com');
      const token = await customerToken(server, a.email);
      const reply = await server.request('PUT', `/rest/default/V1/customers/${b.id}`, { token, body: { customer: { ...customerData(b.email), lastname: 'Hacked' } } });
      assert.equal(reply.status, 401);
      assert.deepEqual(reply.body, unauthorized('Magento_Customer::manage'));
      const read = await server.request('GET', `/rest/default/V1/customers/${b.id}`, { token: admin });
      assert.equal(read.body.lastname, 'Smith');
    });

    it('binds the path id as an integer', async () => {
      const reply = await server.request('PUT', '/rest/default/V1/customers/abc', { token: admin, body: { customer: customerData('x@example.com') } });
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, { message: 'The "abc" value\'s type is invalid. The "int" type was expected. Verify and try again.' });
    });
  });

  describe('POST /V1/customers/ (trailing slash: repository save)', () => {
    it('creates a customer without a password, in the given website', async () => {
      const reply = await server.request('POST', '/rest/default/V1/customers/', { token: admin, body: { customer: customerData('slash@example.com', { addresses: [address({ default_billing: true })] }) } });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(typeof reply.body.id, 'number');
      assert.equal(reply.body.website_id, 1);
      assert.equal(reply.body.store_id, 1);
      assert.equal(reply.body.group_id, 1);
      assert.equal(reply.body.created_in, 'Default Store View');
      assert.equal(reply.body.default_billing, String(reply.body.addresses[0].id));
      assert.equal(reply.body.default_shipping, undefined);
      const login = await server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'slash@example.com', password: 'anything1A' } });
      assert.equal(login.status, 401, 'no password was set');
    });

    it('is a different route from POST /V1/customers: it needs Magento_Customer::manage', async () => {
      const reply = await server.request('POST', '/rest/default/V1/customers/', { body: { customer: customerData('anon@example.com') } });
      assert.equal(reply.status, 401);
      assert.deepEqual(reply.body, unauthorized('Magento_Customer::manage'));
    });

    it('updates the customer named by customer.id', async () => {
      const c = await createCustomer(server, admin, 'slash-upd@example.com');
      const reply = await server.request('POST', '/rest/default/V1/customers/', { token: admin, body: { customer: { ...customerData(c.email), id: c.id, middlename: 'Q' } } });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body.id, c.id);
      assert.equal(reply.body.middlename, 'Q');
    });

    it('writes nothing when an address is invalid', async () => {
      const reply = await server.request('POST', '/rest/default/V1/customers/', { token: admin, body: { customer: customerData('halfway@example.com', { addresses: [address({ firstname: null })] }) } });
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'firstname' } });
      const search = await server.request('GET', '/rest/default/V1/customers/search?searchCriteria[filter_groups][0][filters][0][field]=email&searchCriteria[filter_groups][0][filters][0][value]=halfway@example.com', { token: admin });
      assert.equal(search.body.total_count, 0);
    });

    it('createAccount (no slash) also writes nothing when an address is invalid (testCreateCustomerWithoutAddressRequiresException)', async () => {
      const reply = await server.request('POST', '/rest/default/V1/customers', { token: admin, body: { customer: customerData('noaddr@example.com', { addresses: [address({ firstname: null }), address({ firstname: null })] }), password: 'Password1' } });
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'firstname' } });
      const search = await server.request('GET', '/rest/default/V1/customers/search?searchCriteria[filter_groups][0][filters][0][field]=email&searchCriteria[filter_groups][0][filters][0][value]=noaddr@example.com', { token: admin });
      assert.equal(search.body.total_count, 0);
    });

    it('refuses an unknown website and missing names', async () => {
      const web = await server.request('POST', '/rest/default/V1/customers/', { token: admin, body: { customer: customerData('w@example.com', { website_id: 42 }) } });
      assert.equal(web.status, 404);
      assert.deepEqual(web.body.parameters, { fieldName: 'websiteId', fieldValue: 42 });
      const names = await server.request('POST', '/rest/default/V1/customers/', { token: admin, body: { customer: { email: 'n@example.com', website_id: 1 } } });
      assert.equal(names.status, 400);
      assert.deepEqual(names.body, { message: '"First Name" is a required value.\n"Last Name" is a required value.' });
    });
  });

  describe('DELETE /V1/customers/:customerId', () => {
    it('deletes the customer, its addresses and its tokens (testDeleteCustomer)', async () => {
      const c = await createCustomerWithTwoAddresses(server, admin, 'del@example.com');
      const token = await customerToken(server, c.email);
      assert.equal((await server.request('GET', '/rest/default/V1/customers/me', { token })).status, 200);
      const reply = await server.request('DELETE', `/rest/default/V1/customers/${c.id}`, { token: admin });
      assert.equal(reply.status, 200);
      assert.equal(reply.text, 'true');
      const read = await server.request('GET', `/rest/default/V1/customers/${c.id}`, { token: admin });
      assert.equal(read.status, 404);
      assert.deepEqual(read.body, { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'customerId', fieldValue: c.id } });
      const address = await server.request('GET', `/rest/default/V1/customers/addresses/${c.addresses[0].id}`, { token: admin });
      assert.equal(address.status, 404);
      const me = await server.request('GET', '/rest/default/V1/customers/me', { token });
      assert.equal(me.status, 401, 'the token died with its customer');
    });

    it('answers 404 for an unknown id (testDeleteCustomerInvalidCustomerId)', async () => {
      const reply = await server.request('DELETE', '/rest/default/V1/customers/-1', { token: admin });
      assert.equal(reply.status, 404);
      assert.deepEqual(reply.body, { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'customerId', fieldValue: -1 } });
    });

    it('is refused to a customer token, even for itself', async () => {
      const c = await createCustomer(server, admin, 'selfdel@example.com');
      const token = await customerToken(server, c.email);
      const reply = await server.request('DELETE', `/rest/default/V1/customers/${c.id}`, { token });
      assert.equal(reply.status, 401);
      assert.equal((await server.request('GET', `/rest/default/V1/customers/${c.id}`, { token: admin })).status, 200);
    });
  });

  describe('PUT /V1/customers/validate', () => {
    it('reports empty names (testValidateCustomerData)', async () => {
      const reply = await server.request('PUT', '/rest/default/V1/customers/validate', { token: admin, body: { customer: { email: 'v@example.com', firstname: null, lastname: null, website_id: 1 } } });
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(reply.body, {
        valid: false,
        messages: [
          'The "First Name" attribute value is empty. Set the attribute and try again.',
          'The "Last Name" attribute value is empty. Set the attribute and try again.',
        ],
      });
    });

    it('accepts valid data without saving it', async () => {
      const reply = await server.request('PUT', '/rest/default/V1/customers/validate', { token: admin, body: { customer: customerData('valid-only@example.com') } });
      assert.equal(reply.text, '{"valid":true,"messages":[]}');
      const search = await server.request('GET', '/rest/default/V1/customers/search?searchCriteria[filter_groups][0][filters][0][field]=email&searchCriteria[filter_groups][0][filters][0][value]=valid-only@example.com', { token: admin });
      assert.equal(search.body.total_count, 0);
    });

    it('needs Magento_Customer::manage and a customer', async () => {
      const anon = await server.request('PUT', '/rest/default/V1/customers/validate', { body: { customer: customerData('v@example.com') } });
      assert.equal(anon.status, 401);
      const missing = await server.request('PUT', '/rest/default/V1/customers/validate', { token: admin, body: {} });
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.body, { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'customer' } });
    });
  });

  describe('GET /V1/customers/:customerId/permissions/readonly', () => {
    it('is false for a customer (testIsReadonly), 404 for an unknown one, 401 without the ACL', async () => {
      const c = await createCustomer(server, admin, 'ro@example.com');
      const reply = await server.request('GET', `/rest/default/V1/customers/${c.id}/permissions/readonly`, { token: admin });
      assert.equal(reply.status, 200);
      assert.equal(reply.text, 'false');
      const missing = await server.request('GET', '/rest/default/V1/customers/999999/permissions/readonly', { token: admin });
      assert.equal(missing.status, 404);
      const token = await customerToken(server, c.email);
      const denied = await server.request('GET', `/rest/default/V1/customers/${c.id}/permissions/readonly`, { token });
      assert.deepEqual(denied.body, unauthorized('Magento_Customer::customer'));
    });
  });

  describe('POST /V1/customers/isEmailAvailable', () => {
    it('reveals nothing by default (2.4.7+): always true', async () => {
      await createCustomer(server, admin, 'known@example.com');
      const reply = await server.request('POST', '/rest/default/V1/customers/isEmailAvailable', { body: { customerEmail: 'known@example.com', websiteId: 1 } });
      assert.equal(reply.status, 200);
      assert.equal(reply.text, 'true');
    });

    it('answers truthfully per website when guest checkout login is enabled (testEmailAvailable)', async () => {
      const set = await server.cli('config:set', 'checkout/options/enable_guest_checkout_login', '1');
      assert.equal(set.code, 0, set.stderr);
      try {
        const taken = await server.request('POST', '/rest/default/V1/customers/isEmailAvailable', { body: { customerEmail: 'KNOWN@example.com', websiteId: 1 } });
        assert.equal(taken.text, 'false');
        const byStore = await server.request('POST', '/rest/default/V1/customers/isEmailAvailable', { body: { customer_email: 'known@example.com' } });
        assert.equal(byStore.text, 'false', "websiteId defaults to the URL's website");
        const free = await server.request('POST', '/rest/default/V1/customers/isEmailAvailable', { body: { customerEmail: 'nobody@example.com', websiteId: 1 } });
        assert.equal(free.text, 'true');
        const invalid = await server.request('POST', '/rest/default/V1/customers/isEmailAvailable', { body: { customerEmail: 'invalid', websiteId: 0 } });
        assert.equal(invalid.text, 'true', 'testEmailAvailableInvalidEmail: no format check');
      } finally {
        await server.cli('config:set', 'checkout/options/enable_guest_checkout_login', '0');
      }
    });

    it('requires customerEmail', async () => {
      const reply = await server.request('POST', '/rest/default/V1/customers/isEmailAvailable', { body: { websiteId: 1 } });
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'customerEmail' } });
    });
  });

  describe('PUT /V1/customers/me (through the shared save)', () => {
    it('cannot change group, website or id (AccountManagementMeTest::testUpdateCustomer)', async () => {
      const a = await createCustomer(server, admin, 'me-a@example.com');
      const b = await createCustomer(server, admin, 'me-b@example.com');
      const token = await customerToken(server, a.email);
      const reply = await server.request('PUT', '/rest/default/V1/customers/me', {
        token,
        body: { customer: { ...customerData(a.email), id: b.id, group_id: 2, lastname: 'Mine', extension_attributes: { is_subscribed: true } } },
      });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body.id, a.id);
      assert.equal(reply.body.group_id, 1);
      assert.equal(reply.body.lastname, 'Mine');
      assert.deepEqual(reply.body.extension_attributes, { is_subscribed: true });
      const other = await server.request('GET', `/rest/default/V1/customers/${b.id}`, { token: admin });
      assert.equal(other.body.lastname, 'Smith');
    });
  });

  it('the OpenAPI document lists the new routes', async () => {
    const reply = await server.request('GET', '/rest/default/schema');
    assert.equal(reply.status, 200);
    const paths = reply.body.paths;
    for (const [path, method] of [
      ['/V1/customers/{id}', 'put'], ['/V1/customers/', 'post'], ['/V1/customers/{customerId}', 'delete'], ['/V1/customers/search', 'get'],
      ['/V1/customers/validate', 'put'], ['/V1/customers/isEmailAvailable', 'post'], ['/V1/addresses/{addressId}', 'delete'],
      ['/V1/customers/me/billingAddress', 'get'], ['/V1/customerGroups/{id}', 'delete'], ['/V1/attributeMetadata/customerAddress/custom', 'get'],
    ]) {
      assert.ok(paths[path]?.[method], `${method} ${path}`);
    }
  });
});
