// The GraphQL endpoint's rules: Magento's error categories and messages, GET and POST, the Store
// header, limits, introspection, the access rules, and one account across GraphQL, REST and the
// storefront (shared lockout, tokens, pages).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminToken, createUsStore, startServer, type TestServer } from '../helpers/server.ts';
import { Visitor } from '../helpers/visitor.ts';

type Result = { status: number; body: { data?: any; errors?: Array<{ message: string; path?: string[]; extensions?: { category: string } }> } };

const SIGN_IN_FAILED = 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';
const ADDRESS = '{firstname:"Ann", lastname:"Lee", street:["1 Main St"], city:"Mineola", postcode:"11501", telephone:"555", country_code: US, region:{region_id:43}}';

describe('GraphQL endpoint', () => {
  let server: TestServer;
  let n = 0;
  const email = () => `g${++n}-${Date.now()}@example.com`;

  async function gql(query: string, options: { variables?: Record<string, unknown>; token?: string; store?: string } = {}): Promise<Result> {
    const headers: Record<string, string> = {};
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.store) headers.Store = options.store;
    const reply = await server.request('POST', '/graphql', { body: { query, variables: options.variables ?? {} }, headers });
    return { status: reply.status, body: reply.body };
  }
  const errorOf = (r: Result) => r.body.errors?.map((e) => [e.message, e.extensions?.category]);

  async function register(address = email(), password = 'Password1', store?: string): Promise<{ email: string; token: string }> {
    const created = await gql(`mutation($e:String!,$p:String!){createCustomerV2(input:{firstname:"Ann",lastname:"Lee",email:$e,password:$p}){customer{email}}}`, { variables: { e: address, p: password }, store });
    assert.equal(created.body.errors, undefined, JSON.stringify(created.body));
    return { email: address, token: await signIn(address, password, store) };
  }
  async function signIn(address: string, password: string, store?: string): Promise<string> {
    const r = await gql(`mutation($e:String!,$p:String!){generateCustomerToken(email:$e,password:$p){token}}`, { variables: { e: address, p: password }, store });
    assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
    return r.body.data.generateCustomerToken.token;
  }

  before(async () => {
    server = await startServer();
    await createUsStore(server);
  });
  after(() => server.close());

  it('answers queries by GET, refuses a mutation by GET and changes nothing', async () => {
    const get = await server.request('GET', `/graphql?query=${encodeURIComponent('query Q($c:String){country(id:$c){id}}')}&variables=${encodeURIComponent('{"c":"FR"}')}&operationName=Q`);
    assert.equal(get.status, 200);
    assert.deepEqual(get.body, { data: { country: { id: 'FR' } } });
    const address = email();
    const mutation = `mutation{createCustomer(input:{firstname:"A",lastname:"B",email:"${address}",password:"Password1"}){customer{email}}}`;
    const refused = await server.request('GET', `/graphql?query=${encodeURIComponent(mutation)}`);
    assert.equal(refused.status, 500);
    assert.deepEqual(refused.body, { errors: [{ message: 'Mutation requests allowed only for POST requests', extensions: { category: 'graphql-input' } }] });
    const available = await server.request('POST', '/rest/V1/customers/isEmailAvailable', { body: { customerEmail: address } });
    assert.equal(available.body, true);
    assert.equal((await gql(`{customer{email}}`)).body.errors?.[0].extensions?.category, 'graphql-authorization');
  });

  it('reports syntax errors, unknown fields, bad JSON and content types as Magento 2.4.7 does', async () => {
    const syntax = await gql('{ customer { ');
    assert.equal(syntax.status, 500);
    assert.equal(syntax.body.errors?.[0].message, 'Syntax Error: Expected Name, found <EOF>');
    const unknown = await gql('{ orders { total_count } }');
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.body, { errors: [{ message: 'Cannot query field "orders" on type "Query".', locations: [{ line: 1, column: 3 }] }] });
    const badJson = await server.request('POST', '/graphql', { body: '{"query":', raw: true });
    assert.deepEqual([badJson.status, badJson.body], [500, { errors: [{ message: 'Unable to parse the request.', extensions: { category: 'graphql-input' } }] }]);
    const text = await server.request('POST', '/graphql', { body: '{}', raw: true, headers: { 'Content-Type': 'text/plain' } });
    assert.deepEqual(text.body, { errors: [{ message: 'Request content type must be application/json', extensions: { category: 'graphql-input' } }] });
  });

  it('picks the store view by the Store header and refuses an unknown one', async () => {
    const us = await gql('{ storeConfig { store_code store_name website_code is_default_store } }', { store: 'us' });
    assert.deepEqual(us.body.data.storeConfig, { store_code: 'us', store_name: 'US Store View', website_code: 'us', is_default_store: true });
    const plain = await gql('{ storeConfig { store_code } }');
    assert.equal(plain.body.data.storeConfig.store_code, 'default');
    const unknown = await gql('{ storeConfig { store_code } }', { store: 'nowhere' });
    assert.deepEqual([unknown.status, unknown.body], [500, { errors: [{ message: 'Requested store is not found', extensions: { category: 'graphql-input' } }] }]);
  });

  it('uses every error category with Magento\'s messages', async () => {
    const taken = await register();
    const duplicate = await gql(`mutation{createCustomer(input:{firstname:"A",lastname:"B",email:"${taken.email}",password:"Password1"}){customer{email}}}`);
    assert.deepEqual(errorOf(duplicate), [['A customer with the same email address already exists in an associated website.', 'graphql-input']]);
    assert.deepEqual(duplicate.body.data, { createCustomer: null });
    const other = await register();
    const exists = await gql(`mutation{updateCustomerEmail(email:"${taken.email}",password:"Password1"){customer{email}}}`, { token: other.token });
    assert.deepEqual(errorOf(exists), [['A customer with the same email address already exists in an associated website.', 'graphql-already-exists']]);
    const wrong = await gql(`mutation{generateCustomerToken(email:"${taken.email}",password:"nope"){token}}`);
    assert.deepEqual(errorOf(wrong), [[SIGN_IN_FAILED, 'graphql-authentication']]);
    assert.deepEqual(errorOf(await gql('{customer{email}}', { token: 'not-a-token' })), [["The current customer isn't authorized.", 'graphql-authorization']]);
    assert.deepEqual(errorOf(await gql('mutation{deleteCustomerAddress(id:999999)}', { token: other.token })), [['Could not find a address with ID "999999"', 'graphql-no-such-entity']]);
    assert.deepEqual(errorOf(await gql('{country(id:"ZZ"){id}}')), [["The country isn't available.", 'graphql-no-such-entity']]);
    const weak = await gql(`mutation{createCustomer(input:{firstname:"A",lastname:"B",email:"${email()}",password:"short"}){customer{email}}}`);
    assert.deepEqual(errorOf(weak), [['The password needs at least 8 characters. Create a new password and try again.', 'graphql-input']]);
    const empty = await gql(`mutation{createCustomer(input:{firstname:"",lastname:"B",email:"${email()}"}){customer{email}}}`);
    assert.deepEqual(errorOf(empty), [['Required parameters are missing: First Name', 'graphql-input']]);
    const badEmail = await gql('mutation{createCustomer(input:{firstname:"A",lastname:"B",email:"not-an-email"}){customer{email}}}');
    assert.deepEqual(errorOf(badEmail), [['"not-an-email" is not a valid email address.', 'graphql-input']]);
    const current = await gql('mutation{changeCustomerPassword(currentPassword:"wrong",newPassword:"Another-Pass1"){email}}', { token: other.token });
    assert.deepEqual(errorOf(current), [['Invalid login or password.', 'graphql-authentication']]);
    const unknownReset = await gql(`mutation{requestPasswordResetEmail(email:"${email()}")}`);
    assert.deepEqual(errorOf(unknownReset), [["Cannot reset the customer's password", 'graphql-input']]);
    const badToken = await gql(`mutation{resetPassword(email:"${taken.email}",resetPasswordToken:"abc",newPassword:"Another-Pass1")}`);
    assert.deepEqual(errorOf(badToken), [['The password token is mismatched. Reset and try again.', 'graphql-input']]);
    const address = await gql('mutation{createCustomerAddress(input:{firstname:"Ann",city:"X",country_code: US}){id}}', { token: other.token });
    assert.deepEqual(errorOf(address), [['Required parameters are missing: postcode, lastname, street, telephone', 'graphql-input']]);
    const several = await gql('mutation{createCustomerAddress(input:{firstname:"Ann",lastname:"Lee",street:["x"],city:"X",postcode:"1",telephone:"1",country_code: US, region:{region_id:999}}){id}}', { token: other.token });
    assert.deepEqual(errorOf(several), [['Invalid value of "999" provided for the regionId field.', 'graphql-input']]);
    const guest = await gql(`mutation{subscribeEmailToNewsletter(email:"${email()}"){status}}`);
    assert.deepEqual(errorOf(guest), [['Guests can not subscribe to the newsletter. You must create an account to subscribe.', 'graphql-input']]);
  });

  it('keeps one customer away from another customer\'s addresses', async () => {
    const owner = await register();
    const intruder = await register();
    const created = await gql(`mutation{createCustomerAddress(input:${ADDRESS}){id}}`, { token: owner.token });
    const id = created.body.data.createCustomerAddress.id;
    const denied = `Current customer does not have permission to address with ID "${id}"`;
    assert.deepEqual(errorOf(await gql(`mutation{updateCustomerAddress(id:${id},input:{city:"Stolen"}){city}}`, { token: intruder.token })), [[denied, 'graphql-authorization']]);
    assert.deepEqual(errorOf(await gql(`mutation{deleteCustomerAddress(id:${id})}`, { token: intruder.token })), [[denied, 'graphql-authorization']]);
    assert.deepEqual((await gql('{customer{addresses{id}}}', { token: intruder.token })).body.data.customer.addresses, []);
    const mine = await gql('{customer{addresses{id city}}}', { token: owner.token });
    assert.deepEqual(mine.body.data.customer.addresses, [{ id, city: 'Mineola' }]);
    assert.deepEqual(errorOf(await gql(`mutation{updateCustomerAddress(id:${id},input:{city:"X"}){city}}`)), [["The current customer isn't authorized.", 'graphql-authorization']]);
  });

  it('limits depth and complexity as Magento does (20 and 300)', async () => {
    const chain = (ofTypes: number) => `{ __schema { types { fields { type { ${'ofType { '.repeat(ofTypes)}name${' }'.repeat(ofTypes)} } } } } }`;
    assert.equal((await gql(chain(16))).body.errors, undefined);
    const depth = await gql(chain(18));
    assert.equal(depth.status, 200);
    assert.deepEqual(depth.body, { errors: [{ message: 'Max query depth should be 20 but got 21.' }] });
    // Magento counts the fields written in the document first, and refuses the request outright.
    const written = await gql(`{ ${Array.from({ length: 151 }, (_, i) => `f${i}: storeConfig { store_code }`).join(' ')} }`);
    assert.deepEqual([written.status, written.body], [500, { errors: [{ message: 'Max query complexity should be 300 but got 302.', extensions: { category: 'graphql-input' } }] }]);
    // Fragments spread many times: few fields written, a complexity of 30 × (1 + 10).
    const spread = `{ ${Array.from({ length: 30 }, (_, i) => `f${i}: storeConfig { ...S }`).join(' ')} } fragment S on StoreConfig { ${Array.from({ length: 10 }, (_, i) => `c${i}: store_code`).join(' ')} }`;
    const complex = await gql(spread);
    assert.deepEqual([complex.status, complex.body], [200, { errors: [{ message: 'Max query complexity should be 300 but got 330.' }] }]);
  });

  it('serves one account across GraphQL, REST and the storefront, with one lockout and website-scoped tokens', async () => {
    const { email: address, token } = await register();
    const me = await server.request('GET', '/rest/V1/customers/me', { token });
    assert.deepEqual([me.status, me.body.email, me.body.firstname], [200, address, 'Ann']);
    const restToken = (await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: address, password: 'Password1' } })).body;
    assert.equal((await gql('{customer{email}}', { token: restToken })).body.data.customer.email, address);
    const visitor = new Visitor(server.url);
    const page = await visitor.login(address, 'Password1');
    assert.equal(page.status, 303);
    assert.match(page.location ?? '', /\/customer\/account\/$/);
    // A default-website token is a guest's on the us website's store view.
    assert.equal((await gql('{customer{email}}', { token, store: 'us' })).body.errors?.[0].extensions?.category, 'graphql-authorization');
    // Wrong passwords through GraphQL and REST count towards one throttle: the 6th failure locks both doors.
    for (let i = 0; i < 3; i++) await gql(`mutation{generateCustomerToken(email:"${address}",password:"wrong"){token}}`);
    for (let i = 0; i < 3; i++) await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: address, password: 'wrong' } });
    const locked = await gql(`mutation{generateCustomerToken(email:"${address}",password:"Password1"){token}}`);
    assert.deepEqual(errorOf(locked), [[SIGN_IN_FAILED, 'graphql-authentication']]);
    assert.equal((await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: address, password: 'Password1' } })).status, 401);
  });

  it('turns introspection off with graphql/validation/disable_introspection', async () => {
    const query = '{ __schema { queryType { name } } }';
    assert.deepEqual((await gql(query)).body, { data: { __schema: { queryType: { name: 'Query' } } } });
    await server.cli('config:set', 'graphql/validation/disable_introspection', '1');
    const refused = await gql(query);
    assert.equal(refused.body.errors?.[0].message, 'GraphQL introspection is not allowed, but the query contained __schema or __type');
    await server.cli('config:set', 'graphql/validation/disable_introspection', '0');
  });
});
