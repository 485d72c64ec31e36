// The password-reset pages against a stand-in reset service (the real one arrives with the mail
// outbox): the forms, their form keys, and an answer that never tells whether an email exists.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildServices, setupUpgrade } from '../../src/app.ts';
import { openDatabase } from '../../src/db/database.ts';
import { registerStorefront } from '../../src/doors/storefront/plugin.ts';
import { NoSuchEntityError, StateError } from '../../src/errors/domain-errors.ts';
import { optionsFromEnv } from '../../src/options.ts';
import type { Services } from '../../src/doors/services.ts';

const COOKIE = /keyfront_session=([^;]+)/;
const FORM_KEY = /name="form_key" value="([^"]+)"/;

describe('storefront password reset pages', () => {
  let app: FastifyInstance;
  let services: Services;
  const requested: string[] = [];
  const resets: Array<[string, string]> = [];

  before(async () => {
    const options = optionsFromEnv({ DATABASE_URL: 'sqlite::memory:', KEYFRONT_ARGON2_MEMORY_KIB: '256', KEYFRONT_ARGON2_TIME_COST: '1', KEYFRONT_ARGON2_PARALLELISM: '1' });
    services = buildServices(await openDatabase(options.databaseUrl), options);
    await setupUpgrade(services);
    app = Fastify();
    registerStorefront(app, services, {
      passwordReset: {
        async requestReset(_store, email) {
          requested.push(email);
          if (email !== 'known@example.com') throw NoSuchEntityError.byField('email', email);
        },
        async resetWithToken(_store, token, password) {
          if (token !== 'good-token') throw new StateError('password.reset_token_expired');
          resets.push([token, password]);
        },
        async checkToken(token) {
          if (token === 'old-token') throw new StateError('password.reset_token_expired');
        },
      },
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await services.database.db.destroy();
  });

  async function visit(url: string) {
    const page = await app.inject({ method: 'GET', url });
    return { page, cookie: COOKIE.exec(String(page.headers['set-cookie']))![1], key: FORM_KEY.exec(page.body)![1] };
  }

  function post(url: string, cookie: string, fields: Record<string, string>) {
    return app.inject({ method: 'POST', url, headers: { cookie: `keyfront_session=${cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
  }

  it('answers a known and an unknown email the same way', async () => {
    const answers = [];
    for (const email of ['known@example.com', 'unknown@example.com']) {
      const { cookie, key } = await visit('/customer/account/forgotpassword/');
      const reply = await post('/customer/account/forgotpasswordpost/', cookie, { form_key: key, email });
      assert.equal(reply.statusCode, 303);
      const next = await app.inject({ method: 'GET', url: reply.headers.location as string, headers: { cookie: `keyfront_session=${cookie}` } });
      answers.push(next.body.replace(FORM_KEY, '').replaceAll(email, 'EMAIL'));
      assert.match(next.body, new RegExp(`If there is an account associated with ${email} you will receive an email with a link to reset your password\\.`));
    }
    assert.equal(answers[0], answers[1]);
    assert.deepEqual(requested, ['known@example.com', 'unknown@example.com']);
  });

  it('checks the form key and the email before asking the service', async () => {
    const { cookie, key } = await visit('/customer/account/forgotpassword/');
    assert.equal((await post('/customer/account/forgotpasswordpost/', cookie, { email: 'known@example.com' })).statusCode, 403);
    const bad = await post('/customer/account/forgotpasswordpost/', cookie, { form_key: key, email: 'not-an-email' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /The email address is incorrect\. Verify the email address and try again\./);
    assert.equal(requested.length, 2);
  });

  it('sets a new password through the link, with Magento\'s messages', async () => {
    const { page, cookie, key } = await visit('/customer/account/createPassword/?token=good-token');
    assert.match(page.body, /<input type="hidden" name="token" value="good-token">/);
    const mismatch = await post('/customer/account/resetpasswordpost/', cookie, { form_key: key, token: 'good-token', password: 'New-Secret1', password_confirmation: 'Other1-x' });
    assert.match(mismatch.body, /New Password and Confirm New Password values didn&#39;t match\./);
    const expired = await post('/customer/account/resetpasswordpost/', cookie, { form_key: key, token: 'old-token', password: 'New-Secret1', password_confirmation: 'New-Secret1' });
    assert.equal(expired.statusCode, 303, 'a link that died while the form was open: back to "Forgot Your Password?"');
    assert.equal(expired.headers.location, '/customer/account/forgotpassword/');
    const told = await app.inject({ method: 'GET', url: '/customer/account/forgotpassword/', headers: { cookie: `keyfront_session=${cookie}` } });
    assert.match(told.body, /Your password reset link has expired\./);
    const done = await post('/customer/account/resetpasswordpost/', cookie, { form_key: key, token: 'good-token', password: 'New-Secret1', password_confirmation: 'New-Secret1' });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/customer/account/login/');
    assert.deepEqual(resets, [['good-token', 'New-Secret1']]);
    const { cookie: c2 } = await visit('/customer/account/forgotpassword/');
    const deadLink = await app.inject({ method: 'GET', url: '/customer/account/createPassword/?token=old-token', headers: { cookie: `keyfront_session=${c2}` } });
    assert.equal(deadLink.statusCode, 303, 'a dead link is refused as the page opens, before any password is typed');
    assert.equal(deadLink.headers.location, '/customer/account/forgotpassword/');
    const explained = await app.inject({ method: 'GET', url: deadLink.headers.location as string, headers: { cookie: `keyfront_session=${c2}` } });
    assert.match(explained.body, /Your password reset link has expired\./);
    assert.match(explained.body, /Reset My Password/);
    const escaped = await visit('/customer/account/createPassword/?token=%22%3E%3Cscript%3E');
    assert.match(escaped.page.body, /value="&quot;&gt;&lt;script&gt;"/);
  });
});
