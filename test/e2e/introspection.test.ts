// RFC 7662 introspection (clients: integrations holding Keyfront::introspect) and the gateway
// check GET /auth/verify, for opaque tokens and JWTs, on every database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createIntegration, type IntegrationCredentials } from '../helpers/oauth.ts';
import { ADMIN, adminToken, request, spawnServer, startServer, type TestServer } from '../helpers/server.ts';

const INTROSPECT = '/oauth2/introspect';
const REFUSED = { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Keyfront::introspect' } };
const basic = (c: Pick<IntegrationCredentials, 'consumer_key' | 'consumer_secret'>) => `Basic ${Buffer.from(`${c.consumer_key}:${c.consumer_secret}`).toString('base64')}`;

async function introspect(url: string, authorization: string | null, token: string, contentType = 'application/x-www-form-urlencoded') {
  const headers: Record<string, string> = { 'Content-Type': contentType };
  if (authorization) headers.Authorization = authorization;
  return request(url, 'POST', INTROSPECT, { headers, body: `token=${encodeURIComponent(token)}`, raw: true });
}

async function login(url: string, email: string): Promise<string> {
  const r = await request(url, 'POST', '/rest/default/V1/integration/customer/token', { body: { username: email, password: 'Password1' } });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

describe('introspection and the gateway check', () => {
  let server: TestServer;
  let client: IntegrationCredentials;
  let customerId: number;

  before(async () => {
    server = await startServer();
    client = await createIntegration(server.cli, 'gateway', '--resource=Keyfront::introspect');
    const admin = await adminToken(server);
    const r = await server.request('POST', '/rest/default/V1/customers', { token: admin, body: { customer: { email: 'intro@example.com', firstname: 'I', lastname: 'I', group_id: 2 }, password: 'Password1' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.group_id, 2);
    customerId = r.body.id;
  });
  after(() => server?.close());

  it('an opaque customer token is active, with sub, iat, exp, website_id, store_id, iss', async () => {
    const token = await login(server.url, 'intro@example.com');
    const r = await introspect(server.url, basic(client), token);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.deepEqual(Object.keys(r.body), ['active', 'token_type', 'sub', 'iat', 'exp', 'website_id', 'store_id', 'iss']);
    assert.equal(r.body.active, true);
    assert.equal(r.body.token_type, 'customer');
    assert.equal(r.body.sub, String(customerId));
    assert.equal(r.body.exp - r.body.iat, 3600);
    assert.equal(r.body.website_id, 1);
    assert.equal(r.body.store_id, 1);
    assert.equal(r.body.iss, `${server.url}/`);
  });

  it('an admin token is active as token_type admin', async () => {
    const token = (await server.request('POST', '/rest/V1/integration/admin/token', { body: ADMIN })).body as string;
    const r = await introspect(server.url, basic(client), token);
    assert.equal(r.body.active, true);
    assert.equal(r.body.token_type, 'admin');
    assert.equal(r.body.exp - r.body.iat, 4 * 3600);
  });

  it('a JWT is active with its own iss and exp; revoked, expired and unknown tokens are {"active":false}', async () => {
    await server.cli('config:set', 'webapi/token/format', 'jwt');
    await server.cli('config:set', 'webapi/jwtauth/jwt_alg', 'ES256');
    try {
      const jwt = await login(server.url, 'intro@example.com');
      const live = await introspect(server.url, basic(client), jwt);
      assert.equal(live.body.active, true);
      assert.equal(live.body.sub, String(customerId));
      assert.equal(live.body.exp - live.body.iat, 3600);
      // Expired: the same token seen by a process whose clock is 61 minutes ahead.
      const later = await spawnServer({ ...server.env, KEYFRONT_CLOCK_OFFSET_SECONDS: String(61 * 60) });
      try {
        assert.deepEqual((await introspect(later.url, basic(client), jwt)).body, { active: false });
      } finally {
        later.child.kill('SIGTERM');
      }
      for (const unknown of ['0123456789abcdefghijklmnopqrstuv', 'x', `${jwt.slice(0, -4)}AAAA`]) {
        assert.deepEqual((await introspect(server.url, basic(client), unknown)).body, { active: false });
      }
      assert.equal((await request(server.url, 'POST', '/rest/default/V1/integration/customer/revoke-customer-token', { token: jwt })).text, 'true');
      assert.deepEqual((await introspect(server.url, basic(client), jwt)).body, { active: false });
    } finally {
      await server.cli('config:set', 'webapi/token/format', 'opaque');
    }
  });

  it('a revoked opaque token is inactive', async () => {
    const token = await login(server.url, 'intro@example.com');
    assert.equal((await introspect(server.url, basic(client), token)).body.active, true);
    await request(server.url, 'POST', '/rest/default/V1/integration/customer/revoke-customer-token', { token });
    assert.deepEqual((await introspect(server.url, basic(client), token)).body, { active: false });
  });

  it('wrong, missing or non-canonical client credentials, and an integration without the resource, get 401', async () => {
    const token = await login(server.url, 'intro@example.com');
    const other = await createIntegration(server.cli, 'no-introspect', '--resource=Magento_Customer::customer');
    const canonical = Buffer.from(`${client.consumer_key}:${client.consumer_secret}`).toString('base64');
    // 65 bytes: base64 ends in one "=" and its last letter carries 2 unused bits.
    const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    assert.match(canonical, /[^=]=$/);
    const respelled = canonical.slice(0, -2) + B64[B64.indexOf(canonical.at(-2)!) ^ 1] + '=';
    assert.deepEqual(Buffer.from(respelled, 'base64'), Buffer.from(canonical, 'base64'));
    for (const auth of [null, basic({ ...client, consumer_secret: 'wrong' }), basic({ ...client, consumer_key: 'x'.repeat(32) }), basic(other), `Basic ${respelled}`, `Bearer ${token}`]) {
      const r = await introspect(server.url, auth, token);
      assert.equal(r.status, 401, String(auth));
      assert.deepEqual(r.body, REFUSED);
      assert.match(r.headers.get('www-authenticate') ?? '', /^Basic /);
    }
  });

  it('a missing token or a non-form body is a 400 in Magento\'s shape', async () => {
    const empty = await request(server.url, 'POST', INTROSPECT, { headers: { Authorization: basic(client), 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'nothing=1', raw: true });
    assert.equal(empty.status, 400);
    assert.deepEqual(empty.body, { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'token' } });
    const json = await introspect(server.url, basic(client), 'x', 'application/json');
    assert.equal(json.status, 400);
    assert.match(json.body.message, /Content-Type/);
  });

  it('GET /auth/verify: 204 with the customer\'s id, website and group for a live customer token', async () => {
    const token = await login(server.url, 'intro@example.com');
    for (const [method, path] of [['GET', '/auth/verify'], ['POST', '/auth/verify'], ['GET', '/auth/verify/orders/17']]) {
      const r = await request(server.url, method, path, { token });
      assert.equal(r.status, 204, `${method} ${path}`);
      assert.equal(r.headers.get('x-customer-id'), String(customerId));
      assert.equal(r.headers.get('x-customer-website-id'), '1');
      assert.equal(r.headers.get('x-customer-group-id'), '2');
    }
  });

  it('GET /auth/verify: 401 with a Magento body for no, unknown, revoked or admin tokens', async () => {
    const token = await login(server.url, 'intro@example.com');
    await request(server.url, 'POST', '/rest/default/V1/integration/customer/revoke-customer-token', { token });
    const admin = (await server.request('POST', '/rest/V1/integration/admin/token', { body: ADMIN })).body as string;
    for (const t of [undefined, 'nope', token, admin]) {
      const r = await request(server.url, 'GET', '/auth/verify', { token: t });
      assert.equal(r.status, 401);
      assert.deepEqual(r.body, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'self' } });
      assert.equal(r.headers.get('x-customer-id'), null);
    }
  });

  it('failed client authentications are rate-limited per address (429 after 10 a minute)', async () => {
    // A process of its own: the limit then holds for every client from this address for a minute.
    const own = await spawnServer(server.env);
    try {
      const token = await login(own.url, 'intro@example.com');
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await introspect(own.url, basic({ ...client, consumer_secret: `bad${i}` }), token)).status);
      assert.deepEqual(statuses, [...Array(10).fill(401), 429, 429]);
      const blocked = await introspect(own.url, basic(client), token);
      assert.equal(blocked.status, 429);
      assert.deepEqual(blocked.body, { message: 'Too many requests. Please try again later.' });
    } finally {
      own.child.kill('SIGTERM');
    }
  });
});
