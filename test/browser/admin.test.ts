// The seeds' admin tasks in a real browser: sign-in with TOTP (codes from the independent
// otpauth library), the OAuth token lifetime, customers among 10,000, an address edit seen in
// REST, an unlock, an integration whose credentials sign REST calls, a restricted role, the
// lockout, CSRF, session expiry. Every page is screenshot and checked with axe.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { totpCode } from '../helpers/admin.ts';
import { assertAccessible, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { signedRequest } from '../helpers/oauth.ts';
import { ADMIN, adminToken, ROOT, spawnServer, startServer, type TestServer } from '../helpers/server.ts';

const BACKEND = process.env.KEYFRONT_TEST_BACKEND ?? 'sqlite';

/** A viewport-sized PNG (small enough to commit), named after the backend and page. */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}/${BACKEND}-admin-${name}.png` });
}

async function check(page: Page, name: string): Promise<void> {
  await shot(page, name);
  await assertAccessible(page, name);
}

async function newContext(browser: Browser, width = 1100): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 760 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('dialog', (dialog) => {
    throw new Error(`a script ran a dialog: ${dialog.message()}`);
  });
  return { context, page };
}

async function signIn(page: Page, base: string, user: { username: string; password: string }, secret?: string): Promise<string> {
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  let key = secret;
  if (!key) {
    key = (await page.locator('code').innerText()).replace(/ /g, '');
  }
  await page.getByLabel('Authenticator code').fill(totpCode(key));
  await page.getByRole('button', { name: 'Confirm' }).click();
  if ((await page.locator('h1').innerText()).includes('Authenticator')) {
    // The code of this 30-second step was used already: the next one is accepted too.
    await page.getByLabel('Authenticator code').fill(totpCode(key, 30));
    await page.getByRole('button', { name: 'Confirm' }).click();
  }
  return key;
}

describe('admin pages in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let main: Page;
  let token: string;
  let secret: string;
  let oneHourToken: string;
  let threeHourToken: string;

  before(async () => {
    server = await startServer();
    token = await adminToken(server);
    const generated = spawnSync(`${ROOT}node_modules/.bin/tsx`, ['bench/generate-customers.ts', '--count=10000'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);
    const needle = await server.request('POST', '/rest/V1/customers', {
      token,
      body: { customer: { email: 'needle@example.org', firstname: 'Nina', lastname: 'Haystack', addresses: [{ firstname: 'Nina', lastname: 'Haystack', street: ['5 Pin Lane'], city: 'Austin', countryId: 'US', regionId: 57, postcode: '78701', telephone: '5125550101', defaultBilling: true, defaultShipping: true }] }, password: 'Password1' },
    });
    assert.equal(needle.status, 200, needle.text);
    browser = await launchChromium();
    main = (await newContext(browser)).page;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in with a password and a TOTP code set up from the QR code', async () => {
    await main.goto(`${server.url}/admin/`);
    assert.equal(await main.title(), 'Welcome, please sign in / Keyfront Admin');
    await check(main, 'sign-in');
    await main.getByLabel('Username').fill(ADMIN.username);
    await main.getByLabel('Password').fill(ADMIN.password);
    await main.getByRole('button', { name: 'Sign in' }).click();
    assert.equal(await main.locator('h1').innerText(), 'Configure Google Authenticator');
    // The QR code is an image of this origin: it loads under the CSP (no inline data, no script).
    await main.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.qr img');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    await check(main, '2fa-setup');
    secret = (await main.locator('code').innerText()).replace(/ /g, '');
    await main.getByLabel('Authenticator code').fill('123456' === totpCode(secret) ? '654321' : '123456');
    await main.getByRole('button', { name: 'Confirm' }).click();
    assert.match(await main.locator('#tfa_code-error').innerText(), /Invalid code/);
    await main.getByLabel('Authenticator code').fill(totpCode(secret));
    await main.getByRole('button', { name: 'Confirm' }).click();
    assert.equal(await main.locator('h1').innerText(), 'Dashboard');
    assert.match(await main.locator('.stats').innerText(), /10,001\s*Customers/);
    await check(main, 'dashboard');
  });

  it('changes the customer token lifetime on the OAuth page; the next token gets it', async () => {
    oneHourToken = (await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'needle@example.org', password: 'Password1' } })).body;
    await main.getByRole('link', { name: 'Configuration' }).click();
    assert.equal(await main.locator('h1').innerText(), 'OAuth');
    await check(main, 'config-oauth');
    await main.getByLabel('Scope').selectOption({ label: 'Default Store View (store view)' });
    await main.getByRole('button', { name: 'Switch Scope' }).click();
    assert.match(await main.locator('main').innerText(), /Scope: Default Store View/);
    assert.equal(await main.getByLabel('Use Website').first().isChecked(), true);
    // The lifetime for the default store view only: its own value instead of the website's.
    await main.getByLabel('Use Website').first().uncheck();
    await main.getByLabel('Customer Token Lifetime (hours)').fill('3');
    await main.getByRole('button', { name: 'Save Config' }).click();
    assert.match(await main.locator('.messages').innerText(), /You saved the configuration/);
    assert.equal(await main.getByLabel('Customer Token Lifetime (hours)').inputValue(), '3');
    threeHourToken = (await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'needle@example.org', password: 'Password1' } })).body;
  });

  it('finds a customer among 10,000 by email and by last name, also at 375 px', async () => {
    await main.getByRole('link', { name: 'All Customers' }).click();
    assert.match(await main.getByRole('status').innerText(), /10,001 records found/);
    await main.getByLabel('Email').fill('needle@example.org');
    await main.getByRole('button', { name: 'Search' }).click();
    assert.match(await main.getByRole('status').innerText(), /^1 records found/);
    assert.match(await main.locator('tbody').innerText(), /Nina Haystack/);
    await main.getByRole('link', { name: 'Clear all' }).click();
    await main.getByLabel('Search by keyword').fill('Haysta');
    await main.getByRole('button', { name: 'Search' }).click();
    assert.match(await main.getByRole('status').innerText(), /^1 records found/);
    await check(main, 'customers');
    const { context, page: phone } = await newContext(browser, 375);
    await context.addCookies(await main.context().cookies());
    await phone.goto(`${server.url}/admin/customer/index/?search=Haysta`);
    assert.match(await phone.locator('tbody').innerText(), /needle@example\.org/);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page is ${overflow}px wider than a 375px screen`);
    await check(phone, 'customers-375');
    await context.close();
  });

  it('edits an address and the REST API shows it; unlocks a locked customer', async () => {
    assert.equal((await server.cli('config:set', 'customer/password/lockout_failures', '3')).code, 0);
    for (let i = 0; i < 3; i++) await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'needle@example.org', password: 'wrong' } });
    await main.getByRole('link', { name: 'Edit needle@example.org' }).click();
    assert.match(await main.locator('main').innerText(), /Account Lock: Locked/);
    await check(main, 'customer-edit');
    await main.getByRole('link', { name: 'Edit 5 Pin Lane, Austin' }).click();
    await main.getByLabel('City').fill('Houston');
    await main.getByRole('button', { name: 'Save Address' }).click();
    assert.match(await main.locator('.messages').innerText(), /You saved the address/);
    const id = (await server.request('GET', '/rest/V1/customers/search?searchCriteria[filter_groups][0][filters][0][field]=email&searchCriteria[filter_groups][0][filters][0][value]=needle@example.org', { token })).body.items[0].id;
    const rest = await server.request('GET', `/rest/V1/customers/${id}`, { token });
    assert.equal(rest.body.addresses[0].city, 'Houston');
    assert.equal((await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'needle@example.org', password: 'Password1' } })).status, 401, 'locked');
    await main.getByRole('button', { name: 'Unlock' }).click();
    assert.match(await main.locator('.messages').innerText(), /Customer has been unlocked successfully/);
    assert.equal((await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'needle@example.org', password: 'Password1' } })).status, 200);
  });

  it('creates an integration whose credentials, shown once, sign REST calls', async () => {
    await main.getByRole('link', { name: 'Integrations' }).click();
    await main.getByRole('link', { name: 'Add New Integration' }).click();
    await main.locator('#name').fill('ERP');
    await main.locator('#email').fill('erp@example.com');
    await main.getByLabel('Resource Access').selectOption('0');
    await main.getByLabel('All Customers').check();
    await main.getByLabel('Your Password').fill(ADMIN.password);
    await check(main, 'integration-new');
    await main.getByRole('button', { name: 'Save & Activate' }).click();
    const text = (id: string) => main.locator(`#${id}`).innerText();
    const creds = { id: 0, name: 'ERP', consumer_key: await text('consumer_key'), consumer_secret: await text('consumer_secret'), access_token: await text('access_token'), access_token_secret: await text('access_token_secret') };
    await shot(main, 'integration-tokens');
    const reply = await signedRequest(server.url, creds, 'GET', '/rest/V1/customers/search?searchCriteria[pageSize]=2');
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.total_count, 10001);
    await main.getByRole('link', { name: 'Done' }).click();
    await check(main, 'integrations');
  });

  it('a restricted role sees no Integrations and gets a 403 page there', async () => {
    await main.getByRole('link', { name: 'User Roles' }).click();
    await main.getByRole('link', { name: 'Add New Role' }).click();
    await main.getByLabel('Role Name').fill('Support');
    await main.getByLabel('All Customers').check();
    await main.getByLabel('Your Password').fill(ADMIN.password);
    await check(main, 'role-edit');
    await main.getByRole('button', { name: 'Save Role' }).click();
    await main.getByRole('link', { name: 'All Users' }).click();
    await main.getByRole('link', { name: 'Add New User' }).click();
    await main.getByLabel('User Name').fill('helpdesk');
    await main.getByLabel('First Name').fill('Help');
    await main.getByLabel('Last Name').fill('Desk');
    await main.getByLabel('Email').fill('help@example.com');
    await main.locator('#password').fill('help1234');
    await main.getByLabel('User Role').selectOption({ label: 'Support' });
    await main.getByLabel('Your Password').fill(ADMIN.password);
    await main.getByRole('button', { name: 'Save User' }).click();
    assert.match(await main.locator('.messages').innerText(), /You saved the user/);
    await check(main, 'users');
    const { context, page } = await newContext(browser);
    await signIn(page, server.url, { username: 'helpdesk', password: 'help1234' });
    const menu = await page.locator('nav[aria-label="Admin menu"]').innerText();
    assert.match(menu, /All Customers/);
    assert.doesNotMatch(menu, /Integrations|Configuration|All Users/);
    const denied = await page.goto(`${server.url}/admin/integration/`);
    assert.equal(denied!.status(), 403);
    await check(page, 'forbidden');
    await context.close();
  });

  it('shows groups and stores; refuses a POST without the form key', async () => {
    await main.getByRole('link', { name: 'Customer Groups' }).click();
    await check(main, 'groups');
    await main.getByRole('link', { name: 'All Stores' }).click();
    await check(main, 'stores');
    const forged = await main.context().request.post(`${server.url}/admin/system_store/create/`, { form: { code: 'evil', name: 'Evil' }, maxRedirects: 0 });
    assert.equal(forged.status(), 303);
    await main.reload();
    assert.doesNotMatch(await main.locator('main').innerText(), /Evil/);
  });

  it('locks the sign-in after 6 wrong passwords', async () => {
    const { context, page } = await newContext(browser);
    for (let i = 0; i < 6; i++) {
      await page.goto(`${server.url}/admin/admin/auth/login`);
      await page.getByLabel('Username').fill('helpdesk');
      await page.getByLabel('Password').fill('wrong-pass1');
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await page.getByLabel('Username').fill('helpdesk');
    await page.getByLabel('Password').fill('help1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(await page.locator('.messages').innerText(), /disabled temporarily/);
    await context.close();
  });

  it('two hours later: the 1-hour token has expired, the 3-hour one works, the idle admin session has ended', async () => {
    await server.stop();
    const later = await spawnServer({ ...server.env, KEYFRONT_CLOCK_OFFSET_SECONDS: String(2 * 3600) });
    try {
      const me = (t: string) => fetch(`${later.url}/rest/V1/customers/me`, { headers: { Authorization: `Bearer ${t}` } });
      assert.equal((await me(oneHourToken)).status, 401);
      assert.equal((await me(threeHourToken)).status, 200);
      await main.goto(`${later.url}/admin/dashboard/`);
      assert.equal(await main.locator('h1').innerText(), 'Welcome, please sign in');
    } finally {
      later.child.kill('SIGTERM');
      await new Promise((r) => later.child.once('exit', r));
    }
    void secret;
  });
});
