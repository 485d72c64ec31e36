// The seeds' "Verify this step" in a real browser, for a customer made through the REST API in the
// `default` view and in the `us` view; then a customer's own way through the pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, launchChromium, screenshot } from '../helpers/browser.ts';
import { adminToken, createUsStore, startServer, type TestServer } from '../helpers/server.ts';
import { resetTokenIn, startMailCatcher, type MailCatcher } from '../helpers/smtp.ts';

const VIEWS = [
  { code: 'default', base: '', name: 'Default Store View', shop: 'Main Website Store', street: '6146 Honey Bluff Parkway', city: 'Calder', postcode: '49628-7978' },
  { code: 'us', base: '/us', name: 'US Store View', shop: 'US Store', street: '123 Main Street', city: 'New York', postcode: '10001' },
];

function janePayload(view: (typeof VIEWS)[number]) {
  return {
    customer: {
      firstname: 'Jane',
      lastname: 'Doe',
      email: 'jdoe@example.com',
      addresses: [
        {
          defaultBilling: true,
          defaultShipping: true,
          firstname: 'Jane',
          lastname: 'Doe',
          region: { regionCode: 'NY', regionId: 43, region: 'New York' },
          countryId: 'US',
          postcode: view.postcode,
          city: view.city,
          street: [view.street],
          telephone: '512-555-1111',
        },
      ],
    },
    password: 'Password1',
  };
}

/** A page that fails the test if anything ever runs a script dialog (an escaping bug would). */
async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    throw new Error(`a script ran a dialog: ${dialog.message()}`);
  });
  return page;
}

describe('storefront in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let smtp: MailCatcher;

  before(async () => {
    smtp = await startMailCatcher();
    server = await startServer({ env: { SMTP_URL: smtp.url, KEYFRONT_MAIL_INTERVAL_MS: '100' } });
    const token = await adminToken(server);
    await createUsStore(server);
    for (const view of VIEWS) {
      const r = await server.request('POST', `/rest/${view.code}/V1/customers`, { token, body: janePayload(view) });
      assert.equal(r.status, 200, r.text);
    }
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  for (const view of VIEWS) {
    it(`walks the seeds' verification in the ${view.code} view`, async () => {
      const page = await newPage(browser);
      await page.goto(`${server.url}${view.base}/customer/account/login/`);
      assert.equal(await page.title(), `Customer Login | ${view.shop}`);
      assert.match(await page.locator('header').innerText(), new RegExp(view.shop));
      await screenshot(page, `${view.code}-login`);
      await assertAccessible(page, `${view.code} login`);

      // 1. Log in using the email and password.
      await page.getByLabel('Email').fill('jdoe@example.com');
      await page.getByLabel('Password').fill('Password1');
      await page.getByRole('button', { name: 'Sign In' }).click();
      await page.waitForURL(`${server.url}${view.base}/customer/account/`);

      // 2. Click the account name (Jane) in the upper right corner and select My Account.
      const menu = page.locator('header summary');
      assert.equal((await menu.innerText()).trim(), 'Jane');
      await menu.click();
      await page.locator('header').getByRole('link', { name: 'My Account' }).click();
      await page.waitForURL(`${server.url}${view.base}/customer/account/`);
      assert.equal(await page.locator('h1').innerText(), 'My Account');
      const contact = await page.locator('section', { has: page.getByRole('heading', { name: 'Contact Information' }) }).innerText();
      assert.match(contact, /Jane Doe/);
      assert.match(contact, /jdoe@example\.com/);
      await screenshot(page, `${view.code}-my-account`);
      await assertAccessible(page, `${view.code} my account`);

      // 3. Click Address Book to view the default billing and shipping addresses.
      await page.locator('.side-nav').getByRole('link', { name: 'Address Book' }).click();
      await page.waitForURL(`${server.url}${view.base}/customer/address/`);
      for (const heading of ['Default Billing Address', 'Default Shipping Address']) {
        const box = await page.locator('section', { has: page.getByRole('heading', { name: heading }) }).innerText();
        assert.match(box, new RegExp(view.street));
        assert.match(box, new RegExp(`${view.city}, New York, ${view.postcode}`));
        assert.match(box, /United States/);
        assert.match(box, /T: 512-555-1111/);
      }
      await screenshot(page, `${view.code}-address-book`);
      await assertAccessible(page, `${view.code} address book`);
      await page.context().close();
    });
  }

  it('registers in the us view, adds addresses, makes one default, edits the account and signs out', async () => {
    const page = await newPage(browser);
    const base = `${server.url}/us`;
    await page.goto(`${base}/customer/account/create/`);
    await screenshot(page, 'us-create-account');
    await assertAccessible(page, 'create account');
    // Magento's password rules are shown before typing, and enforced by the same service as the API.
    assert.match(await page.locator('#password-hint').innerText(), /At least 8 characters, with at least 3 of these classes/);
    await page.getByLabel('First Name').fill('<script>alert(1)</script>');
    await page.getByLabel('Last Name').fill('Tester');
    await page.getByLabel('Sign Up for Newsletter').check();
    await page.getByLabel('Email').fill('tester@example.com');
    await page.locator('#password').fill('password');
    await page.getByLabel('Confirm Password').fill('password');
    await page.getByRole('button', { name: 'Create an Account' }).click();
    assert.match(await page.locator('#password-error').innerText(), /Minimum of different classes of characters in password is 3/);
    assert.equal(await page.locator('.messages').innerText(), 'Please correct this field: Password.');
    assert.equal(await page.locator('#password').getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'us-create-account-errors');
    await assertAccessible(page, 'create account with errors');

    await page.locator('#password').fill('Secret-Pass1');
    await page.getByLabel('Confirm Password').fill('Secret-Pass1');
    await page.getByRole('button', { name: 'Create an Account' }).click();
    await page.waitForURL(`${base}/customer/account/`);
    assert.match(await page.locator('.messages').innerText(), /Thank you for registering with US Store\./);
    const welcome = await smtp.next((m) => m.to.includes('tester@example.com'));
    assert.match(welcome.subject, /^Welcome to US Store/);
    // The name shows as text, never as markup.
    assert.equal((await page.locator('header summary').innerText()).trim(), '<script>alert(1)</script>');
    assert.match(await page.locator('main').innerText(), /You are subscribed to "General Subscription"\./);
    assert.match(await page.locator('main').innerText(), /You have not set a default billing address\./);

    // A first address: the book has none yet, so Magento goes straight to the form and makes it the default.
    await page.locator('.side-nav').getByRole('link', { name: 'Address Book' }).click();
    await page.waitForURL(`${base}/customer/address/new/`);
    await screenshot(page, 'us-address-new');
    await assertAccessible(page, 'new address');
    await page.getByLabel('Phone Number').fill('555-0100');
    await page.locator('#street_1').fill('1 Infinite Loop');
    await page.getByLabel('City').fill('Cupertino');
    await page.getByLabel('Country').selectOption('US');
    await page.locator('#region_id').selectOption({ label: 'California' });
    await page.getByLabel('Zip/Postal Code').fill('95014');
    await page.getByRole('button', { name: 'Save Address' }).click();
    await page.waitForURL(`${base}/customer/address/`);
    assert.match(await page.locator('.messages').innerText(), /You saved the address\./);
    const billing = () => page.locator('section', { has: page.getByRole('heading', { name: 'Default Billing Address' }) }).innerText();
    const shipping = () => page.locator('section', { has: page.getByRole('heading', { name: 'Default Shipping Address' }) }).innerText();
    assert.match(await billing(), /Cupertino, California, 95014/);
    assert.match(await shipping(), /Cupertino, California, 95014/);

    // A second address with Magento's validation messages, then made the default shipping address.
    await page.getByRole('link', { name: 'Add New Address' }).click();
    await page.getByLabel('Country').selectOption('DE');
    await page.getByRole('button', { name: 'Save Address' }).click();
    // Each message once, next to its field, with the field's label; the top names the fields.
    assert.match(await page.locator('.messages').innerText(), /Please correct these fields: Street Address, Phone Number, City, Zip\/Postal Code\./);
    assert.equal(await page.locator('#street_1-error').innerText(), '"Street Address" is required. Enter and try again.');
    assert.equal(await page.locator('#telephone-error').innerText(), '"Phone Number" is required. Enter and try again.');
    assert.equal(await page.locator('#street_1').getAttribute('aria-describedby'), 'street_1-error');
    await screenshot(page, 'us-address-errors');
    await assertAccessible(page, 'address form with errors');
    await page.getByLabel('Phone Number').fill('+49 30 1234567');
    await page.locator('#street_1').fill('Unter den Linden 1');
    await page.getByLabel('City').fill('Berlin');
    // The region picker lists the chosen country's regions only (a same-origin script; the CSP forbids inline ones).
    assert.equal(await page.getByLabel('State/Province (if not listed)').isVisible(), false);
    assert.deepEqual(await page.locator('#region_id optgroup:not([hidden])').evaluateAll((gs) => gs.map((g) => g.getAttribute('label'))), ['Germany']);
    await page.locator('#region_id').selectOption({ label: 'Berlin' });
    await page.getByLabel('Zip/Postal Code').fill('10117');
    await page.getByLabel('Use as my default shipping address').check();
    await page.getByRole('button', { name: 'Save Address' }).click();
    await page.waitForURL(`${base}/customer/address/`);
    assert.match(await billing(), /Cupertino/);
    assert.match(await shipping(), /Unter den Linden 1/);
    assert.match(await shipping(), /Germany/);

    // A third one stays an additional entry; then it is deleted.
    await page.getByRole('link', { name: 'Add New Address' }).click();
    await page.getByLabel('Country').selectOption('NL');
    assert.equal(await page.getByLabel('State/Province (if not listed)').isVisible(), true);
    assert.equal(await page.locator('#region_id').isVisible(), false);
    await page.getByLabel('Country').selectOption('US');
    await page.getByLabel('Phone Number').fill('555-0199');
    await page.locator('#street_1').fill('742 Evergreen Terrace');
    await page.getByLabel('City').fill('Springfield');
    await page.locator('#region_id').selectOption({ label: 'Oregon' });
    await page.getByLabel('Zip/Postal Code').fill('97403');
    await page.getByRole('button', { name: 'Save Address' }).click();
    await page.waitForURL(`${base}/customer/address/`);
    assert.match(await page.locator('table').innerText(), /742 Evergreen Terrace/);
    await screenshot(page, 'us-address-book-additional');
    await assertAccessible(page, 'address book with additional entries');
    await page.getByRole('link', { name: /Edit 742 Evergreen Terrace/ }).click();
    await screenshot(page, 'us-address-edit');
    await page.getByLabel('Use as my default billing address').check();
    await page.getByRole('button', { name: 'Save Address' }).click();
    await page.waitForURL(`${base}/customer/address/`);
    assert.match(await billing(), /742 Evergreen Terrace/);
    assert.match(await page.locator('table').innerText(), /1 Infinite Loop/);
    await page.getByRole('button', { name: /Delete 1 Infinite Loop/ }).click();
    await page.waitForURL(`${base}/customer/address/`);
    assert.match(await page.locator('.messages').innerText(), /You deleted the address\./);
    assert.match(await page.locator('main').innerText(), /You have no other address entries in your address book\./);

    // Account Information: a new name needs no password; the page shows it at once.
    await page.locator('.side-nav').getByRole('link', { name: 'Account Information' }).click();
    await screenshot(page, 'us-account-edit');
    await assertAccessible(page, 'account edit');
    await page.getByLabel('First Name').fill('Tess');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${base}/customer/account/`);
    assert.match(await page.locator('.messages').innerText(), /You saved the account information\./);
    assert.equal((await page.locator('header summary').innerText()).trim(), 'Tess');

    // Sign out from the account menu.
    await page.locator('header summary').click();
    await page.getByRole('button', { name: 'Sign Out' }).click();
    await page.waitForURL(`${base}/customer/account/logoutSuccess/`);
    await screenshot(page, 'us-signed-out');
    await assertAccessible(page, 'signed out');
    await page.goto(`${base}/customer/account/`);
    assert.equal(page.url(), `${base}/customer/account/login/`);
    // Forgot Your Password? → the mail's link → a new password → sign in with it.
    await page.getByRole('link', { name: 'Forgot Your Password?' }).click();
    await screenshot(page, 'us-forgot-password');
    await assertAccessible(page, 'forgot password');
    await page.getByLabel('Email').fill('tester@example.com');
    await page.getByRole('button', { name: 'Reset My Password' }).click();
    await page.waitForURL(`${base}/customer/account/login/`);
    assert.match(await page.locator('.messages').innerText(), /If there is an account associated with tester@example.com you will receive an email/);
    const resetMail = await smtp.next((m) => m.to.includes('tester@example.com') && /createPassword/.test(m.text));
    await page.goto(`${base}/customer/account/createPassword/?token=${resetTokenIn(resetMail)}`);
    await screenshot(page, 'us-create-password');
    await assertAccessible(page, 'set a new password');
    await page.locator('#password').fill('Brand-New-Pass2');
    await page.locator('#password-confirmation').fill('Brand-New-Pass2');
    await page.getByRole('button', { name: 'Set a New Password' }).click();
    await page.waitForURL(`${base}/customer/account/login/`);
    assert.match(await page.locator('.messages').innerText(), /You updated your password\./);
    await page.getByLabel('Email').fill('tester@example.com');
    await page.getByLabel('Password').fill('Brand-New-Pass2');
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.waitForURL(`${base}/customer/account/`);
    await page.context().close();
  });

  it('is readable on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/customer/account/login/`);
    await page.getByLabel('Email').fill('jdoe@example.com');
    await page.getByLabel('Password').fill('Password1');
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.waitForURL(`${server.url}/customer/account/`);
    await page.goto(`${server.url}/customer/address/`);
    // Nothing is wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0);
    await screenshot(page, 'default-address-book-phone');
    await assertAccessible(page, 'address book on a phone');
    await context.close();
  });
});
