// Round trips to the database per request, read from /metrics (keyfront_db_statements_total counts
// every statement, BEGIN and COMMIT included). Issue 15: an authenticated read of the signed-in
// customer is one statement (token check, customer and address book together).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCustomerWithTwoAddresses, PASSWORD } from '../helpers/customers.ts';
import { adminToken, startServer, type TestServer } from '../helpers/server.ts';
import { BACKEND } from '../helpers/backend.ts';
import { Visitor } from '../helpers/visitor.ts';
import { queryDb } from '../helpers/db.ts';

let server: TestServer;
let admin: string;

async function statementsSoFar(): Promise<number> {
  const reply = await server.request('GET', '/metrics');
  assert.equal(reply.status, 200);
  const match = /^keyfront_db_statements_total (\d+)$/m.exec(reply.text);
  assert.ok(match, 'keyfront_db_statements_total is in /metrics');
  return Number(match[1]);
}

/**
 * Statements per call of `work`, over `times` calls. Reading /metrics may itself run a statement
 * (the outbox backlog) and the store tree is re-read every few seconds, so the figure is the
 * smallest of three rounds, each corrected by an empty round: background work only ever adds.
 */
async function statementsPer(times: number, work: () => Promise<void>): Promise<number> {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const a = await statementsSoFar();
    const b = await statementsSoFar();
    for (let i = 0; i < times; i++) await work();
    const c = await statementsSoFar();
    best = Math.min(best, (c - b - (b - a)) / times);
  }
  return best;
}

before(async () => {
  server = await startServer({ env: { KEYFRONT_METRICS: '1', KEYFRONT_MAIL_INTERVAL_MS: '3600000' } });
  admin = await adminToken(server);
});
after(async () => server?.close());

// What each database allows (issue 15 asks for at most 3 on PostgreSQL and MariaDB): PostgreSQL
// locks, reads and writes a row in one statement and writes several tables in one (WITH);
// MariaDB 10.11 has neither UPDATE … RETURNING nor data-modifying WITH, so its look-up and count
// is a transaction and the closing writes are one statement each; SQLite runs in the process.
const SIGN_IN_STATEMENTS = { postgres: 3, mysql: 9, sqlite: 9 } as const;

describe('sign-in', () => {
  test(`a customer sign-in (POST /V1/integration/customer/token): ${SIGN_IN_STATEMENTS[BACKEND]} statements on ${BACKEND}`, async () => {
    await createCustomerWithTwoAddresses(server, admin, 'trips-signin@example.com');
    const per = await statementsPer(5, async () => {
      const r = await server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'trips-signin@example.com', password: PASSWORD } });
      assert.equal(r.status, 200);
    });
    assert.equal(per, SIGN_IN_STATEMENTS[BACKEND]);
  });

  test('settings changed by another process apply to the next sign-in (the configuration version is read with the throttle count)', async () => {
    await createCustomerWithTwoAddresses(server, admin, 'trips-config@example.com');
    const signIn = () => server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'trips-config@example.com', password: PASSWORD } });
    assert.match((await signIn()).body, /^[0-9a-z]{32}$/);
    // Another process (the CLI) switches the format: the very next sign-in issues a JWT.
    assert.equal((await server.cli('config:set', 'webapi/token/format', 'jwt')).code, 0);
    try {
      assert.equal((await signIn()).body.split('.').length, 3);
    } finally {
      assert.equal((await server.cli('config:set', 'webapi/token/format', 'opaque')).code, 0);
    }
    assert.match((await signIn()).body, /^[0-9a-z]{32}$/);
    // And the throttle's limit: one allowed failure, then the right password is refused too.
    assert.equal((await server.cli('config:set', 'oauth/authentication_lock/max_failures_count', '1')).code, 0);
    try {
      const wrong = await server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'trips-config@example.com', password: 'Wrong-password1' } });
      assert.equal(wrong.status, 401);
      assert.equal((await signIn()).status, 401);
    } finally {
      assert.equal((await server.cli('config:set', 'oauth/authentication_lock/max_failures_count', '6')).code, 0);
    }
  });

  test('a value changed in core_config_data by hand applies after bin/keyfront cache:flush, as in Magento', async () => {
    await createCustomerWithTwoAddresses(server, admin, 'trips-flush@example.com');
    const signIn = () => server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'trips-flush@example.com', password: PASSWORD } });
    assert.match((await signIn()).body, /^[0-9a-z]{32}$/);
    await queryDb(server.databaseUrl, "DELETE FROM core_config_data WHERE path = 'webapi/token/format'", { write: true });
    await queryDb(server.databaseUrl, "INSERT INTO core_config_data (scope, scope_id, path, value) VALUES ('default', 0, 'webapi/token/format', 'jwt')", { write: true });
    try {
      // The snapshot is current as far as the version says: the hand edit is not seen yet.
      assert.match((await signIn()).body, /^[0-9a-z]{32}$/);
      const flushed = await server.cli('cache:flush');
      assert.equal(flushed.code, 0, flushed.stderr);
      assert.match(flushed.stdout, /config/);
      assert.equal((await signIn()).body.split('.').length, 3);
    } finally {
      assert.equal((await server.cli('config:set', 'webapi/token/format', 'opaque')).code, 0);
    }
  });
});

describe('one round trip per authenticated read', () => {
  test('GET /V1/customers/me with an opaque token: one statement, the same body as by id', async () => {
    const customer = await createCustomerWithTwoAddresses(server, admin, 'trips-rest@example.com');
    const token = (await server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'trips-rest@example.com', password: PASSWORD } })).body;
    const me = await server.request('GET', '/rest/default/V1/customers/me', { token });
    assert.equal(me.status, 200);
    assert.equal(me.body.addresses.length, 2);
    const byId = await server.request('GET', `/rest/default/V1/customers/${customer.id}`, { token: admin });
    assert.deepEqual(me.body, byId.body);
    const per = await statementsPer(10, async () => {
      const r = await server.request('GET', '/rest/default/V1/customers/me', { token });
      assert.equal(r.status, 200);
    });
    assert.equal(per, 1);
  });

  test('GraphQL { customer } with an opaque token: one statement', async () => {
    await createCustomerWithTwoAddresses(server, admin, 'trips-gql@example.com');
    const token = (await server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'trips-gql@example.com', password: PASSWORD } })).body;
    const query = '{ customer { email firstname addresses { city default_billing } } }';
    const first = await server.request('POST', '/graphql', { token, body: { query } });
    assert.equal(first.body.data.customer.email, 'trips-gql@example.com');
    assert.equal(first.body.data.customer.addresses.length, 2);
    const per = await statementsPer(10, async () => {
      const r = await server.request('POST', '/graphql', { token, body: { query } });
      assert.equal(r.body.data.customer.email, 'trips-gql@example.com');
    });
    assert.equal(per, 1);
  });

  test('GET /V1/customers/me with a JWT: one statement (owner, revocation, key and customer together)', async () => {
    await createCustomerWithTwoAddresses(server, admin, 'trips-jwt@example.com');
    const set = await server.cli('config:set', 'webapi/token/format', 'jwt');
    assert.equal(set.code, 0, set.stderr);
    try {
      const token = (await server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'trips-jwt@example.com', password: PASSWORD } })).body;
      assert.equal(token.split('.').length, 3, 'a JWT');
      // The first use reads the key's material once for this process.
      assert.equal((await server.request('GET', '/rest/default/V1/customers/me', { token })).body.email, 'trips-jwt@example.com');
      const per = await statementsPer(10, async () => {
        const r = await server.request('GET', '/rest/default/V1/customers/me', { token });
        assert.equal(r.status, 200);
      });
      assert.equal(per, 1);
      // Retiring the key ends the token at once, though its material is in the process's memory.
      const kid = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid;
      const retired = await server.cli('jwt:key:retire', kid);
      assert.equal(retired.code, 0, retired.stderr);
      assert.equal((await server.request('GET', '/rest/default/V1/customers/me', { token })).status, 401);
    } finally {
      await server.cli('config:set', 'webapi/token/format', 'opaque');
    }
  });

  test("GET /V1/customers/:id with an admin token: the token and the customer in one statement, the admin's role in a second", async () => {
    const customer = await createCustomerWithTwoAddresses(server, admin, 'trips-admin@example.com');
    const first = await server.request('GET', `/rest/default/V1/customers/${customer.id}`, { token: admin });
    assert.deepEqual(first.body, customer);
    const per = await statementsPer(10, async () => {
      const r = await server.request('GET', `/rest/default/V1/customers/${customer.id}`, { token: admin });
      assert.equal(r.status, 200);
    });
    assert.equal(per, 2);
    // Another customer's id reads that customer; an unknown one is Magento's 404.
    const missing = await server.request('GET', '/rest/default/V1/customers/999999', { token: admin });
    assert.equal(missing.status, 404);
  });

  test('a storefront account page: the session and the signed-in customer in one statement', async () => {
    await createCustomerWithTwoAddresses(server, admin, 'trips-page@example.com');
    const visitor = new Visitor(server.url);
    const login = await visitor.login('trips-page@example.com', PASSWORD);
    assert.equal(login.status, 303);
    const page = await visitor.get('/customer/address/');
    assert.equal(page.status, 200);
    assert.match(page.text, /CityX/);
    const signedIn = await statementsPer(5, async () => assert.equal((await visitor.get('/customer/address/')).status, 200));
    // Two settings read at use (web/cookie/cookie_lifetime, general/store_information/name), and
    // the session with its customer and the address book (four when they were read apart).
    assert.equal(signedIn, 3);
  });

  test('a change is seen by the next read (nothing is cached between requests)', async () => {
    await createCustomerWithTwoAddresses(server, admin, 'trips-fresh@example.com');
    const token = (await server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'trips-fresh@example.com', password: PASSWORD } })).body;
    const me = (await server.request('GET', '/rest/default/V1/customers/me', { token })).body;
    const saved = await server.request('PUT', '/rest/default/V1/customers/me', { token, body: { customer: { ...me, firstname: 'Renamed', addresses: [me.addresses[0]] } } });
    assert.equal(saved.status, 200, saved.text);
    const again = await server.request('GET', '/rest/default/V1/customers/me', { token });
    assert.equal(again.body.firstname, 'Renamed');
    assert.equal(again.body.addresses.length, 1);
    const gone = await server.request('DELETE', `/rest/default/V1/customers/${me.id}`, { token: admin });
    assert.equal(gone.status, 200);
    assert.equal((await server.request('GET', '/rest/default/V1/customers/me', { token })).status, 401);
  });
});
