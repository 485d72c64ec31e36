// HS256 tokens are one string: the signature is checked in its canonical spelling only, and a
// tampered byte is always refused (no chance involved: the bytes are changed, not the text).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signJwt, verifyJwt } from '../../src/auth/jwt.ts';
import { isCanonicalBase64url } from '../../src/lib/base64.ts';
import { flipByte, otherSpelling } from '../helpers/base64.ts';

const key = Buffer.alloc(32, 7);
const claims = { uid: 5, utypid: 3, iat: 1_700_000_000, exp: 1_700_003_600 };

describe('JWT signature spelling', () => {
  // Many claims so the signature's last character takes many values, not only the lucky ones.
  const tokens = Array.from({ length: 64 }, (_, i) => signJwt({ ...claims, uid: i + 1 }, key));

  it('accepts the token as issued', () => {
    for (const t of tokens) assert.deepEqual(verifyJwt(t, key)?.uid, JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString()).uid);
  });

  it('refuses a non-canonical spelling of a valid signature (same decoded bytes)', () => {
    for (const t of tokens) {
      const [h, p, s] = t.split('.');
      const alt = otherSpelling(s);
      assert.notEqual(alt, s);
      assert.deepEqual(Buffer.from(alt, 'base64url'), Buffer.from(s, 'base64url'), 'the test must present the same bytes');
      assert.equal(verifyJwt(`${h}.${p}.${alt}`, key), null);
    }
  });

  it('refuses a non-canonical spelling of the header', () => {
    const [h, p, s] = tokens[0].split('.');
    const alt = otherSpelling(h); // 25 bytes in 34 characters: the last one has 4 unused bits
    assert.deepEqual(Buffer.from(alt, 'base64url'), Buffer.from(h, 'base64url'));
    assert.equal(verifyJwt(`${alt}.${p}.${s}`, key), null);
  });

  it('refuses every single flipped signature byte, deterministically', () => {
    const [h, p, s] = tokens[0].split('.');
    for (let i = 0; i < 32; i++) assert.equal(verifyJwt(`${h}.${p}.${flipByte(s, i)}`, key), null);
  });

  it('isCanonicalBase64url', () => {
    assert.ok(isCanonicalBase64url('AAAA'));
    assert.ok(isCanonicalBase64url('AQ'));
    assert.equal(isCanonicalBase64url('AR'), false); // same byte as AQ
    assert.equal(isCanonicalBase64url('AQ=='), false); // padding is not base64url
    assert.equal(isCanonicalBase64url('A+/B'), false);
  });
});
