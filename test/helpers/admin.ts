// An admin in a plain HTTP client: cookie jar, form keys read from the pages, TOTP codes from an
// independent library (otpauth), so the server's own TOTP code is checked against another's.
import { Secret, TOTP } from 'otpauth';
import type { TestServer } from './server.ts';
import { ADMIN } from './server.ts';

export interface AdminReply {
  status: number;
  text: string;
  location: string | null;
  headers: Headers;
}

export class AdminClient {
  cookie = '';
  formKey = '';
  constructor(
    readonly server: TestServer,
    readonly base = '/admin',
  ) {}

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string | string[]>): Promise<AdminReply> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    let body: string | undefined;
    if (form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(`${this.server.url}${this.base}/${path.replace(/^\//, '')}`, { method, headers, body, redirect: 'manual' });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = /Max-Age=0/.test(setCookie) ? '' : pair;
    }
    const text = await response.text();
    const key = /name="form_key" value="([^"]+)"/.exec(text);
    if (key) this.formKey = key[1];
    return { status: response.status, text, location: response.headers.get('location'), headers: response.headers };
  }

  get(path: string): Promise<AdminReply> {
    return this.request('GET', path);
  }

  /** A form post with the session's form key (unless the form gives its own). */
  post(path: string, form: Record<string, string | string[]> = {}): Promise<AdminReply> {
    return this.request('POST', path, { form_key: this.formKey, ...form });
  }
}

/** The authenticator app: the current code for a base32 secret. */
export function totpCode(secret: string, offsetSeconds = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + offsetSeconds * 1000 });
}

export function secretIn(page: string): string {
  const match = /<code>([A-Z2-7 ]+)<\/code>/.exec(page);
  if (!match) throw new Error('no TOTP secret on the page');
  return match[1].replace(/ /g, '');
}

/** Password, then the 2FA set-up (first time) or a code; returns the client and the TOTP secret. */
export async function signInAdmin(server: TestServer, credentials = ADMIN, secret?: string): Promise<{ client: AdminClient; secret: string }> {
  const client = new AdminClient(server);
  const login = await client.post('admin/auth/login', { username: credentials.username, login: credentials.password });
  if (login.status !== 303) throw new Error(`sign-in: ${login.status} ${login.text.slice(0, 300)}`);
  const tfa = await client.get('tfa/');
  const key = secret ?? secretIn(tfa.text);
  // A code is good once: after sign-ins that used this step's and the next step's codes, wait for
  // the next 30-second step (the server accepts one step of drift either way).
  let verified = await client.post('tfa/', { tfa_code: totpCode(key) });
  if (verified.status !== 303) verified = await client.post('tfa/', { tfa_code: totpCode(key, 30) });
  if (verified.status !== 303) {
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 200));
    verified = await client.post('tfa/', { tfa_code: totpCode(key, 30) });
  }
  if (verified.status !== 303) throw new Error(`2FA: ${verified.status}`);
  await client.get('dashboard/');
  return { client, secret: key };
}
