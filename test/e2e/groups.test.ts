// Customer group routes (spec §1.1; GroupRepositoryTest / GroupManagementTest cases).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCustomer, customerToken, unauthorized } from '../helpers/customers.ts';
import { adminToken, startServer, type TestServer } from '../helpers/server.ts';

const INSTALL_GROUPS = [
  { id: 0, code: 'NOT LOGGED IN', tax_class_id: 3, tax_class_name: 'Retail Customer' },
  { id: 1, code: 'General', tax_class_id: 3, tax_class_name: 'Retail Customer' },
  { id: 2, code: 'Wholesale', tax_class_id: 3, tax_class_name: 'Retail Customer' },
  { id: 3, code: 'Retailer', tax_class_id: 3, tax_class_name: 'Retail Customer' },
];

describe('customer group routes', () => {
  let server: TestServer;
  let admin: string;
  const call = (method: string, path: string, body?: unknown) => server.request(method, `/rest/default${path}`, { token: admin, body });
  const create = async (code: string, taxClassId: number | null = 3) => {
    const reply = await call('POST', '/V1/customerGroups', { group: { code, tax_class_id: taxClassId } });
    assert.equal(reply.status, 200, reply.text);
    return reply.body;
  };
  before(async () => {
    server = await startServer();
    admin = await adminToken(server);
  });
  after(() => server.close());

  it('GET /V1/customerGroups/:id answers the install groups (testGetGroupById)', async () => {
    for (const group of INSTALL_GROUPS) {
      const reply = await call('GET', `/V1/customerGroups/${group.id}`);
      assert.equal(reply.status, 200);
      assert.equal(reply.text, JSON.stringify(group));
    }
    const missing = await call('GET', '/V1/customerGroups/4200');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'id', fieldValue: 4200 } });
  });

  it('creates a group (testCreateGroupRest) and defaults the tax class to 3 (testCreateGroupDefaultTaxClassIdRest)', async () => {
    const made = await create('Create Group REST');
    assert.equal(typeof made.id, 'number');
    assert.deepEqual(made, { id: made.id, code: 'Create Group REST', tax_class_id: 3, tax_class_name: 'Retail Customer' });
    const dflt = await create('Default Class Tax ID REST', null);
    assert.equal(dflt.tax_class_id, 3);
    assert.deepEqual((await call('GET', `/V1/customerGroups/${made.id}`)).body, made);
  });

  it('refuses a duplicate code, a missing code, a bad tax class and an unknown id', async () => {
    await create('Duplicate Group Code REST');
    const dup = await call('POST', '/V1/customerGroups', { group: { code: 'Duplicate Group Code REST', tax_class_id: 3 } });
    assert.equal(dup.status, 400);
    assert.deepEqual(dup.body, { message: 'Customer Group already exists.' });
    const noCode = await call('POST', '/V1/customerGroups', { group: { id: null, code: null, tax_class_id: null } });
    assert.equal(noCode.status, 400);
    assert.deepEqual(noCode.body, { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'code' } });
    const tax = await call('POST', '/V1/customerGroups', { group: { code: 'Invalid Tax Class Id Code', tax_class_id: 9999 } });
    assert.deepEqual(tax.body, { message: 'Invalid value of "%value" provided for the %fieldName field.', parameters: { fieldName: 'taxClassId', value: 9999 } });
    const productClass = await call('POST', '/V1/customerGroups', { group: { code: 'Product Class', tax_class_id: 2 } });
    assert.equal(productClass.status, 400, 'a product tax class is not a customer class');
    const withId = await call('POST', '/V1/customerGroups', { group: { id: 88, code: 'Create Group With Id REST', tax_class_id: 3 } });
    assert.equal(withId.status, 404);
    assert.deepEqual(withId.body, { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'id', fieldValue: 88 } });
  });

  it('cuts a code longer than 32 characters', async () => {
    const made = await create('A'.repeat(40));
    assert.equal(made.code, 'A'.repeat(32));
  });

  it('PUT /V1/customerGroups/:id updates (testUpdateGroupRest); the path id wins', async () => {
    const made = await create('New Group REST');
    const reply = await call('PUT', `/V1/customerGroups/${made.id}`, { group: { id: 12345, code: 'Updated Group REST', tax_class_id: 3 } });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.id, made.id);
    assert.equal((await call('GET', `/V1/customerGroups/${made.id}`)).body.code, 'Updated Group REST');
    const missing = await call('PUT', '/V1/customerGroups/9999', { group: { id: 9999, code: 'Nope', tax_class_id: 3 } });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body.parameters, { fieldName: 'id', fieldValue: 9999 });
    const noTax = await call('PUT', `/V1/customerGroups/${made.id}`, { group: { code: 'No tax' } });
    assert.equal(noTax.status, 400, 'an update must name its tax class');
  });

  it('default group per store, and setting it (GroupManagement, CustomerGroupConfig)', async () => {
    assert.equal((await call('GET', '/V1/customerGroups/default')).text, JSON.stringify(INSTALL_GROUPS[1]));
    assert.equal((await call('GET', '/V1/customerGroups/default/1')).text, JSON.stringify(INSTALL_GROUPS[1]));
    const noStore = await call('GET', '/V1/customerGroups/default/77');
    assert.equal(noStore.status, 404);
    assert.deepEqual(noStore.body.parameters, { fieldName: 'storeId', fieldValue: 77 });
    const made = await create('Soon Default');
    const set = await call('PUT', `/V1/customerGroups/default/${made.id}`);
    assert.equal(set.status, 200, set.text);
    assert.equal(set.text, String(made.id));
    try {
      assert.equal((await call('GET', '/V1/customerGroups/default/1')).body.id, made.id);
      assert.equal((await call('GET', `/V1/customerGroups/${made.id}/permissions`)).text, 'true', 'a default group is read-only');
      const del = await call('DELETE', `/V1/customerGroups/${made.id}`);
      assert.deepEqual(del.body, { message: 'Cannot delete group.' });
      const c = await createCustomer(server, admin, 'newdefault@example.com');
      assert.equal(c.group_id, made.id, 'new customers join the default group');
    } finally {
      assert.equal((await call('PUT', '/V1/customerGroups/default/1')).status, 200);
    }
    const unknown = await call('PUT', '/V1/customerGroups/default/4242');
    assert.equal(unknown.status, 404);
  });

  it('GET /V1/customerGroups/:id/permissions', async () => {
    assert.equal((await call('GET', '/V1/customerGroups/0/permissions')).text, 'true');
    assert.equal((await call('GET', '/V1/customerGroups/1/permissions')).text, 'true');
    assert.equal((await call('GET', '/V1/customerGroups/2/permissions')).text, 'false');
    assert.equal((await call('GET', '/V1/customerGroups/4200/permissions')).status, 404);
  });

  it('DELETE: install groups stay; a group in use hands its customers to the default group', async () => {
    for (const id of [0, 1, 2, 3]) {
      const reply = await call('DELETE', `/V1/customerGroups/${id}`);
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, { message: 'Cannot delete group.' });
    }
    const made = await create('Delete Group');
    const member = await createCustomer(server, admin, 'member@example.com', { group_id: made.id });
    assert.equal(member.group_id, made.id);
    const reply = await call('DELETE', `/V1/customerGroups/${made.id}`);
    assert.equal(reply.status, 200);
    assert.equal(reply.text, 'true');
    assert.equal((await call('GET', `/V1/customerGroups/${made.id}`)).status, 404);
    assert.equal((await call('GET', `/V1/customers/${member.id}`)).body.group_id, 1);
    const missing = await call('DELETE', '/V1/customerGroups/4200');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'id', fieldValue: 4200 } });
  });

  it('GET /V1/customerGroups/search (testSearchGroups)', async () => {
    const q = (field: string, value: string, extra = '') =>
      call('GET', `/V1/customerGroups/search?searchCriteria[filter_groups][0][filters][0][field]=${field}&searchCriteria[filter_groups][0][filters][0][value]=${encodeURIComponent(value)}${extra}`);
    assert.deepEqual((await q('code', 'General')).body.items, [INSTALL_GROUPS[1]]);
    assert.deepEqual((await q('id', '0')).body.items, [INSTALL_GROUPS[0]]);
    assert.equal((await q('tax_class_id', '0')).body.total_count, 0);
    assert.equal((await q('code', 'no-such-group')).body.total_count, 0);
    const retail = await q('tax_class_name', 'Retail%', '&searchCriteria[filter_groups][0][filters][0][condition_type]=like&searchCriteria[sort_orders][0][field]=id&searchCriteria[sort_orders][0][direction]=ASC&searchCriteria[page_size]=2');
    assert.ok(retail.body.total_count >= 4);
    assert.deepEqual(retail.body.items, INSTALL_GROUPS.slice(0, 2));
    const all = await call('GET', '/V1/customerGroups/search?searchCriteria=');
    assert.deepEqual(all.body.items.slice(0, 4), INSTALL_GROUPS, 'sorted by id when no order is given');
    const bad = await q('customer_group_code', 'General');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body, { message: 'Invalid attribute name: %1', parameters: ['customer_group_code'] });
  });

  it('every group route needs Magento_Customer::group', async () => {
    const c = await createCustomer(server, admin, 'nogroups@example.com');
    const token = await customerToken(server, c.email);
    const routes: Array<[string, string]> = [
      ['GET', '/V1/customerGroups/1'], ['GET', '/V1/customerGroups/default'], ['GET', '/V1/customerGroups/default/1'],
      ['PUT', '/V1/customerGroups/default/2'], ['GET', '/V1/customerGroups/1/permissions'], ['GET', '/V1/customerGroups/search?searchCriteria='],
      ['POST', '/V1/customerGroups'], ['PUT', '/V1/customerGroups/2'], ['DELETE', '/V1/customerGroups/2'],
    ];
    for (const [method, path] of routes) {
      for (const t of [undefined, token]) {
        const reply = await server.request(method, `/rest/default${path}`, { token: t, body: method === 'GET' || method === 'DELETE' ? undefined : { group: { code: 'X', tax_class_id: 3 } } });
        assert.equal(reply.status, 401, `${method} ${path}`);
        assert.deepEqual(reply.body, unauthorized('Magento_Customer::group'));
      }
    }
    assert.equal((await call('GET', '/V1/customerGroups/2')).body.code, 'Wholesale');
  });
});
