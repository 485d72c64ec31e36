// Attribute metadata routes (CustomerMetadataInterface / AddressMetadataInterface).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCustomer, customerToken, unauthorized } from '../helpers/customers.ts';
import { adminToken, startServer, type TestServer } from '../helpers/server.ts';

const KEYS = [
  'frontend_input', 'input_filter', 'store_label', 'validation_rules', 'multiline_count', 'visible', 'required', 'data_model', 'options',
  'frontend_class', 'user_defined', 'sort_order', 'frontend_label', 'note', 'system', 'backend_type', 'is_used_in_grid', 'is_visible_in_grid',
  'is_filterable_in_grid', 'is_searchable_in_grid', 'attribute_code',
];

describe('attribute metadata routes', () => {
  let server: TestServer;
  let admin: string;
  const get = (path: string, token = admin) => server.request('GET', `/rest/default${path}`, { token });
  before(async () => {
    server = await startServer();
    admin = await adminToken(server);
  });
  after(() => server.close());

  it('describes one customer attribute in AttributeMetadataInterface order', async () => {
    const reply = await get('/V1/attributeMetadata/customer/attribute/firstname');
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(Object.keys(reply.body), KEYS);
    assert.equal(reply.body.attribute_code, 'firstname');
    assert.equal(reply.body.store_label, 'First Name');
    assert.equal(reply.body.required, true);
    assert.equal(reply.body.frontend_input, 'text');
    assert.deepEqual(reply.body.validation_rules, [{ name: 'max_text_length', value: '255' }, { name: 'min_text_length', value: '1' }]);
    const gender = await get('/V1/attributeMetadata/customer/attribute/gender');
    assert.deepEqual(gender.body.options.map((o: any) => o.label), [' ', 'Male', 'Female', 'Not Specified']);
    const web = await get('/V1/attributeMetadata/customer/attribute/website_id');
    assert.equal(web.body.store_label, 'Associate to Website');
  });

  it('answers 404 for an unknown attribute or form', async () => {
    const attr = await get('/V1/attributeMetadata/customer/attribute/shoe_size');
    assert.equal(attr.status, 404);
    assert.deepEqual(attr.body, {
      message: 'No such entity with %fieldName = %fieldValue, %field2Name = %field2Value',
      parameters: { fieldName: 'entityType', fieldValue: 'customer', field2Name: 'attributeCode', field2Value: 'shoe_size' },
    });
    const form = await get('/V1/attributeMetadata/customerAddress/form/no_such_form');
    assert.equal(form.status, 404);
    assert.deepEqual(form.body, { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'formCode', fieldValue: 'no_such_form' } });
  });

  it('lists all, per form, and the (empty) custom attributes', async () => {
    const all = await get('/V1/attributeMetadata/customer');
    const codes = all.body.map((a: any) => a.attribute_code);
    for (const code of ['email', 'firstname', 'lastname', 'website_id', 'group_id', 'dob', 'gender', 'taxvat']) assert.ok(codes.includes(code), code);
    assert.ok(!codes.includes('password_hash'), 'secrets are not attributes');
    const create = await get('/V1/attributeMetadata/customer/form/customer_account_create');
    assert.deepEqual(create.body.map((a: any) => a.attribute_code), ['prefix', 'firstname', 'middlename', 'lastname', 'suffix', 'email', 'dob', 'taxvat', 'gender']);
    assert.equal((await get('/V1/attributeMetadata/customer/custom')).text, '[]');
    assert.equal((await get('/V1/attributeMetadata/customerAddress/custom')).text, '[]');
  });

  it('describes address attributes; street has the configured number of lines', async () => {
    const street = await get('/V1/attributeMetadata/customerAddress/attribute/street');
    assert.equal(street.status, 200, street.text);
    assert.equal(street.body.frontend_input, 'multiline');
    assert.equal(street.body.multiline_count, 2);
    const set = await server.cli('config:set', 'customer/address/street_lines', '3');
    assert.equal(set.code, 0, set.stderr);
    assert.equal((await get('/V1/attributeMetadata/customerAddress/attribute/street')).body.multiline_count, 3);
    const all = await get('/V1/attributeMetadata/customerAddress');
    const codes = all.body.map((a: any) => a.attribute_code);
    for (const code of ['firstname', 'lastname', 'street', 'city', 'country_id', 'region', 'region_id', 'postcode', 'telephone', 'company', 'vat_id']) assert.ok(codes.includes(code), code);
    const form = await get('/V1/attributeMetadata/customerAddress/form/customer_address_edit');
    assert.equal(form.status, 200);
    assert.ok(form.body.every((a: any) => a.visible));
  });

  it('needs Magento_Customer::customer', async () => {
    const c = await createCustomer(server, admin, 'meta@example.com');
    const token = await customerToken(server, c.email);
    for (const path of ['/V1/attributeMetadata/customer', '/V1/attributeMetadata/customerAddress/attribute/city', '/V1/attributeMetadata/customer/form/adminhtml_customer', '/V1/attributeMetadata/customerAddress/custom']) {
      for (const t of [undefined, token]) {
        const reply = await server.request('GET', `/rest/default${path}`, { token: t });
        assert.equal(reply.status, 401, path);
        assert.deepEqual(reply.body, unauthorized('Magento_Customer::customer'));
      }
    }
  });
});
