// The storefront's account pages, black-box: sign-in failures that reveal nothing, the token
// endpoint's throttle and the account lockout on the login form, registration in the view's
// website with Magento's password rules, and the account edit page's password rules.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminToken, createUsStore, startServer, type TestServer } from '../helpers/server.ts';
import { FORM_KEY, Visitor } from '../helpers/visitor.ts';

const SIGN_IN_FAILED = 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';
const PASSWORD = 'Password1';

/** The message shown next to one field (its `<id>-error` paragraph), or null. */
function fieldError(html: string, id: string): string | null {
  return new RegExp(`<p class="error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1] ?? null;
}

function messages(html: string): string {
  return [...html.matchAll(/<li class="(?:error|success|notice)">([^<]*)<\/li>/g)].map((m) => m[1]).join('\n');
}

describe('storefront accounts', () => {
  let server: TestServer;
  let token: string;

  async function makeCustomer(email: string, store = 'default') {
    const r = await server.request('POST', `/rest/${store}/V1/customers`, { token, body: { customer: { firstname: 'Jane', lastname: 'Doe', email }, password: PASSWORD } });
    assert.equal(r.status, 200, r.text);
    return r.body;
  }

  before(async () => {
    server = await startServer();
    token = await adminToken(server);
    await createUsStore(server);
  });
  after(() => server?.close());

  it('answers a wrong password and an unknown email alike, and asks for both fields', async () => {
    await makeCustomer('same@example.com');
    const wrong = await new Visitor(server.url).login('same@example.com', 'Wrong-pass1');
    const unknown = await new Visitor(server.url).login('nobody@example.com', 'Wrong-pass1');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(messages(wrong.text), SIGN_IN_FAILED);
    assert.equal(messages(unknown.text), SIGN_IN_FAILED);
    assert.match(wrong.text, /value="same@example.com"/);
    const visitor = new Visitor(server.url);
    const key = await visitor.formKey();
    const empty = await visitor.post('/customer/account/loginPost/', { form_key: key, 'login[username]': 'same@example.com' });
    assert.equal(empty.status, 400);
    assert.match(messages(empty.text), /A login and a password are required\./);
    assert.match(empty.text, /id="pass"[^>]*aria-invalid="true"[^>]*aria-describedby="pass-error"/);
  });

  it('throttles the login form with the token endpoint\'s counter', async () => {
    await makeCustomer('throttled@example.com');
    // oauth/authentication_lock/max_failures_count is 6: the 7th attempt is refused unchecked.
    for (let i = 0; i < 6; i++) assert.equal((await new Visitor(server.url).login('throttled@example.com', `Wrong-pass${i}`)).status, 401);
    const right = await new Visitor(server.url).login('throttled@example.com', PASSWORD);
    assert.equal(right.status, 401);
    assert.equal(messages(right.text), SIGN_IN_FAILED);
    // The same budget applies to the REST token endpoint.
    const rest = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'throttled@example.com', password: PASSWORD } });
    assert.equal(rest.status, 401);
  });

  it('locks the account after Magento\'s lockout failures, whatever the throttle allows', async () => {
    await makeCustomer('locked@example.com');
    assert.equal((await server.cli('config:set', 'customer/password/lockout_failures', '3')).code, 0);
    try {
      for (let i = 0; i < 3; i++) assert.equal((await new Visitor(server.url).login('locked@example.com', `Wrong-pass${i}`)).status, 401);
      const right = await new Visitor(server.url).login('locked@example.com', PASSWORD);
      assert.equal(right.status, 401);
      assert.equal(messages(right.text), SIGN_IN_FAILED);
      const rest = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'locked@example.com', password: PASSWORD } });
      assert.equal(rest.status, 401);
    } finally {
      await server.cli('config:set', 'customer/password/lockout_failures', '10');
    }
  });

  it('registers in the view\'s website with Magento\'s password rules, and signs the customer in', async () => {
    const visitor = new Visitor(server.url);
    const key = await visitor.formKey('/us/customer/account/create/');
    const fields = { form_key: key, firstname: 'Uma', lastname: 'Us', email: 'uma@example.com', password: 'short', password_confirmation: 'short', is_subscribed: '1' };
    const weak = await visitor.post('/us/customer/account/createpost/', fields);
    assert.equal(weak.status, 400);
    assert.equal(fieldError(weak.text, 'password'), 'The password needs at least 8 characters. Create a new password and try again.');
    assert.equal(messages(weak.text), 'Please correct this field: Password.', 'the message sits next to its field, once');
    assert.match(weak.text, /id="password"[^>]*aria-invalid="true"/);
    const same = await visitor.post('/us/customer/account/createpost/', { ...fields, email: 'Uma-1@example.com', password: 'Uma-1@example.com', password_confirmation: 'Uma-1@example.com' });
    assert.equal(fieldError(same.text, 'password'), 'The password can&#39;t be the same as the email address. Create a new password and try again.');
    const mismatch = await visitor.post('/us/customer/account/createpost/', { ...fields, password: 'Secret-Pass1', password_confirmation: 'Secret-Pass2' });
    assert.equal(fieldError(mismatch.text, 'password-confirmation'), 'Please make sure your passwords match.');
    const noName = await visitor.post('/us/customer/account/createpost/', { ...fields, firstname: '', password: 'Secret-Pass1', password_confirmation: 'Secret-Pass1' });
    assert.equal(fieldError(noName.text, 'firstname'), '&quot;First Name&quot; is a required value.');
    // Everything wrong at once: every field says so in the same answer, each with its label.
    const empty = await visitor.post('/us/customer/account/createpost/', { form_key: key, firstname: '', lastname: '', email: 'not-an-email', password: 'short', password_confirmation: 'other' });
    assert.equal(empty.status, 400);
    assert.equal(fieldError(empty.text, 'firstname'), '&quot;First Name&quot; is a required value.');
    assert.equal(fieldError(empty.text, 'lastname'), '&quot;Last Name&quot; is a required value.');
    assert.equal(fieldError(empty.text, 'email_address'), '&quot;Email&quot; is not a valid email address.');
    assert.equal(fieldError(empty.text, 'password'), 'The password needs at least 8 characters. Create a new password and try again.');
    assert.equal(fieldError(empty.text, 'password-confirmation'), 'Please make sure your passwords match.');
    assert.equal(messages(empty.text), 'Please correct these fields: First Name, Last Name, Email, Password, Confirm Password.');
    const ok = await visitor.post('/us/customer/account/createpost/', { ...fields, password: 'Secret-Pass1', password_confirmation: 'Secret-Pass1' });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, '/us/customer/account/');
    const dashboard = await visitor.get('/us/customer/account/');
    assert.equal(messages(dashboard.text), 'Thank you for registering with US Store.', "the shop's name: the store group's, as Magento's Store::getFrontendName");
    assert.match(dashboard.text, /You are subscribed to &quot;General Subscription&quot;\./);
    // The account belongs to the us website: a token there, none in the default website.
    assert.equal((await server.request('POST', '/rest/us/V1/integration/customer/token', { body: { username: 'uma@example.com', password: 'Secret-Pass1' } })).status, 200);
    assert.equal((await server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'uma@example.com', password: 'Secret-Pass1' } })).status, 401);
    const again = new Visitor(server.url);
    const dup = await again.post('/us/customer/account/createpost/', { ...fields, form_key: await again.formKey('/us/customer/account/create/'), password: 'Secret-Pass1', password_confirmation: 'Secret-Pass1' });
    assert.equal(dup.status, 400);
    assert.match(fieldError(dup.text, 'email_address') ?? '', /There is already an account with this email address\./);
  });

  it('needs the current password for a new email or password; a new password ends every session and token', async () => {
    const jane = await makeCustomer('change@example.com');
    const first = new Visitor(server.url);
    const second = new Visitor(server.url);
    await first.login('change@example.com', PASSWORD);
    await second.login('change@example.com', PASSWORD);
    const restToken = (await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'change@example.com', password: PASSWORD } })).body;
    const key = FORM_KEY.exec((await first.get('/customer/account/edit/')).text)![1];
    const base = { form_key: key, firstname: 'Jane', lastname: 'Doe', email: 'change@example.com' };

    const noCurrent = await first.post('/customer/account/editPost/', { ...base, email: 'changed@example.com' });
    assert.equal(fieldError(noCurrent.text, 'current-password'), '&quot;Current Password&quot; is a required value.');
    const wrongCurrent = await first.post('/customer/account/editPost/', { ...base, email: 'changed@example.com', current_password: 'Nope-nope1' });
    assert.equal(fieldError(wrongCurrent.text, 'current-password'), 'The password doesn&#39;t match this account. Verify the password and try again.');
    assert.match(wrongCurrent.text, /aria-describedby="current-password-hint current-password-error"/);
    const mismatch = await first.post('/customer/account/editPost/', { ...base, current_password: PASSWORD, password: 'New-Secret1', password_confirmation: 'Other-Secret1' });
    assert.equal(fieldError(mismatch.text, 'password-confirmation'), 'Password confirmation doesn&#39;t match entered password.');
    const weak = await first.post('/customer/account/editPost/', { ...base, current_password: PASSWORD, password: 'alllowercase', password_confirmation: 'alllowercase' });
    assert.match(fieldError(weak.text, 'password') ?? '', /Minimum of different classes of characters in password is 3\./);
    const stillOld = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'change@example.com', password: PASSWORD } });
    assert.equal(stillOld.status, 200);

    const changed = await first.post('/customer/account/editPost/', { ...base, current_password: PASSWORD, password: 'New-Secret1', password_confirmation: 'New-Secret1' });
    assert.equal(changed.status, 303);
    assert.equal(changed.location, '/customer/account/login/');
    assert.equal((await first.get('/customer/account/')).location, '/customer/account/login/');
    assert.equal((await second.get('/customer/account/')).location, '/customer/account/login/');
    assert.equal((await server.request('GET', '/rest/V1/customers/me', { token: restToken })).status, 401);
    assert.equal((await new Visitor(server.url).login('change@example.com', PASSWORD)).status, 401);
    const relogin = new Visitor(server.url);
    assert.equal((await relogin.login('change@example.com', 'New-Secret1')).status, 303);

    // A new email with the right current password.
    const key2 = FORM_KEY.exec((await relogin.get('/customer/account/edit/')).text)![1];
    const moved = await relogin.post('/customer/account/editPost/', { ...base, form_key: key2, email: 'moved@example.com', current_password: 'New-Secret1' });
    assert.equal(moved.location, '/customer/account/');
    const now = await server.request('GET', `/rest/V1/customers/${jane.id}`, { token });
    assert.equal(now.body.email, 'moved@example.com');
  });

  it('answers a reset request the same whether or not the email has an account', async () => {
    const visitor = new Visitor(server.url);
    const page = await visitor.get('/customer/account/forgotpassword/');
    assert.equal(page.status, 200);
    const answers: string[] = [];
    await makeCustomer('resetting@example.com');
    for (const email of ['resetting@example.com', 'nobody-here@example.com']) {
      const form = await visitor.get('/customer/account/forgotpassword/');
      const formKey = /name="form_key" value="([^"]+)"/.exec(form.text)![1];
      const posted = await visitor.post('/customer/account/forgotpasswordpost/', { form_key: formKey, email });
      assert.equal(posted.status, 303);
      const landing = await visitor.get(new URL(posted.location!, server.url).pathname);
      answers.push(landing.text.replace(email, 'EMAIL'));
    }
    assert.equal(answers[0], answers[1]);
  });
});
