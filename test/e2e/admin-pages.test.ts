// The admin pages over plain HTTP: sign-in with the throttle, the second factor, sessions, form
// keys, ACL. The browser walk is test/browser/admin.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, secretIn, signInAdmin, totpCode } from '../helpers/admin.ts';
import { ADMIN, adminToken, startServer, type TestServer } from '../helpers/server.ts';

describe('admin pages over HTTP', () => {
  let server: TestServer;
  let secret = '';

  before(async () => {
    server = await startServer();
    await adminToken(server);
  });
  after(async () => {
    await server?.close();
  });

  it('announces the admin path on the start-up line', () => {
    assert.match(server.startLine, / - admin pages at \/admin/);
    assert.doesNotMatch(server.startLine, /two-factor/);
  });

  it('sends a visitor to the sign-in page; the page carries the storefront CSP', async () => {
    const client = new AdminClient(server);
    const start = await client.get('');
    assert.equal(start.status, 303);
    assert.equal(start.location, '/admin/admin/auth/login');
    const page = await client.get('admin/auth/login');
    assert.equal(page.status, 200);
    assert.match(page.text, /Welcome, please sign in/);
    assert.match(page.headers.get('content-security-policy')!, /script-src 'self'/);
    assert.doesNotMatch(page.text, /<script/);
  });

  it('signs in with password and a TOTP code set up from the QR page; the cookie is HttpOnly and SameSite=Strict', async () => {
    const client = new AdminClient(server);
    const login = await client.request('POST', 'admin/auth/login', { username: ADMIN.username, login: ADMIN.password });
    assert.equal(login.status, 303);
    assert.equal(login.location, '/admin/tfa/');
    assert.match(login.headers.get('set-cookie')!, /^keyfront_admin=[A-Za-z0-9_-]{43}; Path=\/admin; HttpOnly; SameSite=Strict$/);
    // Half signed in: every page leads back to the second step.
    assert.equal((await client.get('dashboard/')).location, '/admin/tfa/');
    const setup = await client.get('tfa/');
    assert.match(setup.text, /Configure Google Authenticator/);
    const qr = await client.get('tfa/qr.svg');
    assert.equal(qr.headers.get('content-type'), 'image/svg+xml');
    assert.match(qr.text, /^<svg/);
    secret = secretIn(setup.text);
    const wrong = await client.post('tfa/', { tfa_code: '000000' === totpCode(secret) ? '111111' : '000000' });
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /Invalid code/);
    const ok = await client.post('tfa/', { tfa_code: totpCode(secret) });
    assert.equal(ok.status, 303);
    const dashboard = await client.get('dashboard/');
    assert.equal(dashboard.status, 200);
    assert.match(dashboard.text, /<h1>Dashboard<\/h1>/);
    // The same code is good once only.
    const again = new AdminClient(server);
    await again.request('POST', 'admin/auth/login', { username: ADMIN.username, login: ADMIN.password });
    const verify = await again.get('tfa/');
    assert.match(verify.text, /Google Authenticator/);
    assert.doesNotMatch(verify.text, /Configure/);
  });

  it('refuses a POST without the form key (CSRF)', async () => {
    const { client } = await signInAdmin(server, ADMIN, secret);
    const forged = await client.request('POST', 'admin/auth/logout', {});
    assert.equal(forged.status, 303);
    assert.equal((await client.get('dashboard/')).status, 200, 'still signed in');
    const out = await client.post('admin/auth/logout');
    assert.equal(out.status, 303);
    assert.equal((await client.get('dashboard/')).status, 303);
  });

  it('locks the user name after 6 wrong passwords, the right one included, and the CLI resets 2FA', async () => {
    const created = await server.cli('admin:user:create', '--admin-user=locky', '--admin-password=lock123pass', '--admin-email=l@example.com', '--admin-firstname=L', '--admin-lastname=K');
    assert.equal(created.code, 0, created.stderr);
    const client = new AdminClient(server);
    for (let i = 0; i < 6; i++) assert.equal((await client.post('admin/auth/login', { username: 'locky', login: 'wrong1' })).status, 401);
    const locked = await client.post('admin/auth/login', { username: 'locky', login: 'lock123pass' });
    assert.equal(locked.status, 401);
    assert.match(locked.text, /disabled temporarily/);
    // The token endpoint shares the throttle.
    const token = await server.request('POST', '/rest/V1/integration/admin/token', { body: { username: 'locky', password: 'lock123pass' } });
    assert.equal(token.status, 401);
    const reset = await server.cli('admin:user:2fa:reset', ADMIN.username);
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /was reset/);
    const fresh = new AdminClient(server);
    await fresh.post('admin/auth/login', { username: ADMIN.username, login: ADMIN.password });
    assert.match((await fresh.get('tfa/')).text, /Configure Google Authenticator/);
    secret = secretIn((await fresh.get('tfa/')).text);
  });
});
