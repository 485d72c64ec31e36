// JWT mode (webapi/token/format = jwt): Magento 2.4.4-style tokens, checked with `jose` (an
// independent implementation), revocation by "revoked before" across processes, key handling.
import assert from 'node:assert/strict';
import { hkdfSync } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { after, before, describe, it } from 'node:test';
import { flipByte, otherSpelling } from '../helpers/base64.ts';
import { ADMIN, adminToken, request, spawnServer, startServer, type TestServer } from '../helpers/server.ts';

const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
const jwtKey = new Uint8Array(hkdfSync('sha256', Buffer.from(SECRET), Buffer.alloc(0), 'keyfront:jwt-hs256', 32));
const REVOKE = '/rest/default/V1/integration/customer/revoke-customer-token';

async function createCustomer(server: TestServer, email: string): Promise<number> {
  const r = await server.request('POST', '/rest/default/V1/customers', { body: { customer: { email, firstname: 'J', lastname: 'J' }, password: 'Password1' } });
  assert.equal(r.status, 200, r.text);
  return r.body.id;
}

async function login(url: string, email: string): Promise<string> {
  const r = await request(url, 'POST', '/rest/default/V1/integration/customer/token', { body: { username: email, password: 'Password1' } });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

const me = async (url: string, token: string) => (await request(url, 'GET', '/rest/default/V1/customers/me', { token })).status;

describe('JWT mode', () => {
  let server: TestServer;
  let customerId: number;
  let opaque: string;

  before(async () => {
    server = await startServer({ env: { KEYFRONT_SECRET: SECRET } });
    customerId = await createCustomer(server, 'jwt@example.com');
    opaque = await login(server.url, 'jwt@example.com');
    await adminToken(server);
    assert.equal((await server.cli('config:set', 'webapi/token/format', 'jwt')).code, 0);
  });
  after(() => server?.close());

  it('issues HS256 tokens with kid "1" and the claims uid, utypid 3, iat, exp (+60 min), iss', async () => {
    const token = await login(server.url, 'jwt@example.com');
    assert.match(token, /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    assert.deepEqual(decodeProtectedHeader(token), { kid: '1', alg: 'HS256' });
    const { payload } = await jwtVerify(token, jwtKey, { algorithms: ['HS256'] });
    assert.deepEqual(Object.keys(payload), ['uid', 'utypid', 'iat', 'exp', 'iss']);
    assert.equal(payload.iss, `${server.url}/`); // the store's web/unsecure/base_url: by default, where the server listens
    assert.equal(payload.uid, customerId);
    assert.equal(payload.utypid, 3);
    assert.equal(payload.exp! - payload.iat!, 3600);
    assert.equal(await me(server.url, token), 200);
  });

  it('admin tokens carry utypid 2 and webapi/jwtauth/admin_expiration', async () => {
    await server.cli('config:set', 'webapi/jwtauth/admin_expiration', '5');
    const token = (await server.request('POST', '/rest/default/V1/integration/admin/token', { body: ADMIN })).body as string;
    const { payload } = await jwtVerify(token, jwtKey);
    assert.equal(payload.utypid, 2);
    assert.equal(payload.exp! - payload.iat!, 300);
    assert.equal((await server.request('GET', '/rest/default/V1/store/websites', { token })).status, 200);
  });

  it('opaque tokens issued before the switch keep working', async () => {
    assert.match(opaque, /^[0-9a-z]{32}$/);
    assert.equal(await me(server.url, opaque), 200);
  });

  it('a tampered or unsigned token is anonymous', async () => {
    const token = await login(server.url, 'jwt@example.com');
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, uid: claims.uid + 1 })).toString('base64url');
    assert.equal(await me(server.url, `${h}.${forged}.${s}`), 401);
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: '1' })).toString('base64url');
    assert.equal(await me(server.url, `${none}.${p}.`), 401);
    // A changed signature byte (not changed text: text can decode to the same bytes).
    assert.equal(await me(server.url, `${h}.${p}.${flipByte(s)}`), 401);
    assert.equal(await me(server.url, `${h}.${p}.${flipByte(s, 31)}`), 401);
  });

  it('a valid signature in a non-canonical spelling is refused (one token, one string)', async () => {
    const token = await login(server.url, 'jwt@example.com');
    const [h, p, s] = token.split('.');
    const alt = otherSpelling(s);
    assert.deepEqual(Buffer.from(alt, 'base64url'), Buffer.from(s, 'base64url'), 'the same signature bytes');
    assert.equal(await me(server.url, `${h}.${p}.${alt}`), 401);
    assert.equal(await me(server.url, otherSpelling(h) + token.slice(h.length)), 401);
    assert.equal(await me(server.url, token), 200);
  });

  it('a revocation is refused at once on every process; a token issued right after works', async () => {
    const second = await spawnServer(server.env);
    try {
      const t1 = await login(server.url, 'jwt@example.com');
      const t2 = await login(second.url, 'jwt@example.com');
      assert.equal(await me(second.url, t1), 200);
      assert.equal((await request(second.url, 'POST', REVOKE, { token: t2 })).text, 'true');
      for (const url of [server.url, second.url]) for (const t of [t1, t2]) assert.equal(await me(url, t), 401);
      // Likely the same second as the revoke: Magento would let tokens of that second survive the
      // revocation; Keyfront refuses them all and dates a new token after the revocation instead.
      const t3 = await login(server.url, 'jwt@example.com');
      assert.equal(await me(second.url, t3), 200);
      // The opaque token from before the switch ended too.
      assert.equal(await me(server.url, opaque), 401);
    } finally {
      second.child.kill('SIGTERM');
    }
  });

  it('an expired JWT is refused', async () => {
    await server.cli('config:set', 'webapi/jwtauth/customer_expiration', '1');
    const token = await login(server.url, 'jwt@example.com');
    const later = await spawnServer({ ...server.env, KEYFRONT_CLOCK_OFFSET_SECONDS: '61' });
    try {
      assert.equal(await me(later.url, token), 401);
    } finally {
      later.child.kill('SIGTERM');
    }
    assert.equal(await me(server.url, token), 200);
  });

  it('the admin revoke route ends a customer\'s JWTs too', async () => {
    const token = await login(server.url, 'jwt@example.com');
    const admin = (await server.request('POST', '/rest/default/V1/integration/admin/token', { body: ADMIN })).body as string;
    assert.equal((await server.request('POST', `/rest/default/V1/keyfront/customers/${customerId}/tokens/revoke`, { token: admin })).text, 'true');
    assert.equal(await me(server.url, token), 401);
  });
});

describe('JWT key without KEYFRONT_SECRET', () => {
  it('is generated once, stored, and shared by every process and restart (and is not a constant in code)', async () => {
    const server = await startServer();
    try {
      await createCustomer(server, 'gen@example.com');
      await server.cli('config:set', 'webapi/token/format', 'jwt');
      const token = await login(server.url, 'gen@example.com');
      await assert.rejects(jwtVerify(token, jwtKey));
      const second = await spawnServer(server.env);
      try {
        assert.equal(await me(second.url, token), 200);
      } finally {
        second.child.kill('SIGTERM');
      }
      // Another database generates another key: its tokens mean nothing here.
      const other = await startServer();
      try {
        await createCustomer(other, 'gen@example.com');
        await other.cli('config:set', 'webapi/token/format', 'jwt');
        const foreign = await login(other.url, 'gen@example.com');
        assert.equal(await me(server.url, foreign), 401);
      } finally {
        await other.close();
      }
    } finally {
      await server.close();
    }
  });
});
