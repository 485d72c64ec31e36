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

  it('saves OAuth settings per scope with Use Default, effective for the next token', async () => {
    const { client } = await signInAdmin(server, ADMIN, secret);
    const page = await client.get('system_config/edit/section/oauth/');
    assert.equal(page.status, 200);
    assert.match(page.text, /Customer Token Lifetime \(hours\)/);
    assert.match(page.text, /Use system value/);
    const bad = await client.post('system_config/save/section/oauth/', { scope: 'default', 'value[oauth/access_token_lifetime/customer]': 'soon' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Please enter a whole number/);
    const website = await client.get('system_config/edit/section/oauth/?scope=websites:1');
    assert.match(website.text, /Use Default/);
    assert.doesNotMatch(website.text, /Admin Token Lifetime/, 'a global-only field is not shown at website scope');
    const saved = await client.post('system_config/save/section/oauth/', { scope: 'websites:1', 'value[oauth/access_token_lifetime/customer]': '5' });
    assert.equal(saved.status, 303);
    const shown = await client.get('system_config/edit/section/oauth/?scope=websites:1');
    assert.match(shown.text, /name="value\[oauth\/access_token_lifetime\/customer\]"[^>]*value="5"/);
    assert.match(shown.text, /You saved the configuration/);
    const inherit = await client.post('system_config/save/section/oauth/', { scope: 'websites:1', 'value[oauth/access_token_lifetime/customer]': '5', 'inherit[oauth/access_token_lifetime/customer]': '1' });
    assert.equal(inherit.status, 303);
    const back = await client.get('system_config/edit/section/oauth/?scope=websites:1');
    assert.match(back.text, /name="value\[oauth\/access_token_lifetime\/customer\]"[^>]*value="1"/, 'inherits the default again');
  });

  it('lists, edits and unlocks customers through the grid', async () => {
    const token = await adminToken(server);
    const created = await server.request('POST', '/rest/V1/customers', { token, body: { customer: { email: 'grid@example.com', firstname: 'Gina', lastname: 'Gridley', addresses: [{ firstname: 'Gina', lastname: 'Gridley', street: ['1 Main St'], city: 'Austin', countryId: 'US', regionId: 57, postcode: '78701', telephone: '5125550000', defaultBilling: true }] }, password: 'Password1' } });
    assert.equal(created.status, 200, created.text);
    const id = created.body.id;
    // Three failures lock the account (before the token endpoint's own throttle, at six, would refuse to check).
    assert.equal((await server.cli('config:set', 'customer/password/lockout_failures', '3')).code, 0);
    for (let i = 0; i < 3; i++) await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'grid@example.com', password: 'wrong' } });
    const { client } = await signInAdmin(server, ADMIN, secret);
    const grid = await client.get('customer/index/?search=gridl');
    assert.match(grid.text, /1 records found/);
    assert.match(grid.text, /grid@example\.com/);
    assert.match(grid.text, /78701/);
    assert.match(grid.text, /<td>Locked<\/td>/);
    const byEmail = await client.get('customer/index/?filter%5Bemail%5D=grid%40example.com');
    assert.match(byEmail.text, /1 records found/);
    const unlock = await client.post(`customer/index/unlock/id/${id}/`);
    assert.equal(unlock.status, 303);
    assert.match((await client.get(`customer/index/edit/id/${id}/`)).text, /Customer has been unlocked successfully/);
    assert.equal((await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'grid@example.com', password: 'Password1' } })).status, 200);
    const addressId = created.body.addresses[0].id;
    await client.get(`customer/address/edit/customer/${id}/id/${addressId}/`);
    const saved = await client.post(`customer/address/save/customer/${id}/`, { id: String(addressId), firstname: 'Gina', lastname: 'Gridley', telephone: '5125550000', 'street[0]': '9 New Road', city: 'Dallas', country_id: 'US', region_id: '57', postcode: '75201', default_billing: '1' });
    assert.equal(saved.status, 303, saved.text.slice(0, 500));
    const rest = await server.request('GET', `/rest/V1/customers/${id}`, { token });
    assert.deepEqual(rest.body.addresses[0].street, ['9 New Road']);
    assert.equal(rest.body.addresses[0].city, 'Dallas');
    assert.equal(rest.body.default_billing, String(addressId));
    const renamed = await client.post(`customer/index/save/id/${id}/`, { website_id: '1', group_id: '2', firstname: 'Gina', lastname: 'Grid', email: 'grid@example.com' });
    assert.equal(renamed.status, 303);
    const after = await server.request('GET', `/rest/V1/customers/${id}`, { token });
    assert.equal(after.body.lastname, 'Grid');
    assert.equal(after.body.group_id, 2);
    assert.equal(after.body.addresses.length, 1);
    const invalid = await client.post(`customer/index/save/id/${id}/`, { website_id: '1', group_id: '1', firstname: '', lastname: 'Grid', email: 'grid@example.com' });
    assert.equal(invalid.status, 400);
  });

  it('creates a customer, resets its password by mail, signs it out everywhere and deletes it', async () => {
    const { client } = await signInAdmin(server, ADMIN, secret);
    const created = await client.post('customer/index/save/', { website_id: '1', group_id: '1', firstname: 'Newt', lastname: 'Comer', email: 'newt@example.com' });
    assert.equal(created.status, 303, created.text.slice(0, 300));
    const id = /edit\/id\/(\d+)\//.exec(created.location!)![1];
    const page = await client.get(`customer/index/edit/id/${id}/`);
    assert.match(page.text, /You saved the customer/);
    const token = await adminToken(server);
    const reset = await client.post(`customer/index/resetPassword/id/${id}/`);
    assert.equal(reset.status, 303);
    assert.match((await client.get(`customer/index/edit/id/${id}/`)).text, /The customer will receive an email with a link to reset password/);
    const out = await client.post(`customer/index/signOutEverywhere/id/${id}/`);
    assert.equal(out.status, 303);
    assert.match((await client.get(`customer/index/edit/id/${id}/`)).text, /tokens were revoked/);
    const gone = await client.post(`customer/index/delete/id/${id}/`);
    assert.equal(gone.status, 303);
    assert.equal((await server.request('GET', `/rest/V1/customers/${id}`, { token })).status, 404);
  });

  it('KEYFRONT_ADMIN_2FA=off is announced and skips the code; KEYFRONT_ADMIN_PATH moves the pages', async () => {
    const other = await startServer({ env: { KEYFRONT_ADMIN_2FA: 'off', KEYFRONT_ADMIN_PATH: 'backoffice' } });
    try {
      assert.match(other.startLine, / - admin pages at \/backoffice - WARNING: admin two-factor authentication is OFF/);
      await adminToken(other);
      const client = new AdminClient(other, '/backoffice');
      const login = await client.post('admin/auth/login', { username: ADMIN.username, login: ADMIN.password });
      assert.equal(login.location, '/backoffice/');
      assert.match(login.headers.get('set-cookie')!, /Path=\/backoffice;/);
      assert.equal((await client.get('dashboard/')).status, 200);
      assert.equal((await other.request('GET', '/admin/')).status, 404);
    } finally {
      await other.close();
    }
  });

  it('stops accepting codes after 6 wrong ones (the code cannot be brute-forced)', async () => {
    const created = await server.cli('admin:user:create', '--admin-user=coder', '--admin-password=code123pass', '--admin-email=c@example.com', '--admin-firstname=C', '--admin-lastname=D');
    assert.equal(created.code, 0, created.stderr);
    const client = new AdminClient(server);
    await client.post('admin/auth/login', { username: 'coder', login: 'code123pass' });
    const key = secretIn((await client.get('tfa/')).text);
    const good = [totpCode(key, -30), totpCode(key), totpCode(key, 30)];
    const wrong = ['000000', '111111', '222222', '333333', '444444', '555555', '666666', '777777'].filter((c) => !good.includes(c)).slice(0, 6);
    for (const code of wrong) assert.equal((await client.post('tfa/', { tfa_code: code })).status, 401);
    assert.equal((await client.post('tfa/', { tfa_code: totpCode(key) })).status, 401, 'the right code is refused while locked');
  });
});
