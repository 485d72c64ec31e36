// GET /V1/customers/search with searchCriteria (spec §8, CustomerRepositoryTest search cases).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { address, createCustomer, customerToken, unauthorized } from '../helpers/customers.ts';
import { adminToken, startServer, type TestServer } from '../helpers/server.ts';

/** Builds Magento's bracket query string from groups of [field, value, condition?] filters. */
function query(groups: Array<Array<[string, string, string?]>>, extra: Record<string, string> = {}, snake = true): string {
  const fg = snake ? 'filter_groups' : 'filterGroups';
  const ct = snake ? 'condition_type' : 'conditionType';
  const parts: string[] = [];
  groups.forEach((filters, g) =>
    filters.forEach(([field, value, condition], f) => {
      parts.push(`searchCriteria[${fg}][${g}][filters][${f}][field]=${encodeURIComponent(field)}`);
      parts.push(`searchCriteria[${fg}][${g}][filters][${f}][value]=${encodeURIComponent(value)}`);
      if (condition) parts.push(`searchCriteria[${fg}][${g}][filters][${f}][${ct}]=${condition}`);
    }),
  );
  for (const [k, v] of Object.entries(extra)) parts.push(`searchCriteria${k}=${encodeURIComponent(v)}`);
  return parts.join('&');
}

describe('GET /V1/customers/search', () => {
  let server: TestServer;
  let admin: string;
  const c: any[] = [];
  const search = async (q: string) => {
    const reply = await server.request('GET', `/rest/default/V1/customers/search?${q}`, { token: admin });
    assert.equal(reply.status, 200, reply.text);
    return reply.body;
  };
  const emails = (body: any) => body.items.map((i: any) => i.email);

  before(async () => {
    server = await startServer();
    admin = await adminToken(server);
    c.push(await createCustomer(server, admin, 'alice@example.com', { firstname: 'Alice', lastname: 'Archer', middlename: 'M', group_id: 1, dob: '1980-01-01', addresses: [address({ city: 'Boston', postcode: '02101', default_billing: true })] }));
    c.push(await createCustomer(server, admin, 'bob@example.com', { firstname: 'Bob', lastname: 'Archer', group_id: 2, dob: '1990-06-15', addresses: [address({ city: 'Denver', postcode: '80201', company: 'Acme', default_billing: true })] }));
    c.push(await createCustomer(server, admin, 'Carol.Case@Example.com', { firstname: 'Carol', lastname: 'Baker', group_id: 2 }));
    c.push(await createCustomer(server, admin, 'dave@example.org', { firstname: 'Dave', lastname: 'Cole', prefix: 'Dr', group_id: 3, addresses: [address({ city: 'Boston', postcode: '02110', telephone: '555-0100', default_billing: true })] }));
  });
  after(() => server.close());

  it('filters by email (testSearchCustomers) and echoes search_criteria', async () => {
    const body = await search(query([[['email', 'bob@example.com', 'eq']]]));
    assert.deepEqual(Object.keys(body), ['items', 'search_criteria', 'total_count']);
    assert.equal(body.total_count, 1);
    assert.equal(body.items[0].id, c[1].id);
    assert.deepEqual(body.items[0], c[1], 'items are full customers');
    // Magento's web API input limits are on in Keyfront: the default page size (20) is set, and echoed.
    assert.deepEqual(body.search_criteria, { filter_groups: [{ filters: [{ field: 'email', value: 'bob@example.com', condition_type: 'eq' }] }], page_size: 20 });
  });

  it('compares emails case-insensitively', async () => {
    assert.deepEqual(emails(await search(query([[['email', 'carol.case@example.COM']]]))), ['Carol.Case@Example.com']);
    assert.deepEqual(emails(await search(query([[['email', 'ALICE@EXAMPLE.COM', 'in']]]))), ['alice@example.com']);
    assert.equal((await search(query([[['email', '%@EXAMPLE.com', 'like']]]))).total_count, 3);
    assert.deepEqual(emails(await search(query([[['email', 'CAROL%', 'like']]]))), ['Carol.Case@Example.com']);
    assert.deepEqual(emails(await search(query([[['firstname', 'bO%', 'like']]]))), ['bob@example.com']);
    assert.deepEqual(emails(await search(query([[['lastname', 'ARCHER%', 'nlike']]]))), ['Carol.Case@Example.com', 'dave@example.org']);
  });

  it('ORs filters in a group, ANDs groups, sorts (testSearchCustomersMultipleFiltersWithSort), in camelCase too', async () => {
    const q = query([[['email', 'bob@example.com'], ['email', 'alice@example.com']], [['lastname', 'Archer']]], { '[sort_orders][0][field]': 'email', '[sort_orders][0][direction]': 'ASC' });
    const body = await search(q);
    assert.equal(body.total_count, 2);
    assert.deepEqual(emails(body), ['alice@example.com', 'bob@example.com']);
    assert.deepEqual(body.search_criteria.sort_orders, [{ field: 'email', direction: 'ASC' }]);
    const camel = await search(query([[['email', 'bob@example.com'], ['email', 'alice@example.com']], [['lastname', 'Archer']]], { '[sortOrders][0][field]': 'email', '[sortOrders][0][direction]': 'desc' }, false));
    assert.deepEqual(emails(camel), ['bob@example.com', 'alice@example.com']);
    assert.deepEqual(camel.search_criteria.sort_orders, [{ field: 'email', direction: 'DESC' }]);
  });

  it('finds nothing when a group cannot match (testSearchCustomersNonExistentMultipleFilters, MultipleFilterGroups)', async () => {
    assert.equal((await search(query([[['email', 'alice@example.com']], [['lastname', 'INVALID']]]))).total_count, 0);
    const three = query([[['email', 'alice@example.com']], [['middlename', 'M'], ['middlename', 'invalid']], [['lastname', 'Archer']]], { '[current_page]': '1', '[page_size]': '10' });
    const body = await search(three);
    assert.equal(body.total_count, 1);
    assert.equal(body.search_criteria.page_size, 10);
    assert.equal(body.search_criteria.current_page, 1);
  });

  it('pages while total_count counts every match', async () => {
    const sort = { '[sort_orders][0][field]': 'firstname', '[sort_orders][0][direction]': 'ASC', '[page_size]': '2' };
    const p1 = await search(query([], { ...sort, '[current_page]': '1' }));
    const p2 = await search(query([], { ...sort, '[current_page]': '2' }));
    assert.equal(p1.total_count, 4);
    assert.equal(p2.total_count, 4);
    assert.deepEqual([...emails(p1), ...emails(p2)], ['alice@example.com', 'bob@example.com', 'Carol.Case@Example.com', 'dave@example.org']);
    const beyond = await search(query([], { ...sort, '[current_page]': '9' }));
    assert.deepEqual(emails(beyond), emails(p2), 'a page past the end is the last page, as Magento clamps it');
  });

  it('lists everything with an empty searchCriteria', async () => {
    const body = await search('searchCriteria=');
    assert.equal(body.total_count, 4);
    assert.deepEqual(body.search_criteria, { filter_groups: [], page_size: 20 });
  });

  it('supports every condition type', async () => {
    const ids = (body: any) => body.items.map((i: any) => i.id);
    assert.deepEqual(ids(await search(query([[['group_id', '2', 'neq']]]))), [c[0].id, c[3].id]);
    assert.deepEqual(ids(await search(query([[['lastname', 'arch%', 'like']]]))), [c[0].id, c[1].id]);
    assert.deepEqual(ids(await search(query([[['lastname', 'Arch%', 'nlike']]]))), [c[2].id, c[3].id]);
    assert.deepEqual(ids(await search(query([[['group_id', '2,3', 'in']]]))), [c[1].id, c[2].id, c[3].id]);
    assert.deepEqual(ids(await search(query([[['group_id', '2,3', 'nin']]]))), [c[0].id]);
    assert.deepEqual(ids(await search(query([[['dob', '', 'null']]]))), [c[2].id, c[3].id]);
    assert.deepEqual(ids(await search(query([[['dob', '', 'notnull']]]))), [c[0].id, c[1].id]);
    assert.deepEqual(ids(await search(query([[['dob', '1985-01-01', 'gt']]]))), [c[1].id]);
    assert.deepEqual(ids(await search(query([[['dob', '1985-01-01', 'lt']]]))), [c[0].id]);
    assert.deepEqual(ids(await search(query([[['dob', '1990-06-15', 'gteq']]]))), [c[1].id]);
    assert.deepEqual(ids(await search(query([[['dob', '1980-01-01', 'lteq']]]))), [c[0].id]);
    assert.deepEqual(ids(await search(query([[['dob', '1980-01-01', 'from']], [['dob', '1990-01-01', 'to']]]))), [c[0].id]);
    assert.deepEqual(ids(await search(query([[['id', String(c[2].id), 'finset']]]))), [c[2].id]);
    assert.deepEqual(ids(await search(query([[['firstname', 'Bob', 'finset']]]))), [c[1].id]);
  });

  it("filters on the name and the default billing address's fields", async () => {
    const ids = (body: any) => body.items.map((i: any) => i.id);
    assert.deepEqual(ids(await search(query([[['name', 'Dr Dave Cole']]]))), [c[3].id]);
    assert.deepEqual(ids(await search(query([[['name', '%Alice M Archer%', 'like']]]))), [c[0].id]);
    assert.deepEqual(ids(await search(query([[['billing_city', 'Boston']]]))), [c[0].id, c[3].id]);
    assert.deepEqual(ids(await search(query([[['billing_postcode', '802%', 'like']]]))), [c[1].id]);
    assert.deepEqual(ids(await search(query([[['billing_telephone', '555-0100']]]))), [c[3].id]);
    assert.deepEqual(ids(await search(query([[['billing_region', 'Alabama']]]))), [c[0].id, c[1].id, c[3].id]);
    assert.deepEqual(ids(await search(query([[['billing_country_id', 'US']]], { '[sort_orders][0][field]': 'billing_city', '[sort_orders][0][direction]': 'DESC' }))), [c[1].id, c[0].id, c[3].id]);
    assert.deepEqual(ids(await search(query([[['company', 'Acme']]]))), [c[1].id]);
  });

  it('refuses an unknown field, condition or direction with a 400, never SQL', async () => {
    const bad = async (q: string) => {
      const reply = await server.request('GET', `/rest/default/V1/customers/search?${q}`, { token: admin });
      assert.equal(reply.status, 400, reply.text);
      return reply.body;
    };
    assert.deepEqual(await bad(query([[['password_hash', 'x']]])), { message: 'Invalid attribute name: %1', parameters: ['password_hash'] });
    assert.deepEqual(await bad(query([[['email; DROP TABLE customer_entity', 'x']]])), { message: 'Invalid attribute name: %1', parameters: ['email; DROP TABLE customer_entity'] });
    assert.deepEqual(await bad(query([[['email', 'x', 'regexp']]])), { message: 'Invalid value of "%value" provided for the %fieldName field.', parameters: { fieldName: 'condition_type', value: 'regexp' } });
    assert.deepEqual(await bad(query([], { '[sort_orders][0][field]': 'rp_token' })), { message: 'Invalid attribute name: %1', parameters: ['rp_token'] });
    assert.deepEqual(await bad(query([], { '[sort_orders][0][field]': 'email', '[sort_orders][0][direction]': 'sideways' })), {
      message: 'The sort order has to be specified as %1 for ascending order or %2 for descending order.',
      parameters: ['ASC', 'DESC'],
    });
    assert.deepEqual(await bad(query([[['group_id', 'abc']]])), { message: 'Invalid value of "%value" provided for the %fieldName field.', parameters: { fieldName: 'group_id', value: 'abc' } });
    const still = await search(query([[['email', 'alice@example.com']]]));
    assert.equal(still.total_count, 1);
  });

  it('requires searchCriteria (testSearchCustomersUsingGETEmptyFilter)', async () => {
    const reply = await server.request('GET', '/rest/default/V1/customers/search', { token: admin });
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body, { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'searchCriteria' } });
  });

  it('is closed to anonymous callers and customer tokens', async () => {
    const anon = await server.request('GET', `/rest/default/V1/customers/search?${query([[['email', 'bob@example.com']]])}`);
    assert.equal(anon.status, 401);
    assert.deepEqual(anon.body, unauthorized('Magento_Customer::customer'));
    const token = await customerToken(server, 'alice@example.com');
    const customer = await server.request('GET', `/rest/default/V1/customers/search?${query([[['email', 'bob@example.com']]])}`, { token });
    assert.equal(customer.status, 401);
  });
});
