// OAuth 1.0a request signatures (RFC 5849 §3.4), as Magento checks them for integrations:
// `Authorization: OAuth …` with HMAC-SHA1 or HMAC-SHA256. Pure functions; the integration
// service looks up the secrets, checks the timestamp window and records the nonce.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256';

export interface OAuthHeader {
  consumerKey: string;
  token: string;
  signatureMethod: SignatureMethod;
  signature: string;
  timestamp: number;
  nonce: string;
  /** Every oauth_* parameter of the header except oauth_signature (realm excluded), for the base string. */
  params: Array<[string, string]>;
}

const PAIR = /\s*([A-Za-z0-9_.~-]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))\s*(?:,|$)/y;

/** RFC 3986 percent-encoding, as RFC 5849 §3.6 requires (everything but unreserved characters). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** The parameters of an `OAuth` Authorization header, or null when it is not a well-formed one. */
export function parseOAuthHeader(header: string): OAuthHeader | null {
  if (!/^oauth\s/i.test(header)) return null;
  const rest = header.replace(/^oauth\s+/i, '');
  const values = new Map<string, string>();
  PAIR.lastIndex = 0;
  let pos = 0;
  while (pos < rest.length) {
    PAIR.lastIndex = pos;
    const m = PAIR.exec(rest);
    if (!m) return null;
    pos = PAIR.lastIndex;
    const name = m[1];
    const value = decode(m[2] ?? m[3] ?? '');
    if (value === null || values.has(name)) return null; // a repeated parameter is ambiguous: refuse
    values.set(name, value);
  }
  const get = (n: string) => values.get(n);
  const method = get('oauth_signature_method');
  const timestamp = get('oauth_timestamp');
  const version = get('oauth_version');
  if (method !== 'HMAC-SHA1' && method !== 'HMAC-SHA256') return null;
  if (version !== undefined && version !== '1.0') return null;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return null;
  const [consumerKey, token, signature, nonce] = ['oauth_consumer_key', 'oauth_token', 'oauth_signature', 'oauth_nonce'].map(get);
  if (!consumerKey || !token || !signature || !nonce) return null;
  const params: Array<[string, string]> = [];
  for (const [name, value] of values) if (name !== 'realm' && name !== 'oauth_signature') params.push([name, value]);
  return { consumerKey, token, signatureMethod: method, signature, timestamp: Number(timestamp), nonce, params };
}

/** Name/value pairs of a query string or a form body (application/x-www-form-urlencoded). */
export function formPairs(text: string): Array<[string, string]> | null {
  const out: Array<[string, string]> = [];
  if (text === '') return out;
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
    const value = decode((eq < 0 ? '' : part.slice(eq + 1)).replace(/\+/g, ' '));
    if (name === null || value === null) return null;
    out.push([name, value]);
  }
  return out;
}

/** RFC 5849 §3.4.1: METHOD&base-uri&normalized-parameters. */
export function signatureBaseString(method: string, baseUri: string, params: Array<[string, string]>): string {
  const normalized = params
    .map(([n, v]) => [percentEncode(n), percentEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([n, v]) => `${n}=${v}`)
    .join('&');
  return [method.toUpperCase(), percentEncode(baseUri), percentEncode(normalized)].join('&');
}

/** §3.4.1.2: scheme and host in lower case, the port only when not the scheme's default, the path. */
export function baseUri(scheme: string, host: string, path: string): string {
  const s = scheme.toLowerCase();
  let h = host.toLowerCase();
  if ((s === 'http' && h.endsWith(':80')) || (s === 'https' && h.endsWith(':443'))) h = h.slice(0, h.lastIndexOf(':'));
  return `${s}://${h}${path}`;
}

export function sign(method: SignatureMethod, base: string, consumerSecret: string, tokenSecret: string): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac(method === 'HMAC-SHA1' ? 'sha1' : 'sha256', key).update(base).digest('base64');
}

/**
 * Compares the base64 text, not the decoded bytes: `expected` is the canonical encoding (padded,
 * unused bits zero), so another spelling of the same bytes (a flipped unused bit, padding left
 * out) is refused and a signature is one string, as Magento's hash_equals on the text does.
 */
export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
