// HS256 tokens are one string: the signature is checked in its canonical spelling only, and a
// tampered byte is always refused (no chance involved: the bytes are changed, not the text).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { signJwt, verifyJwt } from '../../src/auth/jwt.ts';
import { isCanonicalBase64url } from '../../src/lib/base64.ts';
import { flipByte, otherSpelling } from '../helpers/base64.ts';

const key = { kid: '1', alg: 'HS256' as const, hmac: Buffer.alloc(32, 7) };
const claims = { uid: 5, utypid: 3, iat: 1_700_000_000, exp: 1_700_003_600 };

describe('JWT signature spelling', () => {
  // Many claims so the signature's last character takes many values, not only the lucky ones.
  let tokens: string[] = [];
  before(async () => {
    tokens = await Promise.all(Array.from({ length: 64 }, (_, i) => signJwt({ ...claims, uid: i + 1 }, key)));
  });

  it('accepts the token as issued', async () => {
    for (const [i, t] of tokens.entries()) assert.equal((await verifyJwt(t, key))?.uid, i + 1);
  });

  it('refuses a non-canonical spelling of a valid signature (same decoded bytes)', async () => {
    for (const t of tokens) {
      const [h, p, s] = t.split('.');
      const alt = otherSpelling(s);
      assert.notEqual(alt, s);
      assert.deepEqual(Buffer.from(alt, 'base64url'), Buffer.from(s, 'base64url'), 'the test must present the same bytes');
      assert.equal(await verifyJwt(`${h}.${p}.${alt}`, key), null);
    }
  });

  it('refuses a non-canonical spelling of the header', async () => {
    const [h, p, s] = tokens[0].split('.');
    const alt = otherSpelling(h); // 25 bytes in 34 characters: the last one has 4 unused bits
    assert.deepEqual(Buffer.from(alt, 'base64url'), Buffer.from(h, 'base64url'));
    assert.equal(await verifyJwt(`${alt}.${p}.${s}`, key), null);
  });

  it('refuses every single flipped signature byte, deterministically', async () => {
    const [h, p, s] = tokens[0].split('.');
    for (let i = 0; i < 32; i++) assert.equal(await verifyJwt(`${h}.${p}.${flipByte(s, i)}`, key), null);
  });

  it('isCanonicalBase64url', () => {
    assert.ok(isCanonicalBase64url('AAAA'));
    assert.ok(isCanonicalBase64url('AQ'));
    assert.equal(isCanonicalBase64url('AR'), false); // same byte as AQ
    assert.equal(isCanonicalBase64url('AQ=='), false); // padding is not base64url
    assert.equal(isCanonicalBase64url('A+/B'), false);
  });
});

describe('asymmetric JWTs (signed and checked through jose)', () => {
  for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
    it(`${alg}: verifies with the public key only; a flipped byte, another spelling, another kid or alg is refused`, async () => {
      const pair = await generateKeyPair(alg, { extractable: true });
      const signer = { kid: 'k1', alg, key: pair.privateKey as CryptoKey };
      const verifier = { kid: 'k1', alg, key: pair.publicKey as CryptoKey };
      const token = await signJwt({ ...claims, iss: 'http://shop.test/' }, signer);
      assert.deepEqual(decodeProtectedHeader(token), { kid: 'k1', alg });
      assert.deepEqual(await verifyJwt(token, verifier), { ...claims, iss: 'http://shop.test/' });
      // An independent check: jose's own JWT verification with the public key.
      assert.equal((await jwtVerify(token, pair.publicKey, { issuer: 'http://shop.test/', currentDate: new Date(claims.iat * 1000) })).payload.uid, claims.uid);
      const [h, p, s] = token.split('.');
      assert.equal(await verifyJwt(`${h}.${p}.${flipByte(s, 5)}`, verifier), null);
      const alt = otherSpelling(s);
      assert.deepEqual(Buffer.from(alt, 'base64url'), Buffer.from(s, 'base64url')); // 256 or 64 bytes: the last character has 4 unused bits
      assert.equal(await verifyJwt(`${h}.${p}.${alt}`, verifier), null);
      assert.equal(await verifyJwt(token, { ...verifier, kid: 'k2' }), null);
      const other = await generateKeyPair(alg);
      assert.equal(await verifyJwt(token, { ...verifier, key: other.publicKey as CryptoKey }), null);
    });
  }

  it('alg confusion: an HS256 token whose secret is the RS256 public key is refused by that key', async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    const publicJwk = JSON.stringify(await exportJWK(pair.publicKey));
    const forged = await signJwt(claims, { kid: 'k1', alg: 'HS256', hmac: Buffer.from(publicJwk) });
    assert.equal(await verifyJwt(forged, { kid: 'k1', alg: 'RS256', key: pair.publicKey as CryptoKey }), null);
  });
});
