// Integrations: CLI lifecycle, OAuth 1.0a signed requests (signed by the independent `oauth-1.0a`
// library), nonce replay across processes, timestamp window, Bearer use behind its config flag.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/db/database.ts';
import { createIntegration, oauthHeader, rawRequest, signedRequest, type IntegrationCredentials } from '../helpers/oauth.ts';
import { spawnServer, startServer, type TestServer } from '../helpers/server.ts';

const NOT_AUTHORIZED = "The consumer isn't authorized to access %resources.";
const STORE_REFUSED = { message: NOT_AUTHORIZED, parameters: { resources: 'Magento_Backend::store' } };
const WEBSITES = '/rest/default/V1/store/websites';

describe('integrations', () => {
  let server: TestServer;
  let shop: IntegrationCredentials;

  before(async () => {
    server = await startServer();
    shop = await createIntegration(server.cli, 'shop', '--resource=Magento_Backend::store', '--email=ops@example.com');
  });
  after(() => server?.close());

  it('integration:create --json prints the documented keys, 32 characters each', () => {
    assert.deepEqual(Object.keys(shop), ['id', 'name', 'consumer_key', 'consumer_secret', 'access_token', 'access_token_secret']);
    assert.equal(shop.name, 'shop');
    for (const k of ['consumer_key', 'consumer_secret', 'access_token', 'access_token_secret'] as const) assert.match(shop[k], /^[0-9a-z]{32}$/);
    assert.equal(new Set([shop.consumer_key, shop.consumer_secret, shop.access_token, shop.access_token_secret]).size, 4);
  });

  it('list and show describe it; a duplicate name and a missing resource are refused', async () => {
    const list = await server.cli('integration:list');
    assert.match(list.stdout, /shop\s+active\s+Magento_Backend::store/);
    const show = await server.cli('integration:show', 'shop');
    assert.equal(show.code, 0);
    assert.match(show.stdout, new RegExp(`Consumer Key:\\s+${shop.consumer_key}`));
    assert.match(show.stdout, /Email:\s+ops@example.com/);
    assert.ok(!show.stdout.includes(shop.access_token), 'the access token is not stored, so cannot be shown');
    const dup = await server.cli('integration:create', 'shop', '--all-resources');
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /Integration with name 'shop' exists\./);
    const none = await server.cli('integration:create', 'bare');
    assert.notEqual(none.code, 0);
    const missing = await server.cli('integration:show', 'nope');
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /No such entity with name = nope/);
  });

  for (const method of ['HMAC-SHA1', 'HMAC-SHA256'] as const) {
    it(`a ${method} signed request acts as the integration`, async () => {
      const r = await signedRequest(server.url, shop, 'GET', WEBSITES, { signatureMethod: method });
      assert.equal(r.status, 200, r.text);
      assert.ok(Array.isArray(r.body));
    });
  }

  it('a valid signature in another base64 spelling (same bytes) is refused', async () => {
    const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const url = `${server.url}${WEBSITES}`;
    for (const respell of [
      (sig: string) => sig.replace(/=+$/, ''), // padding left out
      (sig: string) => { const at = sig.indexOf('=') - 1; return sig.slice(0, at) + B64[B64.indexOf(sig[at]) ^ 1] + sig.slice(at + 1); }, // an unused bit set
    ]) {
      const header = oauthHeader(shop, 'GET', url);
      const sig = decodeURIComponent(/oauth_signature="([^"]+)"/.exec(header)![1]);
      const alt = respell(sig);
      assert.notEqual(alt, sig);
      assert.deepEqual(Buffer.from(alt, 'base64'), Buffer.from(sig, 'base64'), 'the same signature bytes');
      const forged = header.replace(/oauth_signature="[^"]+"/, `oauth_signature="${encodeURIComponent(alt)}"`);
      assert.deepEqual((await rawRequest(url, 'GET', { Authorization: forged })).body, STORE_REFUSED);
      assert.equal((await rawRequest(url, 'GET', { Authorization: header })).status, 200); // the canonical one, nonce unused so far
    }
  });

  it('query parameters are part of the signature', async () => {
    const path = '/rest/default/V1/store/storeConfigs?storeCodes[]=default';
    const ok = await signedRequest(server.url, shop, 'GET', path);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.length, 1);
    // Signed for one query, sent with another.
    const header = oauthHeader(shop, 'GET', `${server.url}${path}`);
    const tampered = await rawRequest(`${server.url}/rest/default/V1/store/storeConfigs?storeCodes[]=admin`, 'GET', { Authorization: header });
    assert.deepEqual(tampered.body, STORE_REFUSED);
  });

  it('form body parameters are part of the signature', async () => {
    const manager = await createIntegration(server.cli, 'manager', '--resource=Magento_Customer::manage');
    const url = `${server.url}/rest/default/V1/keyfront/customers/1/tokens/revoke`;
    const data = { storeCodes: 'default' };
    const header = oauthHeader(manager, 'POST', url, { data });
    const form = { Authorization: header, 'Content-Type': 'application/x-www-form-urlencoded' };
    // Authenticated, then refused for its media type (Magento's REST reads JSON only): not a 401.
    const signed = await rawRequest(url, 'POST', form, 'storeCodes=default');
    assert.equal(signed.status, 400, signed.text);
    assert.match(signed.body.message, /Content-Type/);
    const altered = await rawRequest(url, 'POST', form, 'storeCodes=admin');
    assert.equal(altered.status, 401, altered.text);
  });

  it('a wrong secret, an unknown consumer or a wrong token is anonymous (401)', async () => {
    for (const creds of [
      { ...shop, consumer_secret: 'x'.repeat(32) },
      { ...shop, access_token_secret: 'x'.repeat(32) },
      { ...shop, consumer_key: 'y'.repeat(32) },
      { ...shop, access_token: 'z'.repeat(32) },
    ]) {
      const r = await signedRequest(server.url, creds, 'GET', WEBSITES);
      assert.equal(r.status, 401);
      assert.deepEqual(r.body, STORE_REFUSED);
    }
  });

  it('a replayed nonce is refused, also by another process on the same database', async () => {
    const url = `${server.url}${WEBSITES}`;
    const header = oauthHeader(shop, 'GET', url);
    assert.equal((await rawRequest(url, 'GET', { Authorization: header })).status, 200);
    assert.deepEqual((await rawRequest(url, 'GET', { Authorization: header })).body, STORE_REFUSED);

    const second = await spawnServer(server.env);
    try {
      const host = new URL(server.url).host;
      const fresh = oauthHeader(shop, 'GET', url);
      // Same signed request (same Host) sent to the second process: once, then replayed on the first.
      const viaSecond = await rawRequest(`${second.url}${WEBSITES}`, 'GET', { Authorization: fresh, Host: host });
      assert.equal(viaSecond.status, 200, viaSecond.text);
      assert.deepEqual((await rawRequest(url, 'GET', { Authorization: fresh })).body, STORE_REFUSED);
    } finally {
      second.child.kill('SIGTERM');
    }
  });

  it('a timestamp outside the 600 s window is refused', async () => {
    const url = `${server.url}${WEBSITES}`;
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 700, now + 700]) {
      assert.deepEqual((await rawRequest(url, 'GET', { Authorization: oauthHeader(shop, 'GET', url, { timestamp }) })).body, STORE_REFUSED);
    }
    assert.equal((await rawRequest(url, 'GET', { Authorization: oauthHeader(shop, 'GET', url, { timestamp: now - 300 }) })).status, 200);
  });

  it('holds exactly its resources', async () => {
    const r = await signedRequest(server.url, shop, 'GET', '/rest/default/V1/customers/1');
    assert.deepEqual(r.body, { message: NOT_AUTHORIZED, parameters: { resources: 'Magento_Customer::customer' } });
  });

  it('choosing group_id on POST /V1/customers needs Magento_Customer::manage, from integrations too', async () => {
    const customer = (email: string) => ({ customer: { email, firstname: 'G', lastname: 'G', group_id: 2 }, password: 'Password1' });
    const refusedManage = { message: NOT_AUTHORIZED, parameters: { resources: 'Magento_Customer::manage' } };
    assert.deepEqual((await signedRequest(server.url, shop, 'POST', '/rest/default/V1/customers', { body: customer('g1@example.com') })).body, refusedManage);
    const manager = await createIntegration(server.cli, 'group-manager', '--resource=Magento_Customer::manage');
    const ok = await signedRequest(server.url, manager, 'POST', '/rest/default/V1/customers', { body: customer('g2@example.com') });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.group_id, 2);
  });

  it('its token works as Bearer only when oauth/consumer/enable_integration_as_bearer = 1', async () => {
    assert.deepEqual((await server.request('GET', WEBSITES, { token: shop.access_token })).body, STORE_REFUSED);
    assert.equal((await server.cli('config:set', 'oauth/consumer/enable_integration_as_bearer', '1')).code, 0);
    try {
      assert.equal((await server.request('GET', WEBSITES, { token: shop.access_token })).status, 200);
      // The consumer key is not a token.
      assert.equal((await server.request('GET', WEBSITES, { token: shop.consumer_key })).status, 401);
    } finally {
      await server.cli('config:set', 'oauth/consumer/enable_integration_as_bearer', '0');
    }
  });

  it('reauthorize replaces the token and secret; delete ends them', async () => {
    const again = await server.cli('integration:reauthorize', 'shop', '--json');
    assert.equal(again.code, 0, again.stderr);
    const renewed: IntegrationCredentials = JSON.parse(again.stdout);
    assert.equal(renewed.consumer_key, shop.consumer_key);
    assert.equal(renewed.consumer_secret, shop.consumer_secret);
    assert.notEqual(renewed.access_token, shop.access_token);
    assert.deepEqual((await signedRequest(server.url, shop, 'GET', WEBSITES)).body, STORE_REFUSED);
    assert.equal((await signedRequest(server.url, renewed, 'GET', WEBSITES)).status, 200);
    const deleted = await server.cli('integration:delete', 'shop');
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.deepEqual((await signedRequest(server.url, renewed, 'GET', WEBSITES)).body, STORE_REFUSED);
    assert.doesNotMatch((await server.cli('integration:list')).stdout, /shop/);
  });
});

describe('integration tokens never expire', () => {
  it('still work with the clock a year ahead, and keep working across a restart (secrets stay readable)', async () => {
    const first = await startServer();
    try {
      const creds = await createIntegration(first.cli, 'forever', '--all-resources');
      await first.cli('config:set', 'oauth/consumer/enable_integration_as_bearer', '1');
      await first.stop();
      const later = await startServer({ env: { ...first.env, KEYFRONT_CLOCK_OFFSET_SECONDS: String(365 * 24 * 3600) } as Record<string, string>, database: { url: first.databaseUrl, drop: async () => {} } });
      try {
        assert.equal((await later.request('GET', WEBSITES, { token: creds.access_token })).status, 200);
        const ts = Math.floor(Date.now() / 1000) + 365 * 24 * 3600;
        const url = `${later.url}${WEBSITES}`;
        assert.equal((await rawRequest(url, 'GET', { Authorization: oauthHeader(creds, 'GET', url, { timestamp: ts }) })).status, 200);
      } finally {
        await later.stop();
      }
    } finally {
      await first.close();
    }
  });
});

describe('used nonces', () => {
  it('are kept in the database and removed by the cleanup once outside the window', async () => {
    const server = await startServer();
    const database = await openDatabase(server.databaseUrl, { poolSize: 1 });
    try {
      const creds = await createIntegration(server.cli, 'nonces', '--all-resources');
      for (let i = 0; i < 3; i++) assert.equal((await signedRequest(server.url, creds, 'GET', WEBSITES)).status, 200);
      const rows = async () => Number((await database.db.selectFrom('oauth_nonce').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      assert.equal(await rows(), 3);
      await server.stop();
      const later = await startServer({
        env: { ...server.env, KEYFRONT_CLOCK_OFFSET_SECONDS: '1200', KEYFRONT_CLEANUP_INTERVAL_MS: '1000' },
        database: { url: server.databaseUrl, drop: async () => {} },
      });
      try {
        for (let i = 0; i < 100 && (await rows()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
        assert.equal(await rows(), 0);
      } finally {
        await later.stop();
      }
    } finally {
      await database.close();
      await server.close();
    }
  });
});

describe('logs', () => {
  it('never contain tokens, secrets, signatures or passwords, even at debug level with request logging', async () => {
    const server = await startServer();
    try {
      const creds = await createIntegration(server.cli, 'logged', '--all-resources');
      await server.cli('config:set', 'oauth/consumer/enable_integration_as_bearer', '1');
      const verbose = await spawnServer({ ...server.env, LOG_LEVEL: 'trace', KEYFRONT_LOG_REQUESTS: '1' });
      let stderr = '';
      verbose.child.stderr!.on('data', (d: Buffer) => (stderr += d));
      try {
        const header = oauthHeader(creds, 'GET', `${verbose.url}${WEBSITES}?probe=1`);
        assert.equal((await rawRequest(`${verbose.url}${WEBSITES}?probe=1`, 'GET', { Authorization: header })).status, 200);
        assert.equal((await rawRequest(`${verbose.url}${WEBSITES}`, 'GET', { Authorization: `Bearer ${creds.access_token}` })).status, 200);
        await rawRequest(`${verbose.url}/rest/default/V1/integration/customer/token`, 'POST', { 'Content-Type': 'application/json' }, JSON.stringify({ username: 'x@example.com', password: 'Secret-Pass-123' }));
        await new Promise((r) => setTimeout(r, 300));
        assert.ok(stderr.length > 0, 'request logging produced nothing: the test would prove nothing');
        const signature = /oauth_signature="([^"]+)"/.exec(header)![1];
        for (const secret of [creds.access_token, creds.access_token_secret, creds.consumer_secret, decodeURIComponent(signature), signature, 'Secret-Pass-123']) {
          assert.ok(!stderr.includes(secret), `a secret reached the log: ${secret.slice(0, 6)}…`);
        }
      } finally {
        verbose.child.kill('SIGTERM');
      }
    } finally {
      await server.close();
    }
  });
});
