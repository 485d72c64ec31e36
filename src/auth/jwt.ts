// Magento 2.4.4+ style JWTs (Magento_JwtUserToken): HS256, header {"kid":"1","alg":"HS256"}, claims
// uid, utypid, iat, exp. Done with node:crypto rather than a JWT library: Keyfront signs and reads
// exactly one fixed shape with one algorithm, so the whole job is an HMAC and a constant-time
// compare; a general library would add algorithm negotiation we must then lock down. The tests
// check the tokens with `jose`, an independent implementation.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isCanonicalBase64url } from '../lib/base64.ts';

export interface JwtClaims {
  uid: number;
  utypid: number;
  iat: number;
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ kid: '1', alg: 'HS256' })).toString('base64url');
const SEGMENT = /^[A-Za-z0-9_-]+$/;

export function looksLikeJwt(token: string): boolean {
  return token.length < 4096 && token.split('.').length === 3;
}

export function signJwt(claims: JwtClaims, key: Buffer): string {
  // Claim order as Magento's Issuer sets them.
  const payload = Buffer.from(JSON.stringify({ uid: claims.uid, utypid: claims.utypid, iat: claims.iat, exp: claims.exp })).toString('base64url');
  const input = `${HEADER}.${payload}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

/** The claims of a well-signed HS256 token with integer uid/utypid/iat/exp, else null. Expiry is the caller's. */
export function verifyJwt(token: string, key: Buffer): JwtClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return null;
  const [header, payload, signature] = parts;
  // Compared as text in its canonical spelling: the last character of a 43-character signature
  // has 2 unused bits that a decoder ignores, so comparing decoded bytes would accept 4 spellings
  // of one signature. Header and payload are signed as text, so only their canonical form is read.
  if (!isCanonicalBase64url(header) || !isCanonicalBase64url(payload)) return null;
  const expected = Buffer.from(createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const h = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    if (h?.alg !== 'HS256') return null;
    const c = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const ints = [c?.uid, c?.utypid, c?.iat, c?.exp];
    if (!ints.every((v) => Number.isSafeInteger(v))) return null;
    return { uid: c.uid, utypid: c.utypid, iat: c.iat, exp: c.exp };
  } catch {
    return null;
  }
}
