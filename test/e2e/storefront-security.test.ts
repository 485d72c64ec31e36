// The storefront's safety, black-box: form keys, session ids, headers, escaping, and that one
// customer's session never shows or touches another customer's data.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminToken, createUsStore, spawnServer, startServer, type TestServer } from '../helpers/server.ts';
import { Visitor } from '../helpers/visitor.ts';
import { otherSpelling } from '../helpers/base64.ts';

const PASSWORD = 'Password1';

function customer(email: string, firstname: string, street: string, city = 'Calder') {
  return {
    customer: {
      firstname,
      lastname: 'Doe',
      email,
      addresses: [
        { defaultBilling: true, defaultShipping: true, firstname, lastname: 'Doe', countryId: 'US', regionId: 43, postcode: '49628', city, street: [street], telephone: '512-555-1111' },
      ],
    },
    password: PASSWORD,
  };
}

describe('storefront safety', () => {
  let server: TestServer;
  let token: string;
  let bob: any;

  before(async () => {
    server = await startServer();
    token = await adminToken(server);
    await createUsStore(server);
    for (const [email, name, street] of [
      ['alice@example.com', 'Alice', '1 Alice Street'],
      ['bob@example.com', 'Bob', '2 Bob Street'],
    ]) {
      const r = await server.request('POST', '/rest/V1/customers', { token, body: customer(email, name, street) });
      assert.equal(r.status, 200, r.text);
      if (name === 'Bob') bob = r.body;
    }
    const evil = await server.request('POST', '/rest/V1/customers', {
      token,
      body: customer('evil@example.com', '<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "<b>City</b>&amp;"),
    });
    assert.equal(evil.status, 200, evil.text);
  });
  after(() => server?.close());

  it('sends the security headers and a HttpOnly SameSite=Lax cookie, not Secure over plain HTTP', async () => {
    const reply = await new Visitor(server.url).get('/customer/account/login/');
    assert.equal(reply.status, 200);
    const csp = reply.headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /form-action 'self'/);
    assert.match(csp, /script-src 'self';/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.equal(reply.headers.get('x-frame-options'), 'DENY');
    assert.equal(reply.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(reply.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(reply.headers.get('cache-control'), 'no-store');
    const cookie = reply.headers.get('set-cookie')!;
    assert.match(cookie, /^keyfront_session=[A-Za-z0-9_-]{43}; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/);
    assert.doesNotMatch(reply.text, /<script|\sstyle=|\son[a-z]+=/i);
  });

  it('refuses a POST without the session form key, or with another session\'s', async () => {
    const visitor = new Visitor(server.url);
    await visitor.formKey();
    const before = visitor.cookie;
    const missing = await visitor.post('/customer/account/loginPost/', { 'login[username]': 'alice@example.com', 'login[password]': PASSWORD });
    assert.equal(missing.status, 403);
    assert.match(missing.text, /Invalid Form Key\. Please refresh the page\./);
    const other = await new Visitor(server.url).formKey();
    const foreign = await visitor.post('/customer/account/loginPost/', { form_key: other, 'login[username]': 'alice@example.com', 'login[password]': PASSWORD });
    assert.equal(foreign.status, 403);
    assert.equal(visitor.cookie, before, 'no sign-in happened');
    assert.equal((await visitor.get('/customer/account/')).location, '/customer/account/login/');

    // Signed in, a forged edit (no key) changes nothing.
    assert.equal((await visitor.login('alice@example.com', PASSWORD)).location, '/customer/account/');
    const forged = await visitor.post('/customer/account/editPost/', { firstname: 'Mallory', lastname: 'Doe', email: 'alice@example.com' });
    assert.equal(forged.status, 403);
    assert.match((await visitor.get('/customer/account/')).text, /Alice Doe/);
    const logout = await visitor.post('/customer/account/logout/', {});
    assert.equal(logout.status, 303);
    assert.equal((await visitor.get('/customer/account/')).status, 200, 'still signed in after a logout without a key');
  });

  it('gives a new session id at sign-in, and the old id opens nothing', async () => {
    const visitor = new Visitor(server.url);
    await visitor.formKey();
    const anonymous = visitor.cookie!;
    const oldKey = await visitor.formKey();
    const login = await visitor.login('alice@example.com', PASSWORD);
    assert.equal(login.status, 303);
    assert.equal(login.location, '/customer/account/');
    assert.notEqual(visitor.cookie, anonymous);
    const newKey = /name="form_key" value="([^"]+)"/.exec((await visitor.get('/customer/account/edit/')).text)![1];
    assert.notEqual(newKey, oldKey, 'the form key is rotated with the session');
    const planted = new Visitor(server.url);
    planted.cookie = anonymous;
    assert.equal((await planted.get('/customer/account/')).location, '/customer/account/login/');
  });

  it('keeps sessions in the database, so a second process serves the same signed-in customer', async () => {
    const second = await spawnServer(server.env);
    try {
      const visitor = new Visitor(server.url);
      await visitor.login('alice@example.com', PASSWORD);
      const elsewhere = new Visitor(second.url);
      elsewhere.cookie = visitor.cookie;
      const page = await elsewhere.get('/customer/account/');
      assert.equal(page.status, 200);
      assert.match(page.text, /Alice Doe/);
    } finally {
      const exited = new Promise((r) => second.child.once('exit', r));
      second.child.kill('SIGTERM');
      await exited;
    }
  });

  it('knows a session id in its one spelling only (another spelling of the same 32 bytes is no session)', async () => {
    const visitor = new Visitor(server.url);
    await visitor.login('alice@example.com', PASSWORD);
    const id = visitor.cookie!;
    const alt = otherSpelling(id);
    assert.deepEqual(Buffer.from(alt, 'base64url'), Buffer.from(id, 'base64url'), 'the same id bytes');
    const other = new Visitor(server.url);
    other.cookie = alt;
    assert.equal((await other.get('/customer/account/')).location, '/customer/account/login/');
    assert.equal((await visitor.get('/customer/account/')).status, 200);
  });

  it('ends the session at sign-out', async () => {
    const visitor = new Visitor(server.url);
    await visitor.login('alice@example.com', PASSWORD);
    const signedIn = visitor.cookie!;
    const key = /name="form_key" value="([^"]+)"/.exec((await visitor.get('/customer/account/')).text)![1];
    const out = await visitor.post('/customer/account/logout/', { form_key: key });
    assert.equal(out.location, '/customer/account/logoutSuccess/');
    assert.match(out.headers.get('set-cookie')!, /keyfront_session=; Max-Age=0/);
    const replay = new Visitor(server.url);
    replay.cookie = signedIn;
    assert.equal((await replay.get('/customer/account/')).location, '/customer/account/login/');
  });

  it('shows a customer named <script>alert(1)</script> as text on every page', async () => {
    const visitor = new Visitor(server.url);
    assert.equal((await visitor.login('evil@example.com', PASSWORD)).status, 303);
    for (const path of ['/customer/account/', '/customer/address/', '/customer/account/edit/']) {
      const page = await visitor.get(path);
      assert.equal(page.status, 200, path);
      assert.ok(!page.text.includes('<script>alert(1)'), `${path} has the raw script tag`);
      assert.ok(!page.text.includes('<img src=x'), `${path} has the raw img tag`);
      assert.ok(!page.text.includes('<b>City'), `${path} has raw markup from the city`);
    }
    const account = await visitor.get('/customer/account/');
    assert.match(account.text, /<summary>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/summary>/);
    const book = await visitor.get('/customer/address/');
    assert.match(book.text, /&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;/);
    assert.match(book.text, /&lt;b&gt;City&lt;\/b&gt;&amp;amp;/);
    const addressId = /customer\/address\/edit\/id\/(\d+)\//.exec(book.text)![1];
    const form = await visitor.get(`/customer/address/edit/id/${addressId}/`);
    assert.match(form.text, /value="&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;"/);
  });

  it('never shows or changes another customer\'s data from a session', async () => {
    const alice = new Visitor(server.url);
    await alice.login('alice@example.com', PASSWORD);
    const bobAddress = bob.addresses[0].id;
    for (const path of ['/customer/account/', '/customer/address/', '/customer/account/edit/']) {
      const page = await alice.get(path);
      assert.equal(/.{0,60}(Bob|bob@example).{0,60}/s.exec(page.text)?.[0], undefined, `${path} shows Bob`);
    }
    const peek = await alice.get(`/customer/address/edit/id/${bobAddress}/`);
    assert.equal(peek.status, 303);
    assert.equal(peek.location, '/customer/address/');
    const key = /name="form_key" value="([^"]+)"/.exec((await alice.get('/customer/address/')).text)![1];
    const overwrite = await alice.post('/customer/address/formPost/', {
      form_key: key, id: String(bobAddress), firstname: 'X', lastname: 'Y', telephone: '1', 'street[0]': 'Stolen 1', city: 'Z', country_id: 'US', region_id: '12', postcode: '90001',
    });
    assert.equal(overwrite.status, 303);
    const remove = await alice.post('/customer/address/delete/', { form_key: key, id: String(bobAddress) });
    assert.equal(remove.status, 303);
    assert.match((await alice.get('/customer/address/')).text, /We can&#39;t (find|delete) the address/);
    const bobNow = await server.request('GET', `/rest/V1/customers/${bob.id}`, { token });
    assert.deepEqual(bobNow.body.addresses.map((a: any) => [a.id, a.street]), [[bobAddress, ['2 Bob Street']]]);
  });

  it('treats a session as signed out on a view of another website', async () => {
    const visitor = new Visitor(server.url);
    await visitor.login('alice@example.com', PASSWORD);
    assert.equal((await visitor.get('/customer/account/')).status, 200);
    const us = await visitor.get('/us/customer/account/');
    assert.equal(us.status, 303);
    assert.equal(us.location, '/us/customer/account/login/');
    // The default website's customer has no account in the us website.
    const usLogin = await visitor.login('alice@example.com', PASSWORD, '/us');
    assert.equal(usLogin.status, 401);
  });

  it('answers HTML 404s for unknown customer pages and keeps REST\'s JSON 404', async () => {
    const page = await new Visitor(server.url).get('/customer/account/nothing-here/');
    assert.equal(page.status, 404);
    assert.match(page.headers.get('content-type')!, /text\/html/);
    const unknownView = await new Visitor(server.url).get('/nostore/customer/account/login/');
    assert.equal(unknownView.status, 404);
    const rest = await server.request('GET', '/rest/V1/nothing');
    assert.equal(rest.status, 404);
    assert.deepEqual(rest.body, { message: 'Request does not match any route.' });
    const restish = await server.request('GET', '/rest/customer/account/login/');
    assert.deepEqual(restish.body, { message: 'Request does not match any route.' });
    // REST still reads JSON bodies (its parser is untouched by the storefront's form parser).
    const tokenReply = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'alice@example.com', password: PASSWORD } });
    assert.equal(tokenReply.status, 200);
    const form = await fetch(`${server.url}/customer/account/loginPost/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(form.status, 415);
    assert.doesNotMatch(await form.text(), /at .*\.js|Error:/);
  });
});
