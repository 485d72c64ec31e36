// OAuth 1.0a signing for tests, with the independent `oauth-1.0a` library (not Keyfront's verifier),
// and a raw HTTP request helper that can set the Host header (a signature covers the host).
import { createHmac } from 'node:crypto';
import http from 'node:http';
import OAuth from 'oauth-1.0a';
import type { Reply } from './server.ts';

export interface IntegrationCredentials {
  id: number;
  name: string;
  consumer_key: string;
  consumer_secret: string;
  access_token: string;
  access_token_secret: string;
}

export type Method = 'HMAC-SHA1' | 'HMAC-SHA256';

/** The Authorization header value for a request to `url` (query included), with optional form data. */
export function oauthHeader(
  creds: IntegrationCredentials,
  method: string,
  url: string,
  options: { signatureMethod?: Method; data?: Record<string, string>; timestamp?: number; nonce?: string } = {},
): string {
  const signatureMethod = options.signatureMethod ?? 'HMAC-SHA256';
  const oauth = new OAuth({
    consumer: { key: creds.consumer_key, secret: creds.consumer_secret },
    signature_method: signatureMethod,
    hash_function: (base, key) => createHmac(signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256', key).update(base).digest('base64'),
  });
  if (options.timestamp !== undefined) oauth.getTimeStamp = () => options.timestamp!;
  if (options.nonce !== undefined) oauth.getNonce = () => options.nonce!;
  const data = oauth.authorize({ url, method, data: options.data ?? {} }, { key: creds.access_token, secret: creds.access_token_secret });
  return oauth.toHeader(data).Authorization;
}

/** A request through node:http, so that Host and every other header are exactly as given. */
export function rawRequest(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, text, headers: new Headers() });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A signed request: signs `${baseUrl}${path}` and sends it. */
export async function signedRequest(
  baseUrl: string,
  creds: IntegrationCredentials,
  method: string,
  path: string,
  options: { signatureMethod?: Method; body?: unknown } = {},
): Promise<Reply> {
  const authorization = oauthHeader(creds, method, `${baseUrl}${path}`, { signatureMethod: options.signatureMethod });
  const headers: Record<string, string> = { Authorization: authorization };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  return rawRequest(`${baseUrl}${path}`, method, headers, body);
}

export async function createIntegration(cli: (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>, name: string, ...flags: string[]): Promise<IntegrationCredentials> {
  const r = await cli('integration:create', name, ...flags, '--json');
  if (r.code !== 0) throw new Error(`integration:create failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim());
}
