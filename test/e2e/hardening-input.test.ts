// Issue 10, items 6-10: hostile input is answered at the door in Magento's shapes (never a 5xx),
// Magento's web API input limits are on, API answers are not cached or sniffed, CORS is off
// unless configured, and a trusted proxy's https makes cookies Secure and pages send HSTS.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { address } from '../helpers/customers.ts';
import { adminToken, startServer, type TestServer } from '../helpers/server.ts';

const INVALID = 'Invalid value of "%value" provided for the %fieldName field.';

/** A raw HTTP request (fetch refuses some of what a hostile client sends). */
function raw(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET', headers, insecureHTTPParser: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('hostile input at the REST door', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startServer();
    admin = await adminToken(server);
  });
  after(() => server?.close());

  it('a NUL byte in any string is a 400 input error, never a 500', async () => {
    const token = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'a\u0000@example.com', password: 'Password1' } });
    assert.equal(token.status, 400, token.text);
    assert.equal(token.body.message, INVALID);
    assert.equal(token.body.parameters.fieldName, 'username');
    const create = await server.request('POST', '/rest/V1/customers', { token: admin, body: { customer: { email: 'nul@example.com', firstname: 'N\u0000l', lastname: 'L' } } });
    assert.equal(create.status, 400, create.text);
    assert.equal(create.body.parameters.fieldName, 'firstname');
    const search = await server.request('GET', '/rest/V1/customers/search?searchCriteria[filter_groups][0][filters][0][field]=email&searchCriteria[filter_groups][0][filters][0][value]=a%00b', { token: admin });
    assert.equal(search.status, 400, search.text);
  });

  it('integers out of the 32-bit range and non-finite numbers are 400', async () => {
    for (const id of ['2147483648', '-2147483649', '1e309', '99999999999999999999']) {
      const r = await server.request('GET', `/rest/V1/customers/${id}`, { token: admin });
      assert.equal(r.status, 400, `${id}: ${r.text}`);
      assert.deepEqual(r.body, { message: INVALID, parameters: { value: id, fieldName: 'customerId' } });
    }
    const group = await server.request('POST', '/rest/V1/customers', { token: admin, body: { customer: { email: 'big@example.com', firstname: 'B', lastname: 'G', group_id: 2147483648 } } });
    assert.equal(group.status, 400, group.text);
    assert.deepEqual(group.body, { message: INVALID, parameters: { value: '2147483648', fieldName: 'group_id' } });
    const huge = await server.request('GET', '/rest/V1/customers/search?searchCriteria[pageSize]=99999999999999999999', { token: admin });
    assert.equal(huge.status, 400, huge.text);
  });

  it("Magento's web API input limits are on: page size at most 300, 20 by default, at most 20 objects per list", async () => {
    const big = await server.request('GET', '/rest/V1/customers/search?searchCriteria[pageSize]=200000', { token: admin });
    assert.equal(big.status, 400, big.text);
    assert.deepEqual(big.body, { message: 'Maximum SearchCriteria pageSize is %max', parameters: { max: 300 } });
    const ok = await server.request('GET', '/rest/V1/customers/search?searchCriteria[pageSize]=300', { token: admin });
    assert.equal(ok.status, 200, ok.text);
    const unpaged = await server.request('GET', '/rest/V1/customers/search?searchCriteria[currentPage]=1', { token: admin });
    assert.equal(unpaged.status, 200, unpaged.text);
    assert.equal(unpaged.body.search_criteria.page_size, 20);
    const many = await server.request('POST', '/rest/V1/customers', {
      token: admin,
      body: { customer: { email: 'many@example.com', firstname: 'M', lastname: 'A', addresses: Array.from({ length: 21 }, () => address()) } },
    });
    assert.equal(many.status, 400, many.text);
    assert.deepEqual(many.body, { message: 'Maximum items of type "%type" is %max', parameters: { type: 'Magento\\Customer\\Api\\Data\\AddressInterface', max: 20 } });
    // Off, as Magento ships them: the same requests pass.
    assert.equal((await server.cli('config:set', 'webapi/validation/input_limit_enabled', '0')).code, 0);
    try {
      assert.equal((await server.request('GET', '/rest/V1/customers/search?searchCriteria[pageSize]=301', { token: admin })).status, 200);
    } finally {
      await server.cli('config:set', 'webapi/validation/input_limit_enabled', '1');
    }
  });

  it("framework refusals answer in Magento's shape for the API and in HTML for pages", async () => {
    const badUrl = await raw(server.url, '/rest/default/V1/customers/%FF');
    assert.equal(badUrl.status, 400);
    assert.deepEqual(JSON.parse(badUrl.body), { message: 'Bad request.' });
    const badPage = await raw(server.url, '/customer/%FF');
    assert.equal(badPage.status, 400);
    assert.match(String(badPage.headers['content-type']), /text\/html/);
    const longParam = await raw(server.url, `/rest/V1/customers/${'1'.repeat(600)}`);
    assert.equal(longParam.status, 414);
    assert.deepEqual(JSON.parse(longParam.body), { message: 'URI Too Long.' });
    const bigHeader = await raw(server.url, '/rest/V1/customers/me', { 'x-big': 'a'.repeat(20_000) });
    assert.equal(bigHeader.status, 431);
    assert.deepEqual(JSON.parse(bigHeader.body), { message: 'Request Header Fields Too Large.' });
    const bigHeaderPage = await raw(server.url, '/customer/account/login', { 'x-big': 'a'.repeat(20_000) });
    assert.equal(bigHeaderPage.status, 431);
    assert.match(bigHeaderPage.body, /^<!doctype html>/);
    for (const r of [badUrl, badPage, longParam, bigHeader]) assert.doesNotMatch(r.body, /FST_ERR|statusCode/);
  });

  it('a NUL byte in a storefront form is a 400 page, never a 500', async () => {
    const r = await fetch(`${server.url}/customer/account/loginPost/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'login%5Busername%5D=a%00%40example.com&login%5Bpassword%5D=x',
      redirect: 'manual',
    });
    assert.equal(r.status, 400);
    assert.match(r.headers.get('content-type') ?? '', /text\/html/);
  });

  it('API answers are not cached or sniffed; CORS is off by default', async () => {
    const token = await server.request('POST', '/rest/V1/integration/admin/token', { body: { username: 'admin', password: '123123q' }, headers: { Origin: 'https://shop.example.com' } });
    assert.equal(token.status, 200);
    assert.equal(token.headers.get('cache-control'), 'no-store');
    assert.equal(token.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(token.headers.get('access-control-allow-origin'), null);
    const preflight = await server.request('OPTIONS', '/rest/V1/customers/me', { headers: { Origin: 'https://shop.example.com', 'Access-Control-Request-Method': 'GET' } });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  });
});

describe('CORS and a trusted proxy, when configured', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ env: { KEYFRONT_CORS_ORIGINS: 'https://shop.example.com', KEYFRONT_TRUST_PROXY: '127.0.0.1' } });
  });
  after(() => server?.close());

  it('a listed origin gets CORS headers and a preflight answer; another origin does not', async () => {
    const preflight = await server.request('OPTIONS', '/rest/V1/customers/me', { headers: { Origin: 'https://shop.example.com', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://shop.example.com');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    const other = await server.request('OPTIONS', '/rest/V1/customers/me', { headers: { Origin: 'https://evil.example.com', 'Access-Control-Request-Method': 'GET' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    assert.equal(other.status, 400); // Magento's "Request method is invalid."
  });

  it('https from the trusted proxy: Secure cookies and HSTS; plain http: neither', async () => {
    const viaProxy = await fetch(`${server.url}/customer/account/create/`, { headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.7' } });
    assert.equal(viaProxy.status, 200);
    assert.match(viaProxy.headers.get('strict-transport-security') ?? '', /max-age=/);
    assert.ok(viaProxy.headers.getSetCookie().length > 0, 'the form page starts a session');
    for (const cookie of viaProxy.headers.getSetCookie()) assert.match(cookie, /; Secure/);
    const plain = await fetch(`${server.url}/customer/account/create/`);
    assert.equal(plain.headers.get('strict-transport-security'), null);
    for (const cookie of plain.headers.getSetCookie()) assert.doesNotMatch(cookie, /Secure/);
  });
});

describe('a proxy that is not trusted', () => {
  it('is ignored: no HSTS from a forged X-Forwarded-Proto', async () => {
    const server = await startServer();
    try {
      const forged = await fetch(`${server.url}/customer/account/create/`, { headers: { 'X-Forwarded-Proto': 'https' } });
      assert.equal(forged.headers.get('strict-transport-security'), null);
    } finally {
      await server.close();
    }
  });
});
