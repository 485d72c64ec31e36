// POST /V1/customers (createAccount), GET/PUT /V1/customers/me, GET /V1/customers/:id: validation,
// password rules, escalation, races and all-or-nothing writes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminToken, createUsStore, startServer, type TestServer } from '../helpers/server.ts';

const REQUIRED = '"%fieldName" is required. Enter and try again.';

function address(extra: Record<string, unknown> = {}) {
  return {
    firstname: 'Jane',
    lastname: 'Doe',
    region: { regionCode: 'NY', regionId: 43, region: 'New York' },
    countryId: 'US',
    postcode: '11501',
    city: 'Mineola',
    street: ['160 1st St.'],
    telephone: '516-555-1111',
    ...extra,
  };
}

describe('customer accounts', () => {
  let server: TestServer;
  let admin: string;
  let n = 0;
  const email = () => `c${++n}-${Date.now()}@example.com`;
  const create = (body: unknown, token?: string, store = 'default') => server.request('POST', `/rest/${store}/V1/customers`, { body, token });
  const tokenFor = async (username: string, password = 'Password1', store = 'default') =>
    (await server.request('POST', `/rest/${store}/V1/integration/customer/token`, { body: { username, password } })).body as string;

  before(async () => {
    server = await startServer();
    admin = await adminToken(server);
    await createUsStore(server);
  });
  after(() => server.close());

  describe('creating', () => {
    it('lets anyone register, without addresses or password', async () => {
      const reply = await create({ customer: { email: email(), firstname: 'Ann', lastname: 'Lee' } });
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(reply.body.addresses, []);
      assert.equal(reply.body.group_id, 1);
      assert.equal(reply.body.created_in, 'Default Store View');
    });

    it('refuses group_id from an anonymous caller with Magento_Customer::manage, and honours it for an admin', async () => {
      const anonymous = await create({ customer: { email: email(), firstname: 'A', lastname: 'B', group_id: 1 }, password: 'Password1' });
      assert.equal(anonymous.status, 401);
      assert.deepEqual(anonymous.body, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Customer::manage' } });
      const byAdmin = await create({ customer: { email: email(), firstname: 'A', lastname: 'B', group_id: 3 } }, admin);
      assert.equal(byAdmin.status, 200, byAdmin.text);
      assert.equal(byAdmin.body.group_id, 3);
      const unknownGroup = await create({ customer: { email: email(), firstname: 'A', lastname: 'B', group_id: 99 } }, admin);
      assert.equal(unknownGroup.status, 400);
      assert.deepEqual(unknownGroup.body, { message: 'The specified customer group id does not exist.' });
    });

    it('reports missing required fields: one, several (joined), and the missing email', async () => {
      const one = await create({ customer: { email: email(), lastname: 'B' } });
      assert.equal(one.status, 400);
      assert.deepEqual(one.body, { message: '"First Name" is a required value.' });
      const two = await create({ customer: { email: email() } });
      assert.deepEqual(two.body, { message: '"First Name" is a required value.\n"Last Name" is a required value.' });
      const noEmail = await create({ customer: { firstname: 'A', lastname: 'B' } });
      assert.equal(noEmail.status, 400);
      assert.deepEqual(noEmail.body, { message: 'The customer email is missing. Enter and try again.' });
      const noCustomer = await create({ password: 'Password1' });
      assert.deepEqual(noCustomer.body, { message: REQUIRED, parameters: { fieldName: 'customer' } });
    });

    it('refuses an invalid email', async () => {
      for (const bad of ['invalid', 'a@b', 'a b@example.com', '@example.com', 'a@example..com']) {
        const reply = await create({ customer: { email: bad, firstname: 'A', lastname: 'B' }, password: 'Password1' });
        assert.equal(reply.status, 400, bad);
        assert.deepEqual(reply.body, { message: '"Email" is not a valid email address.' }, bad);
      }
    });

    it("applies Magento's password rules, each with its message", async () => {
      const cases: Array<[string, unknown]> = [
        ['Short1', { message: 'The password needs at least %1 characters. Create a new password and try again.', parameters: ['8'] }],
        ['x'.repeat(257), { message: 'Please enter a password with at most %1 characters.', parameters: [256] }],
        [' Password1', { message: "The password can't begin or end with a space. Verify the password and try again." }],
        ['password1', { message: 'Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.', parameters: ['3'] }],
        ['abcdefghijk', { message: 'Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.', parameters: ['3'] }],
      ];
      for (const [password, expected] of cases) {
        const reply = await create({ customer: { email: email(), firstname: 'A', lastname: 'B' }, password });
        assert.equal(reply.status, 400, password);
        assert.deepEqual(reply.body, expected, password);
      }
      const sameAsEmail = await create({ customer: { email: 'Same1@Example.com', firstname: 'A', lastname: 'B' }, password: 'same1@example.com' });
      assert.deepEqual(sameAsEmail.body, { message: "The password can't be the same as the email address. Create a new password and try again." });
      const configured = await server.cli('config:set', 'customer/password/minimum_password_length', '12');
      assert.equal(configured.code, 0);
      const longer = await create({ customer: { email: email(), firstname: 'A', lastname: 'B' }, password: 'Password123' });
      assert.deepEqual(longer.body.parameters, ['12']);
      await server.cli('config:set', 'customer/password/minimum_password_length', '8');
    });

    it('refuses a duplicate email in the same website, case-insensitively, and allows it in another website', async () => {
      const address = email();
      assert.equal((await create({ customer: { email: address, firstname: 'A', lastname: 'B' } })).status, 200);
      const duplicate = await create({ customer: { email: address.toUpperCase(), firstname: 'A', lastname: 'B' } });
      assert.equal(duplicate.status, 400);
      assert.deepEqual(duplicate.body, { message: 'A customer with the same email address already exists in an associated website.' });
      const otherWebsite = await create({ customer: { email: address, firstname: 'A', lastname: 'B' } }, undefined, 'us');
      assert.equal(otherWebsite.status, 200);
      assert.equal(otherWebsite.body.website_id, 2);
    });

    it('creates exactly one account when two requests race for the same email', async () => {
      const address = email();
      const replies = await Promise.all(Array.from({ length: 6 }, () => create({ customer: { email: address, firstname: 'A', lastname: 'B' }, password: 'Password1' })));
      const statuses = replies.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 400, 400, 400, 400, 400], replies.map((r) => r.text).join('\n'));
      for (const r of replies.filter((r) => r.status === 400)) {
        assert.deepEqual(r.body, { message: 'A customer with the same email address already exists in an associated website.' });
      }
    });

    it('validates addresses with Magento messages and writes nothing when one fails', async () => {
      const address1 = email();
      const missing = await create({ customer: { email: address1, firstname: 'A', lastname: 'B', addresses: [address({ firstname: null })] }, password: 'Password1' });
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.body, { message: REQUIRED, parameters: { fieldName: 'firstname' } });
      assert.equal((await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: address1, password: 'Password1' } })).status, 401, 'rolled back');

      const several = await create({ customer: { email: email(), firstname: 'A', lastname: 'B', addresses: [address(), address({ city: '', telephone: '' })] } });
      assert.deepEqual(several.body, {
        message: 'One or more input exceptions have occurred.',
        errors: [
          { message: REQUIRED, parameters: { fieldName: 'city' } },
          { message: REQUIRED, parameters: { fieldName: 'telephone' } },
        ],
      });
      const country = await create({ customer: { email: email(), firstname: 'A', lastname: 'B', addresses: [address({ countryId: 'XX' })] } });
      assert.deepEqual(country.body, { message: 'Invalid value of "%value" provided for the %fieldName field.', parameters: { fieldName: 'countryId', value: 'XX' } });
      const region = await create({ customer: { email: email(), firstname: 'A', lastname: 'B', addresses: [address({ region: { regionId: 12345 } })] } });
      assert.deepEqual(region.body, { message: 'Invalid value of "%value" provided for the %fieldName field.', parameters: { fieldName: 'regionId', value: '12345' } });
      const foreignRegion = await create({ customer: { email: email(), firstname: 'A', lastname: 'B', addresses: [address({ countryId: 'CA', postcode: 'H0H 0H0', region: { regionId: 43 } })] } });
      assert.equal(foreignRegion.body.parameters.fieldName, 'regionId');
      const noRegion = await create({ customer: { email: email(), firstname: 'A', lastname: 'B', addresses: [address({ region: null })] } });
      assert.deepEqual(noRegion.body, { message: REQUIRED, parameters: { fieldName: 'regionId' } });
    });

    it('resolves a region given by code, and accepts free-text regions where a country has none', async () => {
      const byCode = await create({ customer: { email: email(), firstname: 'A', lastname: 'B', addresses: [address({ region: { regionCode: 'CA' } })] } });
      assert.equal(byCode.status, 200, byCode.text);
      assert.deepEqual(byCode.body.addresses[0].region, { region_code: 'CA', region: 'California', region_id: 12 });
      const alabama = await create({ customer: { email: email(), firstname: 'A', lastname: 'B', addresses: [address({ region: { regionId: 1 } })] } });
      assert.deepEqual(alabama.body.addresses[0].region, { region_code: 'AL', region: 'Alabama', region_id: 1 });
      const gb = await create({ customer: { email: email(), firstname: 'A', lastname: 'B', addresses: [address({ countryId: 'GB', postcode: 'SW1A 1AA', region: { region: 'Greater London' } })] } });
      assert.equal(gb.status, 200, gb.text);
      assert.deepEqual(gb.body.addresses[0].region, { region_code: null, region: 'Greater London', region_id: 0 });
    });

    it('places the account in the view of the URL, or the view/website named in the body', async () => {
      const us = await create({ customer: { email: email(), firstname: 'A', lastname: 'B' } }, undefined, 'us');
      assert.deepEqual([us.body.store_id, us.body.website_id, us.body.created_in], [2, 2, 'US Store View']);
      const byWebsite = await create({ customer: { email: email(), firstname: 'A', lastname: 'B', website_id: 2 } }, admin);
      assert.deepEqual([byWebsite.body.store_id, byWebsite.body.website_id], [2, 2]);
      const mismatch = await create({ customer: { email: email(), firstname: 'A', lastname: 'B', website_id: 1, store_id: 2 } }, admin);
      assert.equal(mismatch.status, 400);
      assert.deepEqual(mismatch.body, { message: 'The store view is not in the associated website.' });
    });

    it('stores the newsletter flag and custom attributes', async () => {
      const reply = await create({
        customer: { email: email(), firstname: 'A', lastname: 'B', extension_attributes: { is_subscribed: true }, custom_attributes: [{ attribute_code: 'loyalty_id', value: 'L-1' }] },
      });
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(reply.body.extension_attributes, { is_subscribed: true });
      assert.deepEqual(reply.body.custom_attributes, [{ attribute_code: 'loyalty_id', value: 'L-1' }]);
    });
  });

  describe('the customer\'s own account', () => {
    it('updates /me with the id from the token, never the group, website or another customer', async () => {
      const a = (await create({ customer: { email: email(), firstname: 'Ann', lastname: 'A', addresses: [address()] }, password: 'Password1' })).body;
      const b = (await create({ customer: { email: email(), firstname: 'Bob', lastname: 'B' }, password: 'Password1' })).body;
      const token = await tokenFor(a.email);
      const reply = await server.request('PUT', '/rest/default/V1/customers/me', {
        token,
        body: { customer: { ...a, id: b.id, group_id: 3, website_id: 2, lastname: 'Changed', email: a.email } },
      });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body.id, a.id);
      assert.equal(reply.body.lastname, 'Changed');
      assert.equal(reply.body.group_id, 1);
      assert.equal(reply.body.website_id, 1);
      const bAfter = await server.request('GET', `/rest/V1/customers/${b.id}`, { token: admin });
      assert.equal(bAfter.body.lastname, 'B');
      assert.equal(reply.body.addresses.length, 1, 'addresses sent back are kept');
    });

    it('refuses to point /me at another customer\'s address', async () => {
      const a = (await create({ customer: { email: email(), firstname: 'Ann', lastname: 'A', addresses: [address()] }, password: 'Password1' })).body;
      const b = (await create({ customer: { email: email(), firstname: 'Bob', lastname: 'B', addresses: [address({ city: 'Elsewhere' })] }, password: 'Password1' })).body;
      const token = await tokenFor(a.email);
      const reply = await server.request('PUT', '/rest/default/V1/customers/me', {
        token,
        body: { customer: { email: a.email, firstname: 'Ann', lastname: 'A', addresses: [{ ...address({ city: 'Hijacked' }), id: b.addresses[0].id }] } },
      });
      assert.equal(reply.status, 404);
      const bAfter = await server.request('GET', `/rest/V1/customers/${b.id}`, { token: admin });
      assert.equal(bAfter.body.addresses[0].city, 'Elsewhere');
    });

    it('replaces the address book when addresses are sent and moves the defaults', async () => {
      const a = (await create({ customer: { email: email(), firstname: 'Ann', lastname: 'A', addresses: [address({ defaultBilling: true, defaultShipping: true })] }, password: 'Password1' })).body;
      const token = await tokenFor(a.email);
      const reply = await server.request('PUT', '/rest/default/V1/customers/me', {
        token,
        body: { customer: { email: a.email, firstname: 'Ann', lastname: 'A', addresses: [a.addresses[0], address({ city: 'Second', defaultShipping: true })] } },
      });
      assert.equal(reply.status, 200, reply.text);
      const [first, second] = reply.body.addresses;
      assert.equal(reply.body.default_billing, String(first.id));
      assert.equal(reply.body.default_shipping, String(second.id));
      assert.equal(second.default_shipping, true);
      const emptied = await server.request('PUT', '/rest/default/V1/customers/me', { token, body: { customer: { email: a.email, firstname: 'Ann', lastname: 'A', addresses: [] } } });
      assert.deepEqual(emptied.body.addresses, []);
      assert.ok(!('default_billing' in emptied.body));
    });

    it('refuses an email already used by another account of the website', async () => {
      const a = (await create({ customer: { email: email(), firstname: 'Ann', lastname: 'A' }, password: 'Password1' })).body;
      const b = (await create({ customer: { email: email(), firstname: 'Bob', lastname: 'B' }, password: 'Password1' })).body;
      const token = await tokenFor(a.email);
      const reply = await server.request('PUT', '/rest/default/V1/customers/me', { token, body: { customer: { email: b.email, firstname: 'Ann', lastname: 'A' } } });
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, { message: 'A customer with the same email address already exists in an associated website.' });
    });

    it('answers 401 with the route\'s resource for the wrong kind of token', async () => {
      const me = await server.request('GET', '/rest/default/V1/customers/me', { token: admin });
      assert.equal(me.status, 401);
      assert.deepEqual(me.body, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'self' } });
      const anonymous = await server.request('GET', '/rest/default/V1/customers/1');
      assert.deepEqual(anonymous.body.parameters, { resources: 'Magento_Customer::customer' });
      const missing = await server.request('GET', '/rest/default/V1/customers/999999', { token: admin });
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'customerId', fieldValue: 999999 } });
    });
  });
});

describe('accounts shared globally (customer/account_share/scope = 0)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    await createUsStore(server);
    assert.equal((await server.cli('config:set', 'customer/account_share/scope', '0')).code, 0);
  });
  after(() => server.close());

  it('allows one account per email across websites, usable on every website', async () => {
    const body = { customer: { email: 'global@example.com', firstname: 'G', lastname: 'L' }, password: 'Password1' };
    const first = await server.request('POST', '/rest/default/V1/customers', { body });
    assert.equal(first.status, 200);
    const second = await server.request('POST', '/rest/us/V1/customers', { body });
    assert.equal(second.status, 400);
    assert.deepEqual(second.body, { message: 'A customer with the same email address already exists in an associated website.' });
    const token = await server.request('POST', '/rest/us/V1/integration/customer/token', { body: { username: 'global@example.com', password: 'Password1' } });
    assert.equal(token.status, 200);
    const me = await server.request('GET', '/rest/us/V1/customers/me', { token: token.body });
    assert.equal(me.status, 200);
    assert.equal(me.body.id, first.body.id);
  });
});
