// Magento's web API conventions that hold for every route: URLs and store codes, key casing,
// output encoding, error bodies, and bad input that must never reach a 500.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminToken, createUsStore, startServer, type TestServer } from '../helpers/server.ts';

const NO_ROUTE = { message: 'Request does not match any route.' };

function customer(email: string, extra: Record<string, unknown> = {}) {
  return { customer: { email, firstname: 'Jane', lastname: 'Doe', ...extra }, password: 'Password1' };
}

describe('web API conventions', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startServer();
    admin = await adminToken(server);
    await createUsStore(server);
  });
  after(() => server.close());

  describe('URLs and store codes', () => {
    it('serves /rest/V1 (default view), /rest/<code>/V1 and /rest/all/V1 (admin scope, no GET)', async () => {
      const viaDefault = await server.request('GET', '/rest/V1/store/websites', { token: admin });
      const viaCode = await server.request('GET', '/rest/us/V1/store/websites', { token: admin });
      assert.equal(viaDefault.status, 200);
      assert.deepEqual(viaCode.body, viaDefault.body);
      const all = await server.request('GET', '/rest/all/V1/store/websites', { token: admin });
      assert.equal(all.status, 400);
      assert.deepEqual(all.body, { message: "Cannot perform GET operation with store code 'all'" });
      const create = await server.request('POST', '/rest/all/V1/customers', { body: customer('viaall@example.com') });
      assert.equal(create.status, 200, create.text);
      assert.equal(create.body.store_id, 1, 'a customer created in the admin scope lands in the default view');
    });

    it('checks access before refusing GET in the admin scope', async () => {
      const reply = await server.request('GET', '/rest/all/V1/store/websites');
      assert.equal(reply.status, 401);
    });

    it('answers 404 "Request does not match any route." for unknown paths and methods', async () => {
      for (const [method, path] of [
        ['GET', '/rest/default/V1/nothing'],
        ['DELETE', '/rest/default/V1/store/websites'],
        ['GET', '/rest/V1/customers'],
        ['GET', '/elsewhere'],
      ] as const) {
        const reply = await server.request(method, path);
        assert.equal(reply.status, 404, `${method} ${path}`);
        assert.deepEqual(reply.body, NO_ROUTE);
      }
    });

    it('refuses an unknown store code as Magento does', async () => {
      const reply = await server.request('GET', '/rest/nosuch/V1/customers/me');
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, { message: 'Specified request cannot be processed.' });
    });

    it('refuses methods Magento does not know', async () => {
      const reply = await server.request('PATCH', '/rest/V1/customers/me', { body: {} });
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, { message: 'Request method is invalid.' });
    });
  });

  describe('requests', () => {
    it('accepts camelCase and snake_case keys at any depth', async () => {
      const reply = await server.request('POST', '/rest/V1/customers', {
        body: {
          customer: {
            email: 'snake@example.com',
            firstname: 'Sam',
            lastname: 'Snake',
            addresses: [
              {
                default_billing: true,
                DefaultShipping: true,
                firstname: 'Sam',
                lastname: 'Snake',
                region: { region_code: 'TX', region_id: 57 },
                country_id: 'US',
                postcode: '73301',
                city: 'Austin',
                street: ['1 Congress Ave'],
                telephone: '512-555-0000',
              },
            ],
          },
          password: 'Password1',
        },
      });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body.addresses[0].region.region_code, 'TX');
      assert.equal(reply.body.addresses[0].default_billing, true);
      assert.equal(reply.body.addresses[0].default_shipping, true);
      assert.equal(reply.body.default_billing, String(reply.body.addresses[0].id));
    });

    it('answers malformed JSON with 400 "Decoding error."', async () => {
      const reply = await server.request('POST', '/rest/V1/customers', { body: '{"customer": ', raw: true });
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, { message: 'Decoding error.' });
    });

    it('answers a wrong or missing content type with 400', async () => {
      const plain = await server.request('POST', '/rest/V1/customers', { body: '{}', raw: true, headers: { 'Content-Type': 'text/plain' } });
      assert.equal(plain.status, 400);
      assert.deepEqual(plain.body, { message: 'Server cannot understand Content-Type HTTP header media type text/plain' });
      const charset = await server.request('POST', '/rest/V1/customers', { body: '{}', raw: true, headers: { 'Content-Type': 'application/json; charset=latin1' } });
      assert.deepEqual(charset.body, { message: 'UTF-8 is the only supported charset.' });
      const invalid = await server.request('POST', '/rest/V1/customers', { body: '{}', raw: true, headers: { 'Content-Type': 'application/json; foo=bar' } });
      assert.deepEqual(invalid.body, { message: 'Content-Type header is invalid.' });
      const response = await fetch(`${server.url}/rest/V1/customers`, { method: 'POST', body: new Uint8Array(Buffer.from('{"a":1}')) });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { message: 'Content-Type header is empty.' });
    });

    it('answers an empty body, a JSON array or a scalar as a missing parameter', async () => {
      for (const body of ['', '[]', '5', 'null', '{}']) {
        const reply = await server.request('POST', '/rest/V1/customers', { body, raw: true, headers: { 'Content-Type': 'application/json' } });
        assert.equal(reply.status, 400, body);
        assert.deepEqual(reply.body, { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'customer' } });
      }
    });

    it('answers an over-large body with 413', async () => {
      const big = JSON.stringify(customer('big@example.com', { lastname: 'x'.repeat(2 * 1024 * 1024) }));
      const reply = await server.request('POST', '/rest/V1/customers', { body: big, raw: true, headers: { 'Content-Type': 'application/json' } });
      assert.equal(reply.status, 413);
      assert.equal(typeof reply.body.message, 'string');
    });

    it('binds wrong scalar types as PHP does, and refuses what cannot be bound', async () => {
      const coerced = await server.request('POST', '/rest/V1/customers', { body: customer('coerced@example.com', { firstname: 5 }) });
      assert.equal(coerced.status, 200, coerced.text);
      assert.equal(coerced.body.firstname, '5');
      const badInt = await server.request('POST', '/rest/V1/customers', { body: customer('badint@example.com', { gender: 'abc' }) });
      assert.equal(badInt.status, 400);
      assert.deepEqual(badInt.body, {
        message: 'Error occurred during "gender" processing. The "abc" value\'s type is invalid. The "int" type was expected. Verify and try again.',
      });
      const array = await server.request('POST', '/rest/V1/customers', { body: customer('arr@example.com', { firstname: ['x'] }) });
      assert.equal(array.status, 400);
      assert.match(array.body.message, /The "array" value's type is invalid. The "string" type was expected/);
      const addresses = await server.request('POST', '/rest/V1/customers', { body: customer('addr@example.com', { addresses: 'x' }) });
      assert.equal(addresses.status, 400);
      assert.deepEqual(addresses.body, { message: 'Not all parameters valid.' });
      const unknown = await server.request('POST', '/rest/V1/customers', { body: customer('unknown@example.com', { favourite_colour: 'red' }) });
      assert.equal(unknown.status, 400);
      assert.deepEqual(unknown.body, {
        message: '"%fieldName" is not supported. Correct the field name and try again.',
        parameters: { fieldName: 'FavouriteColour' },
      });
      const badPath = await server.request('GET', '/rest/V1/customers/abc', { token: admin });
      assert.equal(badPath.status, 400);
      assert.deepEqual(badPath.body, { message: 'The "abc" value\'s type is invalid. The "int" type was expected. Verify and try again.' });
      for (const email of ['coerced@example.com', 'badint@example.com', 'arr@example.com', 'addr@example.com', 'unknown@example.com']) {
        const token = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: email, password: 'Password1' } });
        assert.equal(token.status, email === 'coerced@example.com' ? 200 : 401, `${email} must ${email === 'coerced@example.com' ? '' : 'not '}exist`);
      }
    });
  });

  describe('responses', () => {
    it('encodes as PHP json_encode does: escaped slashes and \\u escapes, application/json', async () => {
      const reply = await server.request('POST', '/rest/V1/customers', { body: customer('zoe@example.com', { firstname: 'Zoë', lastname: 'O/Neil' }) });
      assert.equal(reply.status, 200);
      assert.match(reply.headers.get('content-type')!, /^application\/json; charset=utf-8$/);
      assert.ok(reply.text.includes('"firstname":"Zo\\u00eb"'), reply.text);
      assert.ok(reply.text.includes('"lastname":"O\\/Neil"'), reply.text);
      assert.equal(reply.body.firstname, 'Zoë');
    });

    it('leaves nulls out and writes addresses without region as Magento does', async () => {
      const reply = await server.request('POST', '/rest/V1/customers', {
        body: customer('gb@example.com', {
          addresses: [{ firstname: 'G', lastname: 'B', street: ['1 High St'], city: 'London', telephone: '020', country_id: 'GB' }],
        }),
      });
      assert.equal(reply.status, 200, reply.text);
      const [address] = reply.body.addresses;
      assert.deepEqual(address.region, { region_code: null, region: null, region_id: 0 });
      assert.ok(!('postcode' in address) && !('company' in address) && !('default_billing' in address));
      assert.ok(!('middlename' in reply.body) && !('dob' in reply.body) && !('confirmation' in reply.body));
      assert.ok(!('default_billing' in reply.body));
    });

    it('serves the OpenAPI document per store code and the Swagger UI page', async () => {
      const doc = await server.request('GET', '/rest/default/schema');
      assert.equal(doc.status, 200);
      assert.equal(doc.body.openapi, '3.1.0');
      for (const path of ['/V1/customers', '/V1/customers/me', '/V1/customers/{customerId}', '/V1/integration/customer/token', '/V1/store/storeConfigs']) {
        assert.ok(doc.body.paths[path], `OpenAPI lists ${path}`);
      }
      assert.ok(doc.body.paths['/V1/customers'].post.requestBody);
      assert.equal((await server.request('GET', '/rest/us/schema')).status, 200);
      const ui = await server.request('GET', '/swagger');
      assert.equal(ui.status, 200);
      assert.match(ui.text, /swagger-ui/);
      assert.equal((await server.request('GET', '/swagger/swagger-ui-bundle.js')).status, 200);
    });
  });
});

describe('the fields filter', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('trims a response to ?fields=', async () => {
    await server.request('POST', '/rest/V1/customers', {
      body: { customer: { email: 'fields@example.com', firstname: 'F', lastname: 'F', addresses: [{ firstname: 'F', lastname: 'F', street: ['1 A St'], city: 'Leeds', telephone: '1', country_id: 'GB' }] }, password: 'Password1' },
    });
    const token = (await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'fields@example.com', password: 'Password1' } })).body;
    const reply = await server.request('GET', '/rest/V1/customers/me?fields=email,addresses[city]', { token });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { email: 'fields@example.com', addresses: [{ city: 'Leeds' }] });
  });
});
