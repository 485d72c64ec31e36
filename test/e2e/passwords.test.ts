// Password change, reset links, reset limits (Magento_Security) and lockout, as Magento clients see them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withDatabase } from '../helpers/db.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { resetTokenIn, startMailCatcher, type MailCatcher } from '../helpers/smtp.ts';

const MAIL_ENV = { KEYFRONT_MAIL_INTERVAL_MS: '100', KEYFRONT_MAIL_RETRY_BASE_SECONDS: '1' };
const GENERIC = 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';
const MISMATCH = 'The password token is mismatched. Reset and try again.';
const TOO_FREQUENT = 'Too many password reset requests. Please wait and try again or contact %1.';
const TOO_MANY = 'We received too many requests for password resets. Please wait and try again later or contact %1.';

async function register(server: TestServer, email: string, password = 'Password1'): Promise<{ id: number; token: string }> {
  const created = await server.request('POST', '/rest/V1/customers', { body: { customer: { email, firstname: 'Pat', lastname: 'Word' }, password } });
  assert.equal(created.status, 200, created.text);
  return { id: created.body.id, token: await login(server, email, password) };
}

async function login(server: TestServer, email: string, password: string): Promise<string> {
  const reply = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: email, password } });
  assert.equal(reply.status, 200, reply.text);
  return reply.body;
}

/** The same database, a new process whose clock runs `offsetSeconds` ahead. */
function restart(server: TestServer, offsetSeconds: number): Promise<TestServer> {
  return startServer({ database: { url: server.databaseUrl, drop: async () => {} }, env: { ...server.env, KEYFRONT_CLOCK_OFFSET_SECONDS: String(offsetSeconds) } });
}

describe('passwords', () => {
  let smtp: MailCatcher;
  let server: TestServer;
  before(async () => {
    smtp = await startMailCatcher();
    server = await startServer({ env: { ...MAIL_ENV, SMTP_URL: smtp.url } });
    // As Magento's api-functional tests do: no reset limits while testing the reset itself.
    await server.cli('config:set', 'customer/password/password_reset_protection_type', '0');
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  async function requestReset(email: string): Promise<string> {
    const asked = await server.request('PUT', '/rest/V1/customers/password', { body: { email, template: 'email_reset', websiteId: 1 } });
    assert.equal(asked.status, 200, asked.text);
    return resetTokenIn(await smtp.next((m) => m.to.includes(email) && m.headers['x-keyfront-template'] === 'email_reset'));
  }

  describe('PUT /V1/customers/me/password', () => {
    it('changes the password, keeps the token in use and ends the customer\'s other tokens', async () => {
      const { token } = await register(server, 'change@example.com');
      const other = await login(server, 'change@example.com', 'Password1');
      const reply = await server.request('PUT', '/rest/V1/customers/me/password', { token, body: { currentPassword: 'Password1', newPassword: 'Changed-Pass1' } });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.text, 'true');
      assert.equal((await server.request('GET', '/rest/V1/customers/me', { token })).status, 200);
      assert.equal((await server.request('GET', '/rest/V1/customers/me', { token: other })).status, 401);
      await login(server, 'change@example.com', 'Changed-Pass1');
      const old = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'change@example.com', password: 'Password1' } });
      assert.deepEqual(old.body, { message: GENERIC });
    });

    it('refuses a wrong current password with 401', async () => {
      const { token } = await register(server, 'wrong-current@example.com');
      const reply = await server.request('PUT', '/rest/V1/customers/me/password', { token, body: { currentPassword: 'Nope-1234', newPassword: 'Changed-Pass1' } });
      assert.equal(reply.status, 401);
      assert.deepEqual(reply.body, { message: "The password doesn't match this account. Verify the password and try again." });
    });

    it('refuses a new password equal to the email, then a weak one (400)', async () => {
      const { token } = await register(server, 'Same-As-Email1@example.com');
      const same = await server.request('PUT', '/rest/V1/customers/me/password', { token, body: { currentPassword: 'Password1', newPassword: 'same-as-email1@EXAMPLE.com' } });
      assert.equal(same.status, 400);
      assert.deepEqual(same.body, { message: "The password can't be the same as the email address. Create a new password and try again." });
      const weak = await server.request('PUT', '/rest/V1/customers/me/password', { token, body: { currentPassword: 'Password1', newPassword: 'alllowercase' } });
      assert.equal(weak.status, 400);
      assert.deepEqual(weak.body, {
        message: 'Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.',
        parameters: ['3'],
      });
    });

    it('needs both passwords and a customer token', async () => {
      const { token } = await register(server, 'needs@example.com');
      const empty = await server.request('PUT', '/rest/V1/customers/me/password', { token, body: {} });
      assert.equal(empty.status, 400);
      assert.deepEqual(empty.body.errors.map((e: any) => e.parameters.fieldName), ['currentPassword', 'newPassword']);
      const anonymous = await server.request('PUT', '/rest/V1/customers/me/password', { body: { currentPassword: 'Password1', newPassword: 'Changed-Pass1' } });
      assert.equal(anonymous.status, 401);
      assert.deepEqual(anonymous.body, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'self' } });
    });
  });

  describe('PUT /V1/customers/password', () => {
    it('reports both missing fields', async () => {
      const reply = await server.request('PUT', '/rest/V1/customers/password');
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, {
        message: 'One or more input exceptions have occurred.',
        errors: [
          { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'email' } },
          { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'template' } },
        ],
      });
    });

    it('answers 404 with both fields for an unknown email or website', async () => {
      const reply = await server.request('PUT', '/rest/V1/customers/password', { body: { email: 'dummy@example.com', template: 'email_reset', websiteId: 0 } });
      assert.equal(reply.status, 404);
      assert.equal(
        reply.text,
        '{"message":"No such entity with %fieldName = %fieldValue, %field2Name = %field2Value","parameters":{"fieldName":"email","fieldValue":"dummy@example.com","field2Name":"websiteId","field2Value":0}}',
      );
    });

    it('refuses an unknown template with the possible values, and keeps any earlier link valid', async () => {
      const { id } = await register(server, 'template@example.com');
      const token = await requestReset('template@example.com');
      const reply = await server.request('PUT', '/rest/V1/customers/password', { body: { email: 'template@example.com', template: 'email_other' } });
      assert.equal(reply.status, 400);
      assert.equal(
        reply.text,
        '{"message":"Invalid value of \\"%value\\" provided for the %fieldName field. Possible values: %template1 or %template2.","parameters":{"value":"email_other","fieldName":"template","template1":"email_reminder","template2":"email_reset"}}',
      );
      assert.equal((await server.request('GET', `/rest/V1/customers/${id}/password/resetLinkToken/${token}`)).body, true);
    });
  });

  describe('reset links', () => {
    it('validates a link: wrong token, bad or unknown customer id', async () => {
      const { id } = await register(server, 'links@example.com');
      const wrong = await server.request('GET', `/rest/V1/customers/${id}/password/resetLinkToken/fjjkafjie`);
      assert.equal(wrong.status, 400);
      assert.deepEqual(wrong.body, { message: MISMATCH });
      const negative = await server.request('GET', '/rest/V1/customers/-1/password/resetLinkToken/abc');
      assert.equal(negative.status, 400);
      assert.equal(negative.text, '{"message":"Invalid value of \\"%value\\" provided for the %fieldName field.","parameters":{"value":-1,"fieldName":"customerId"}}');
      const unknown = await server.request('GET', '/rest/V1/customers/999999/password/resetLinkToken/abc');
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body.parameters, { fieldName: 'customerId', fieldValue: 999999 });
    });

    it("does not accept one customer's token for another", async () => {
      await register(server, 'owner@example.com');
      const intruder = await register(server, 'intruder@example.com');
      const token = await requestReset('owner@example.com');
      assert.equal((await server.request('GET', `/rest/V1/customers/${intruder.id}/password/resetLinkToken/${token}`)).status, 400);
      const reset = await server.request('POST', '/rest/V1/customers/resetPassword', { body: { email: 'intruder@example.com', resetToken: token, newPassword: 'Taken-Over1' } });
      assert.equal(reset.status, 400);
      assert.deepEqual(reset.body, { message: MISMATCH });
    });

    it('resetPassword: unknown token without email is 404; password = email, then strength, are checked after the token', async () => {
      const unknown = await server.request('POST', '/rest/V1/customers/resetPassword', { body: { email: '', resetToken: 'nosuchtoken', newPassword: 'Whatever-1' } });
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'rp_token', fieldValue: 'nosuchtoken' } });
      await register(server, 'Reset-Rules1@example.com');
      const token = await requestReset('Reset-Rules1@example.com');
      const same = await server.request('POST', '/rest/V1/customers/resetPassword', { body: { email: 'Reset-Rules1@example.com', resetToken: token, newPassword: 'reset-rules1@example.com' } });
      assert.equal(same.status, 400);
      assert.match(same.body.message, /can't be the same as the email/);
      const short = await server.request('POST', '/rest/V1/customers/resetPassword', { body: { email: 'Reset-Rules1@example.com', resetToken: token, newPassword: 'Ab1' } });
      assert.deepEqual(short.body, { message: 'The password needs at least %1 characters. Create a new password and try again.', parameters: ['8'] });
      const missing = await server.request('POST', '/rest/V1/customers/resetPassword', { body: {} });
      assert.deepEqual(missing.body.errors.map((e: any) => e.parameters.fieldName), ['email', 'resetToken', 'newPassword']);
      const unknownEmail = await server.request('POST', '/rest/V1/customers/resetPassword', { body: { email: 'ghost@example.com', resetToken: token, newPassword: 'Whatever-1' } });
      assert.equal(unknownEmail.status, 404);
      assert.deepEqual(unknownEmail.body.parameters, { fieldName: 'email', fieldValue: 'ghost@example.com', field2Name: 'websiteId', field2Value: 1 });
    });

    it('a changed email address ends a pending reset link', async () => {
      const { id, token: session } = await register(server, 'moving@example.com');
      const token = await requestReset('moving@example.com');
      const moved = await server.request('PUT', '/rest/V1/customers/me', { token: session, body: { customer: { email: 'moved@example.com', firstname: 'Pat', lastname: 'Word' } } });
      assert.equal(moved.status, 200, moved.text);
      const check = await server.request('GET', `/rest/V1/customers/${id}/password/resetLinkToken/${token}`);
      assert.equal(check.status, 400);
      assert.deepEqual(check.body, { message: MISMATCH });
    });

    it('expires after customer/password/reset_link_expiration_period hours', async () => {
      const { id } = await register(server, 'expiring@example.com');
      const token = await requestReset('expiring@example.com');
      const later = await restart(server, 2 * 3600 + 5);
      try {
        const reply = await later.request('GET', `/rest/V1/customers/${id}/password/resetLinkToken/${token}`);
        assert.equal(reply.status, 400);
        assert.deepEqual(reply.body, { message: 'The password token is expired. Reset and try again.' });
        const reset = await later.request('POST', '/rest/V1/customers/resetPassword', { body: { email: '', resetToken: token, newPassword: 'Too-Late-1' } });
        assert.deepEqual(reset.body, { message: 'The password token is expired. Reset and try again.' });
        await later.cli('config:set', 'customer/password/reset_link_expiration_period', '3');
        assert.equal((await later.request('GET', `/rest/V1/customers/${id}/password/resetLinkToken/${token}`)).body, true);
      } finally {
        await later.stop();
        await server.cli('config:set', 'customer/password/reset_link_expiration_period', '2');
      }
    });
  });

  describe('lockout (customer/password/lockout_failures, lockout_threshold)', () => {
    async function lock(token: string): Promise<void> {
      for (let i = 1; i <= 10; i++) {
        const reply = await server.request('PUT', '/rest/V1/customers/me/password', { token, body: { currentPassword: `Wrong-${i}-pass`, newPassword: 'Changed-Pass1' } });
        assert.equal(reply.status, 401);
        const expected = i < 10 ? "The password doesn't match this account. Verify the password and try again." : 'The account is locked.';
        assert.equal(reply.body.message, expected, `failure ${i}`);
      }
    }

    it('locks after 10 failures, refuses even the right password, and the lock expires after 10 minutes', async () => {
      const { token } = await register(server, 'locked@example.com');
      await lock(token);
      const right = await server.request('PUT', '/rest/V1/customers/me/password', { token, body: { currentPassword: 'Password1', newPassword: 'Changed-Pass1' } });
      assert.equal(right.status, 401);
      assert.deepEqual(right.body, { message: 'The account is locked.' });
      const signIn = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'locked@example.com', password: 'Password1' } });
      assert.equal(signIn.status, 401);
      assert.deepEqual(signIn.body, { message: GENERIC });

      const nine = await restart(server, 9 * 60);
      try {
        assert.equal((await nine.request('PUT', '/rest/V1/customers/me/password', { token, body: { currentPassword: 'Password1', newPassword: 'Changed-Pass1' } })).body.message, 'The account is locked.');
      } finally {
        await nine.stop();
      }
      const eleven = await restart(server, 11 * 60);
      try {
        const after = await eleven.request('PUT', '/rest/V1/customers/me/password', { token, body: { currentPassword: 'Password1', newPassword: 'Changed-Pass1' } });
        assert.equal(after.status, 200, after.text);
        assert.equal(after.body, true);
      } finally {
        await eleven.stop();
      }
    });

    it('a password reset lifts the lock', async () => {
      const { token } = await register(server, 'unlock@example.com');
      await lock(token);
      const resetToken = await requestReset('unlock@example.com');
      const reset = await server.request('POST', '/rest/V1/customers/resetPassword', { body: { email: 'unlock@example.com', resetToken, newPassword: 'Fresh-Start1' } });
      assert.equal(reset.status, 200, reset.text);
      await login(server, 'unlock@example.com', 'Fresh-Start1');
      const row = await withDatabase(server.databaseUrl, ({ db }) => db.selectFrom('customer_entity').select(['failures_num', 'lock_expires', 'rp_token']).where('email', '=', 'unlock@example.com').executeTakeFirstOrThrow());
      assert.deepEqual({ ...row, failures_num: Number(row.failures_num) }, { failures_num: 0, lock_expires: null, rp_token: null });
    });
  });
});

describe('password reset limits (Magento_Security)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ env: MAIL_ENV });
    for (const email of ['one@example.com', 'two@example.com', 'three@example.com']) {
      await server.request('POST', '/rest/V1/customers', { body: { customer: { email, firstname: 'Lim', lastname: 'It' }, password: 'Password1' } });
    }
  });
  after(() => server.close());

  const ask = (s: TestServer, email: string) => s.request('PUT', '/rest/V1/customers/password', { body: { email, template: 'email_reset' } });

  it('by default (by IP and email) refuses a second request within 10 minutes, from the same IP for any email, in every process', async () => {
    assert.equal((await ask(server, 'one@example.com')).status, 200);
    const again = await ask(server, 'two@example.com');
    assert.equal(again.status, 400);
    assert.deepEqual(again.body, { message: TOO_FREQUENT, parameters: ['hello@example.com'] });
    // A second process on the same database shares the record.
    const second = await restart(server, 0);
    try {
      assert.deepEqual((await ask(second, 'three@example.com')).body, { message: TOO_FREQUENT, parameters: ['hello@example.com'] });
    } finally {
      await second.stop();
    }
    // Unknown emails count too (the check runs before the look-up, as in Magento).
    const later = await restart(server, 11 * 60);
    try {
      assert.equal((await ask(later, 'nobody@example.com')).status, 404);
      assert.equal((await ask(later, 'one@example.com')).status, 400);
    } finally {
      await later.stop();
    }
  });

  it('refuses the request past max_number_password_reset_requests within an hour, naming the contact address', async () => {
    await server.cli('config:set', 'customer/password/min_time_between_password_reset_requests', '0');
    await server.cli('config:set', 'customer/password/password_reset_protection_type', '3');
    await server.cli('config:set', 'contact/email/recipient_email', 'help@shop.example.com');
    // By email: two@ has had no counted request yet (its refused one is not recorded).
    for (let i = 0; i < 5; i++) assert.equal((await ask(server, 'two@example.com')).status, 200, `request ${i + 1}`);
    const sixth = await ask(server, 'two@example.com');
    assert.equal(sixth.status, 400);
    assert.deepEqual(sixth.body, { message: TOO_MANY, parameters: ['help@shop.example.com'] });
    assert.equal((await ask(server, 'three@example.com')).status, 200, 'another email is not limited by email');
    const nextHour = await restart(server, 3601);
    try {
      assert.equal((await ask(nextHour, 'two@example.com')).status, 200);
    } finally {
      await nextHour.stop();
    }
  });

  it('protection type 0 turns the limits off', async () => {
    await server.cli('config:set', 'customer/password/password_reset_protection_type', '0');
    await server.cli('config:set', 'customer/password/min_time_between_password_reset_requests', '10');
    for (let i = 0; i < 7; i++) assert.equal((await ask(server, 'one@example.com')).status, 200);
  });
});
