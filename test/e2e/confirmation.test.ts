// Account confirmation (customer/create_account/confirm = 1): the key arrives by mail, sign-in
// waits for it, and the activate / confirm routes behave as Magento's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminToken, startServer, type TestServer } from '../helpers/server.ts';
import { startMailCatcher, type MailCatcher, type ReceivedMail } from '../helpers/smtp.ts';

const GENERIC = 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';

function confirmLink(mail: ReceivedMail): URL {
  const match = /(https?:\/\/\S+customer\/account\/confirm\/\?\S+)/.exec(mail.text);
  if (!match) throw new Error(`no confirmation link in: ${mail.text}`);
  return new URL(match[1]);
}

describe('account confirmation', () => {
  let smtp: MailCatcher;
  let server: TestServer;
  let admin: string;
  before(async () => {
    smtp = await startMailCatcher();
    server = await startServer({ env: { KEYFRONT_MAIL_INTERVAL_MS: '100', SMTP_URL: smtp.url } });
    admin = await adminToken(server);
    await server.cli('config:set', 'customer/create_account/confirm', '1');
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  const create = (email: string, password?: string) =>
    server.request('POST', '/rest/V1/customers', {
      body: { customer: { email, firstname: 'Con', lastname: 'Firm' }, ...(password ? { password } : {}), redirectUrl: 'https://shop.example.com/after' },
    });
  const signIn = (email: string, password: string) => server.request('POST', '/rest/V1/integration/customer/token', { body: { username: email, password } });
  const status = async (id: number) => (await server.request('GET', `/rest/V1/customers/${id}/confirm`, { token: admin })).text;

  it('mails a confirmation link, refuses sign-in until confirmed, and activates with the key', async () => {
    const created = await create('confirm-me@example.com', 'Password1');
    assert.equal(created.status, 200, created.text);
    assert.ok(!('confirmation' in created.body), 'the key is not shown to whoever created the account');
    const id = created.body.id;

    const mail = await smtp.next((m) => m.to.includes('confirm-me@example.com'));
    assert.equal(mail.subject, 'Please confirm your Main Website Store account');
    assert.equal(mail.headers['x-keyfront-template'], 'confirmation');
    const link = confirmLink(mail);
    assert.equal(link.pathname, '/customer/account/confirm/');
    assert.equal(link.searchParams.get('id'), String(id));
    assert.equal(link.searchParams.get('back_url'), 'https://shop.example.com/after');
    const key = link.searchParams.get('key')!;
    assert.ok(key.length >= 32);

    const refused = await signIn('confirm-me@example.com', 'Password1');
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.body, { message: GENERIC });
    assert.equal(await status(id), '"account_confirmation_required"');
    // As in Magento, the key is part of the customer data admins read.
    assert.equal((await server.request('GET', `/rest/V1/customers/${id}`, { token: admin })).body.confirmation, key);

    const wrong = await server.request('PUT', '/rest/V1/customers/confirm-me@example.com/activate', { token: admin, body: { confirmationKey: 'not-the-key' } });
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body, { message: 'The confirmation token is invalid. Verify the token and try again.' });

    const activated = await server.request('PUT', '/rest/V1/customers/confirm-me@example.com/activate', { token: admin, body: { email: 'confirm-me@example.com', confirmationKey: key } });
    assert.equal(activated.status, 200, activated.text);
    assert.equal(activated.body.id, id);
    assert.ok(!('confirmation' in activated.body));
    const welcome = await smtp.next((m) => m.to.includes('confirm-me@example.com'));
    assert.equal(welcome.headers['x-keyfront-template'], 'confirmed');
    assert.match(welcome.text, /Thank you for confirming your Main Website Store account\./);

    assert.equal((await signIn('confirm-me@example.com', 'Password1')).status, 200);
    assert.equal(await status(id), '"account_confirmed"');
    const again = await server.request('PUT', '/rest/V1/customers/confirm-me@example.com/activate', { token: admin, body: { confirmationKey: key } });
    assert.equal(again.status, 400);
    assert.deepEqual(again.body, { message: 'The account is already active.' });
  });

  it('resends the confirmation mail with the same key, and says when it is not needed', async () => {
    const created = await create('resend@example.com', 'Password1');
    const first = confirmLink(await smtp.next((m) => m.to.includes('resend@example.com'))).searchParams.get('key');
    const resent = await server.request('POST', '/rest/V1/customers/confirm', { token: admin, body: { email: 'resend@example.com', websiteId: 1, redirectUrl: 'https://shop.example.com/again' } });
    assert.equal(resent.status, 200, resent.text);
    assert.equal(resent.body, true);
    const link = confirmLink(await smtp.next((m) => m.to.includes('resend@example.com')));
    assert.equal(link.searchParams.get('key'), first);
    assert.equal(link.searchParams.get('back_url'), 'https://shop.example.com/again');

    await server.request('PUT', '/rest/V1/customers/resend@example.com/activate', { token: admin, body: { confirmationKey: first } });
    const notNeeded = await server.request('POST', '/rest/V1/customers/confirm', { token: admin, body: { email: 'resend@example.com', websiteId: 1 } });
    assert.equal(notNeeded.status, 400);
    assert.deepEqual(notNeeded.body, { message: "Confirmation isn't needed." });
    assert.ok(created.body.id);
  });

  it('answers 404 with both fields for an unknown email, and 401 without Magento_Customer::manage', async () => {
    const unknown = await server.request('POST', '/rest/V1/customers/confirm', { token: admin, body: { email: 'dummy@example.com', websiteId: 0 } });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, {
      message: 'No such entity with %fieldName = %fieldValue, %field2Name = %field2Value',
      parameters: { fieldName: 'email', fieldValue: 'dummy@example.com', field2Name: 'websiteId', field2Value: 0 },
    });
    const activateUnknown = await server.request('PUT', '/rest/V1/customers/dummy@example.com/activate', { token: admin, body: { confirmationKey: 'x' } });
    assert.equal(activateUnknown.status, 404);
    for (const [method, path, body] of [
      ['PUT', '/rest/V1/customers/dummy@example.com/activate', { confirmationKey: 'x' }],
      ['POST', '/rest/V1/customers/confirm', { email: 'dummy@example.com', websiteId: 1 }],
      ['GET', '/rest/V1/customers/1/confirm', undefined],
    ] as const) {
      const reply = await server.request(method, path, { body });
      assert.equal(reply.status, 401, path);
      assert.deepEqual(reply.body, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Customer::manage' } });
    }
    assert.equal((await server.request('GET', '/rest/V1/customers/999999/confirm', { token: admin })).status, 404);
  });

  it('PUT /V1/customers/me/activate confirms the account of a customer who already holds a token', async () => {
    // A token from before confirmation became required (Magento signs in a customer with a key
    // left over only while confirmation is off).
    const created = await create('holder@example.com', 'Password1');
    const key = confirmLink(await smtp.next((m) => m.to.includes('holder@example.com'))).searchParams.get('key')!;
    await server.cli('config:set', 'customer/create_account/confirm', '0');
    let token: string;
    try {
      const login = await signIn('holder@example.com', 'Password1');
      assert.equal(login.status, 200);
      token = login.body;
      assert.equal(await status(created.body.id), '"account_confirmation_not_required"');
    } finally {
      await server.cli('config:set', 'customer/create_account/confirm', '1');
    }
    assert.equal(await status(created.body.id), '"account_confirmation_required"');
    const wrong = await server.request('PUT', '/rest/V1/customers/me/activate', { token, body: { confirmationKey: 'nope' } });
    assert.equal(wrong.status, 400);
    const ok = await server.request('PUT', '/rest/V1/customers/me/activate', { token, body: { confirmationKey: key } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.id, created.body.id);
    assert.equal(await status(created.body.id), '"account_confirmed"');
    const anonymous = await server.request('PUT', '/rest/V1/customers/me/activate', { body: { confirmationKey: key } });
    assert.equal(anonymous.status, 401);
  });

  it('gives an account created without a password no key (Magento confirms only accounts with a password)', async () => {
    const created = await create('no-key@example.com');
    const mail = await smtp.next((m) => m.to.includes('no-key@example.com'));
    assert.equal(mail.headers['x-keyfront-template'], 'registered_no_password');
    assert.equal(await status(created.body.id), '"account_confirmed"');
  });
});
