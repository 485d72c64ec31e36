// Other services trusting Keyfront's tokens (issue 14): asymmetric JWTs checked with `jose`
// against the published key set, rotation and retirement, foreign keys and alg confusion refused.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { after, before, describe, it } from 'node:test';
import { spawnServer, request, startServer, type TestServer } from '../helpers/server.ts';

const ME = '/rest/default/V1/customers/me';

async function login(url: string, email: string): Promise<string> {
  const r = await request(url, 'POST', '/rest/default/V1/integration/customer/token', { body: { username: email, password: 'Password1' } });
  assert.equal(r.status, 200, r.text);
  return r.body;
}
const me = async (url: string, token: string) => (await request(url, 'GET', ME, { token })).status;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('asymmetric JWTs and the published key set', () => {
  let server: TestServer;
  let customerId: number;
  const jwks = () => createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
  const setAlg = async (alg: string) => assert.equal((await server.cli('config:set', 'webapi/jwtauth/jwt_alg', alg)).code, 0);

  before(async () => {
    server = await startServer();
    const r = await server.request('POST', '/rest/default/V1/customers', { body: { customer: { email: 'trust@example.com', firstname: 'T', lastname: 'T' }, password: 'Password1' } });
    assert.equal(r.status, 200, r.text);
    customerId = r.body.id;
    assert.equal((await server.cli('config:set', 'webapi/token/format', 'jwt')).code, 0);
  });
  after(() => server?.close());

  for (const alg of ['RS256', 'ES256', 'EdDSA']) {
    it(`${alg}: verified by jose from /.well-known/jwks.json alone, and works on /me`, async () => {
      await setAlg(alg);
      const token = await login(server.url, 'trust@example.com');
      const header = decodeProtectedHeader(token);
      assert.equal(header.alg, alg);
      assert.deepEqual(Object.keys(header), ['kid', 'alg']);
      const { payload } = await jwtVerify(token, jwks(), { issuer: `${server.url}/`, algorithms: [alg] });
      assert.deepEqual(Object.keys(payload), ['uid', 'utypid', 'iat', 'exp', 'iss']);
      assert.equal(payload.uid, customerId);
      assert.equal(await me(server.url, token), 200);
    });
  }

  it('the key set holds public keys only (kid, alg, use: sig), never an HMAC key, with cache headers', async () => {
    for (const alg of ['HS384', 'HS512']) {
      await setAlg(alg);
      const token = await login(server.url, 'trust@example.com');
      assert.equal(decodeProtectedHeader(token).alg, alg);
      assert.equal(await me(server.url, token), 200);
    }
    const r = await fetch(`${server.url}/.well-known/jwks.json`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^application\/jwk-set\+json/);
    assert.match(r.headers.get('cache-control') ?? '', /max-age=\d+/);
    const set = (await r.json()) as { keys: Array<Record<string, string>> };
    assert.deepEqual(set.keys.map((k) => k.alg).sort(), ['ES256', 'EdDSA', 'RS256']);
    for (const k of set.keys) {
      assert.equal(k.use, 'sig');
      assert.ok(k.kid);
      assert.equal(k.d, undefined, 'a private part was published');
      assert.notEqual(k.kty, 'oct');
    }
    const again = await fetch(`${server.url}/.well-known/jwks.json`, { headers: { 'If-None-Match': r.headers.get('etag')! } });
    assert.equal(again.status, 304);
  });

  it('config:set refuses an unknown algorithm, and Magento\'s JWE ones, with the list of valid values', async () => {
    for (const value of ['RS512', 'A256KW', 'none']) {
      const r = await server.cli('config:set', 'webapi/jwtauth/jwt_alg', value);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /Valid values: HS256, HS384, HS512, RS256, ES256, EdDSA/);
    }
    assert.match((await server.cli('config:set', 'webapi/jwtauth/jwt_alg', 'A256KW')).stderr, /encrypted \(JWE\)/);
    assert.equal((await server.cli('config:show', 'webapi/jwtauth/jwt_alg')).stdout.trim(), 'HS512');
  });

  it('rotation: old and new tokens both verify and work; the old key leaves the set after the longest lifetime', async () => {
    await setAlg('ES256');
    const before = await login(server.url, 'trust@example.com');
    const rotated = await server.cli('jwt:key:rotate');
    assert.equal(rotated.code, 0, rotated.stderr);
    const after = await login(server.url, 'trust@example.com');
    const [oldKid, newKid] = [before, after].map((t) => decodeProtectedHeader(t).kid!);
    assert.notEqual(oldKid, newKid);
    assert.match(rotated.stdout, new RegExp(`New ES256 signing key: ${newKid}`));
    for (const t of [before, after]) {
      assert.equal((await jwtVerify(t, jwks(), { issuer: `${server.url}/` })).payload.uid, customerId);
      assert.equal(await me(server.url, t), 200);
    }
    const list = (await server.cli('jwt:key:list')).stdout;
    assert.match(list, new RegExp(`${oldKid}\\tES256\\tverifying until`));
    assert.match(list, new RegExp(`${newKid}\\tES256\\tsigning`));
    // 61 minutes later (the longest lifetime is the default 60): the old key is gone from the set.
    const later = await spawnServer({ ...server.env, KEYFRONT_CLOCK_OFFSET_SECONDS: String(61 * 60) });
    try {
      const kids = ((await (await fetch(`${later.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
      assert.ok(!kids.includes(oldKid) && kids.includes(newKid), kids.join());
    } finally {
      later.child.kill('SIGTERM');
    }
  });

  it('jwt:key:retire ends a key at once: its tokens are refused, others keep working', async () => {
    await setAlg('RS256');
    const doomed = await login(server.url, 'trust@example.com');
    const kid = decodeProtectedHeader(doomed).kid!;
    assert.equal((await server.cli('jwt:key:retire', kid)).code, 0);
    assert.equal(await me(server.url, doomed), 401);
    const kids = ((await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
    assert.ok(!kids.includes(kid));
    // The next RS256 token gets a new key.
    const fresh = await login(server.url, 'trust@example.com');
    assert.notEqual(decodeProtectedHeader(fresh).kid, kid);
    assert.equal(await me(server.url, fresh), 200);
    const unknown = await server.cli('jwt:key:retire', 'no-such-kid');
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /No such entity with kid = no-such-kid/);
  });

  it('a token signed by a foreign key is refused, under a live kid or an unknown one', async () => {
    await setAlg('ES256');
    const real = await login(server.url, 'trust@example.com');
    const { payload } = await jwtVerify(real, jwks());
    const foreign = await generateKeyPair('ES256');
    for (const kid of [decodeProtectedHeader(real).kid!, 'someone-else']) {
      const forged = await new SignJWT(payload).setProtectedHeader({ kid, alg: 'ES256' }).sign(foreign.privateKey);
      assert.equal(await me(server.url, forged), 401);
    }
  });

  it('alg confusion: the RS256 public key used as an HS256 secret is refused', async () => {
    await setAlg('RS256');
    const real = await login(server.url, 'trust@example.com');
    const kid = decodeProtectedHeader(real).kid!;
    const jwk = ((await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, string>> }).keys.find((k) => k.kid === kid)!;
    const payload = real.split('.')[1];
    const { createPublicKey } = await import('node:crypto');
    const pem = createPublicKey({ key: jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    for (const secret of [JSON.stringify(jwk), String(pem), jwk.n]) {
      const input = `${b64({ kid, alg: 'HS256' })}.${payload}`;
      assert.equal(await me(server.url, `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`), 401);
    }
    const none = `${b64({ kid, alg: 'none' })}.${payload}.`;
    assert.equal(await me(server.url, none), 401);
    assert.equal(await me(server.url, real), 200);
  });

  it('HS256 tokens with kid "1" from before the switch keep working', async () => {
    await setAlg('HS256');
    const legacy = await login(server.url, 'trust@example.com');
    assert.deepEqual(decodeProtectedHeader(legacy), { kid: '1', alg: 'HS256' });
    await setAlg('EdDSA');
    assert.equal(await me(server.url, legacy), 200);
    assert.ok((await server.cli('jwt:key:list')).stdout.includes('1\tHS256\tsigning'));
  });
});
