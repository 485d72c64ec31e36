// JWTs as Magento 2.4.4+ issues them (Magento_JwtUserToken): header {"kid","alg"}, claims uid,
// utypid, iat, exp, plus `iss` (the store's base URL). Magento signs with an HMAC secret only
// (HS256/384/512); Keyfront can also sign with asymmetric keys (RS256, ES256, EdDSA) so that other
// services verify tokens from the published key set without holding a secret that could mint them.
// HMAC is node:crypto (one hash and a constant-time compare); the asymmetric algorithms go through
// `jose`. The algorithm is never taken from the token: it is the stored key's, found by `kid`.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isCanonicalBase64url } from '../lib/base64.ts';

/**
 * `jose`, loaded on first use: only asymmetric keys need it (making, reading, signing with and
 * verifying them), and Magento's default (opaque tokens, or HS256 JWTs) never does.
 */
let joseModule: Promise<typeof import('jose')> | null = null;
export function loadJose(): Promise<typeof import('jose')> {
  joseModule ??= import('jose');
  return joseModule;
}

/** Magento's JwtAlgorithmSource: the JWS values, then the JWE key-wrapping values. */
export const MAGENTO_JWS_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export const MAGENTO_JWE_ALGORITHMS = ['A128KW', 'A192KW', 'A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW'] as const;
/** Magento's JweAlgorithmSource (webapi/jwtauth/jwe_alg): content encryption, unused while Keyfront only signs. */
export const MAGENTO_JWE_CONTENT_ALGORITHMS = ['A128GCM', 'A192GCM', 'A256GCM', 'A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512'] as const;
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;
export const JWT_ALGORITHMS = [...MAGENTO_JWS_ALGORITHMS, ...ASYMMETRIC_ALGORITHMS] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export function isJwtAlgorithm(value: unknown): value is JwtAlgorithm {
  return (JWT_ALGORITHMS as readonly unknown[]).includes(value);
}

export function isHmac(alg: JwtAlgorithm): alg is 'HS256' | 'HS384' | 'HS512' {
  return alg.startsWith('HS');
}

const HMAC_HASH = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;

export interface JwtClaims {
  uid: number;
  utypid: number;
  iat: number;
  exp: number;
  iss?: string;
}

/** Key material for one kid: an HMAC secret, or a jose key (private to sign, public to verify). */
export interface JwtKey {
  kid: string;
  alg: JwtAlgorithm;
  hmac?: Buffer;
  key?: CryptoKey;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

export function looksLikeJwt(token: string): boolean {
  return token.length < 8192 && token.split('.').length === 3;
}

/**
 * The header's kid and alg when the token has three canonical base64url segments (one token, one
 * spelling: see lib/base64.ts), else null. Nothing is trusted yet: the signature is checked after.
 */
export function readHeader(token: string): { kid: string; alg: string } | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p) && isCanonicalBase64url(p))) return null;
  try {
    const h = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    if (typeof h?.kid !== 'string' || typeof h?.alg !== 'string') return null;
    return { kid: h.kid, alg: h.alg };
  } catch {
    return null;
  }
}

export async function signJwt(claims: JwtClaims, key: JwtKey): Promise<string> {
  // Claim order as Magento's Issuer sets them, iss last; header keys in Magento's order.
  const body = { uid: claims.uid, utypid: claims.utypid, iat: claims.iat, exp: claims.exp, ...(claims.iss ? { iss: claims.iss } : {}) };
  const payload = Buffer.from(JSON.stringify(body));
  if (isHmac(key.alg)) {
    const input = `${Buffer.from(JSON.stringify({ kid: key.kid, alg: key.alg })).toString('base64url')}.${payload.toString('base64url')}`;
    return `${input}.${createHmac(HMAC_HASH[key.alg], key.hmac!).update(input).digest('base64url')}`;
  }
  const { CompactSign } = await loadJose();
  return new CompactSign(payload).setProtectedHeader({ kid: key.kid, alg: key.alg }).sign(key.key!);
}

/** The claims of a token well signed by `key` (whose alg must be the header's), else null. Expiry is the caller's. */
export async function verifyJwt(token: string, key: JwtKey): Promise<JwtClaims | null> {
  const header = readHeader(token);
  if (!header || header.kid !== key.kid || header.alg !== key.alg) return null;
  const [h, p, signature] = token.split('.');
  if (isHmac(key.alg)) {
    // Compared as canonical text in constant time (the segments were checked canonical above).
    const expected = Buffer.from(createHmac(HMAC_HASH[key.alg], key.hmac!).update(`${h}.${p}`).digest('base64url'));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  } else {
    const { compactVerify } = await loadJose();
    try {
      await compactVerify(token, key.key!, { algorithms: [key.alg] });
    } catch {
      return null;
    }
  }
  try {
    const c = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    const ints = [c?.uid, c?.utypid, c?.iat, c?.exp];
    if (!ints.every((v) => Number.isSafeInteger(v))) return null;
    return { uid: c.uid, utypid: c.utypid, iat: c.iat, exp: c.exp, ...(typeof c.iss === 'string' ? { iss: c.iss } : {}) };
  } catch {
    return null;
  }
}

/** Why `config:set` refuses a value of Magento's JWT settings, or null when it is accepted. */
export function jwtConfigError(path: string, value: string): string | null {
  if (path === 'webapi/jwtauth/jwt_alg') {
    if (isJwtAlgorithm(value)) return null;
    if ((MAGENTO_JWE_ALGORITHMS as readonly string[]).includes(value)) {
      return `"${value}" is one of Magento's encrypted (JWE) algorithms; Keyfront signs tokens and does not encrypt them. Valid values: ${JWT_ALGORITHMS.join(', ')}`;
    }
    return `"${value}" is not a JWT algorithm. Valid values: ${JWT_ALGORITHMS.join(', ')}`;
  }
  if (path === 'webapi/jwtauth/jwe_alg' && !(MAGENTO_JWE_CONTENT_ALGORITHMS as readonly string[]).includes(value)) {
    return `"${value}" is not a JWE content encryption algorithm. Valid values: ${MAGENTO_JWE_CONTENT_ALGORITHMS.join(', ')}`;
  }
  return null;
}
