// A cookie-keeping HTTP visitor for the storefront's black-box tests: what a browser without
// JavaScript does (GET pages, POST urlencoded forms, never follow redirects silently).
export interface PageReply {
  status: number;
  text: string;
  headers: Headers;
  location: string | null;
}

export const FORM_KEY = /name="form_key" value="([^"]+)"/;

export class Visitor {
  cookie: string | null = null;

  constructor(readonly baseUrl: string) {}

  async get(path: string): Promise<PageReply> {
    return this.send('GET', path);
  }

  /** Posts a form; `formKey: true` first reads the key from `keyFrom` (a page of the same session). */
  async post(path: string, fields: Record<string, string>): Promise<PageReply> {
    return this.send('POST', path, new URLSearchParams(fields).toString());
  }

  /** The form key of this visitor's session, read from a page that has a form. */
  async formKey(page = '/customer/account/login/'): Promise<string> {
    const reply = await this.get(page);
    const match = FORM_KEY.exec(reply.text);
    if (!match) throw new Error(`no form key on ${page} (${reply.status})`);
    return match[1];
  }

  async login(email: string, password: string, base = ''): Promise<PageReply> {
    const formKey = await this.formKey(`${base}/customer/account/login/`);
    return this.post(`${base}/customer/account/loginPost/`, { form_key: formKey, 'login[username]': email, 'login[password]': password });
  }

  private async send(method: string, path: string, body?: string): Promise<PageReply> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = `keyfront_session=${this.cookie}`;
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    const setCookie = response.headers.get('set-cookie');
    const match = setCookie ? /keyfront_session=([^;]*)/.exec(setCookie) : null;
    if (match) this.cookie = match[1] === '' ? null : match[1];
    const location = response.headers.get('location');
    return { status: response.status, text: await response.text(), headers: response.headers, location };
  }
}
