// Round trips to the database per request, read from /metrics (keyfront_db_statements_total counts
// every statement, BEGIN and COMMIT included). Issue 15: an authenticated read of the signed-in
// customer is one statement (token check, customer and address book together).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCustomerWithTwoAddresses, PASSWORD } from '../helpers/customers.ts';
import { adminToken, startServer, type TestServer } from '../helpers/server.ts';

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
