// Mail, for real: Keyfront's sender delivers over SMTP to a server in this process; the tests read
// what arrived, follow the links and tokens through the API, and check what the outbox keeps.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withDatabase } from '../helpers/db.ts';
import { createUsStore, startServer, type TestServer } from '../helpers/server.ts';
import { freePort, resetTokenIn, startMailCatcher, type MailCatcher } from '../helpers/smtp.ts';

const MAIL_ENV = { KEYFRONT_MAIL_INTERVAL_MS: '100', KEYFRONT_MAIL_RETRY_BASE_SECONDS: '1' };

function customer(email: string, extra: Record<string, unknown> = {}) {
  return { customer: { email, firstname: 'Mia', lastname: 'Mailer', ...extra } };
}

describe('mail over SMTP', () => {
  let smtp: MailCatcher;
  let server: TestServer;
  before(async () => {
    smtp = await startMailCatcher();
    server = await startServer({ env: { ...MAIL_ENV, SMTP_URL: smtp.url } });
    await server.cli('config:set', 'customer/password/password_reset_protection_type', '0');
    await server.cli('config:set', 'web/unsecure/base_url', 'https://shop.example.com/');
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  it('says where mail goes in the start-up line, without the SMTP password', () => {
    assert.match(server.startLine, /mail: smtp:\/\/keyfront:\*\*\*@127\.0\.0\.1:\d+/);
    assert.ok(!server.startLine.includes('s3cret'));
  });

  it('welcomes a customer who chose a password, in the name of the store, from the general sender', async () => {
    const created = await server.request('POST', '/rest/V1/customers', { body: { ...customer('welcome@example.com'), password: 'Password1' } });
    assert.equal(created.status, 200);
    const mail = await smtp.next((m) => m.to.includes('welcome@example.com'));
    assert.equal(mail.subject, 'Welcome to Main Website Store');
    assert.equal(mail.user, 'keyfront', 'SMTP_URL credentials are used');
    assert.equal(mail.from, 'owner@example.com');
    assert.equal(mail.headers['x-keyfront-template'], 'registered');
    assert.match(mail.text, /^Mia Mailer,/);
    assert.match(mail.text, /Email: welcome@example\.com/);
    assert.ok(mail.text.includes('https://shop.example.com/customer/account/'));
    assert.ok(!/createPassword/.test(mail.text), 'no set-password link when a password was chosen');
  });

  it('sends a set-your-password link to a customer created without a password; the link sets it', async () => {
    const created = await server.request('POST', '/rest/V1/customers', { body: customer('nopass@example.com') });
    assert.equal(created.status, 200);
    const mail = await smtp.next((m) => m.to.includes('nopass@example.com'));
    assert.equal(mail.headers['x-keyfront-template'], 'registered_no_password');
    assert.equal(mail.subject, 'Welcome to Main Website Store');
    const token = resetTokenIn(mail);
    assert.ok(mail.text.includes(`https://shop.example.com/customer/account/createPassword/?token=${token}`));
    assert.equal((await server.request('GET', `/rest/V1/customers/${created.body.id}/password/resetLinkToken/${token}`)).body, true);
    // Magento 2.4: an empty email means "the customer holding this token".
    const reset = await server.request('POST', '/rest/V1/customers/resetPassword', { body: { email: '', resetToken: token, newPassword: 'Chosen-Pass1' } });
    assert.equal(reset.status, 200, reset.text);
    assert.equal(reset.body, true);
    const login = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'nopass@example.com', password: 'Chosen-Pass1' } });
    assert.equal(login.status, 200);
    // The link works once.
    const again = await server.request('POST', '/rest/V1/customers/resetPassword', { body: { email: 'nopass@example.com', resetToken: token, newPassword: 'Other-Pass1' } });
    assert.equal(again.status, 400);
    assert.equal(again.body.message, 'The password token is mismatched. Reset and try again.');
  });

  it('mails a reset link (email_reset) from the support sender; the token read from the mail resets the password', async () => {
    await server.request('POST', '/rest/V1/customers', { body: { ...customer('forgot@example.com'), password: 'Password1' } });
    await smtp.next((m) => m.to.includes('forgot@example.com'));
    const old = (await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'forgot@example.com', password: 'Password1' } })).body;
    const asked = await server.request('PUT', '/rest/V1/customers/password', { body: { email: 'forgot@example.com', template: 'email_reset', websiteId: 1 } });
    assert.equal(asked.status, 200, asked.text);
    assert.equal(asked.text, 'true');
    const mail = await smtp.next((m) => m.to.includes('forgot@example.com'));
    assert.equal(mail.subject, 'Reset your Main Website Store password');
    assert.equal(mail.from, 'support@example.com');
    const token = resetTokenIn(mail);
    const reset = await server.request('POST', '/rest/V1/customers/resetPassword', { body: { email: 'forgot@example.com', resetToken: token, newPassword: 'Brand-New1' } });
    assert.equal(reset.status, 200, reset.text);
    assert.equal((await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'forgot@example.com', password: 'Brand-New1' } })).status, 200);
    assert.equal((await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'forgot@example.com', password: 'Password1' } })).status, 401);
    // A reset ends every token the customer had.
    assert.equal((await server.request('GET', '/rest/V1/customers/me', { token: old })).status, 401);
  });

  it('mails a reminder (email_reminder) with its own subject and a working link', async () => {
    await server.request('POST', '/rest/V1/customers', { body: { ...customer('remind@example.com'), password: 'Password1' } });
    await smtp.next((m) => m.to.includes('remind@example.com'));
    await server.request('PUT', '/rest/V1/customers/password', { body: { email: 'remind@example.com', template: 'email_reminder' } });
    const mail = await smtp.next((m) => m.to.includes('remind@example.com'));
    assert.equal(mail.subject, 'Your Main Website Store password');
    const id = (await withDatabase(server.databaseUrl, (d) => d.db.selectFrom('customer_entity').select('entity_id').where('email', '=', 'remind@example.com').executeTakeFirstOrThrow())).entity_id;
    assert.equal((await server.request('GET', `/rest/V1/customers/${id}/password/resetLinkToken/${resetTokenIn(mail)}`)).body, true);
  });

  it('writes mail per store view: its store name, and its code in links when web/url/use_store = 1', async () => {
    await createUsStore(server);
    await server.cli('config:set', 'general/store_information/name', 'Keyfront US', '--scope=websites', '--scope-code=us');
    await server.cli('config:set', 'web/url/use_store', '1');
    try {
      await server.request('POST', '/rest/us/V1/customers', { body: customer('us-buyer@example.com') });
      const mail = await smtp.next((m) => m.to.includes('us-buyer@example.com'));
      assert.equal(mail.subject, 'Welcome to Keyfront US');
      assert.match(mail.text, /https:\/\/shop\.example\.com\/us\/customer\/account\/createPassword\/\?token=[0-9a-z]{32}/);
    } finally {
      await server.cli('config:set', 'web/url/use_store', '0');
    }
  });

  it('stores the reset token only as a hash and clears a delivered body from the outbox', async () => {
    await server.request('POST', '/rest/V1/customers', { body: customer('hashed@example.com') });
    const token = resetTokenIn(await smtp.next((m) => m.to.includes('hashed@example.com')));
    // The SMTP server has the mail a moment before the sender records the delivery: wait for the record.
    const read = () =>
      withDatabase(server.databaseUrl, async ({ db }) => ({
        row: await db.selectFrom('customer_entity').select(['rp_token', 'entity_id']).where('email', '=', 'hashed@example.com').executeTakeFirstOrThrow(),
        mails: await db.selectFrom('mail_outbox').selectAll().where('recipient_email', '=', 'hashed@example.com').execute(),
      }));
    let { row, mails } = await read();
    for (let i = 0; i < 100 && mails.length === 1 && !mails[0].sent_at; i++) {
      await new Promise((r) => setTimeout(r, 50));
      ({ row, mails } = await read());
    }
    assert.notEqual(row.rp_token, token);
    assert.match(row.rp_token!, /^[0-9a-f]{64}$/);
    assert.equal(mails.length, 1);
    assert.ok(mails[0].sent_at, 'the outbox records the delivery');
    assert.equal(mails[0].body_text, null, 'the body (with its link) is gone once delivered');
    assert.equal(mails[0].body_html, null);
    assert.equal(Number(mails[0].attempts), 1);
  });

  it('writes no mail when the account is refused', async () => {
    const bad = await server.request('POST', '/rest/V1/customers', {
      body: customer('rolledback@example.com', { addresses: [{ firstname: 'X', lastname: 'Y', countryId: 'US', city: 'C', street: ['S'], telephone: '1' }] }),
    });
    assert.equal(bad.status, 400);
    const count = await withDatabase(server.databaseUrl, ({ db }) => db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll().as('n')).where('recipient_email', '=', 'rolledback@example.com').executeTakeFirstOrThrow());
    assert.equal(Number(count.n), 0);
  });

  it('forgets delivered mail after 30 days', async () => {
    const count = () =>
      withDatabase(server.databaseUrl, async ({ db }) => Number((await db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll().as('n')).where('recipient_email', '=', 'welcome@example.com').executeTakeFirstOrThrow()).n));
    assert.equal(await count(), 1);
    const later = await startServer({ database: { url: server.databaseUrl, drop: async () => {} }, env: { ...server.env, KEYFRONT_CLOCK_OFFSET_SECONDS: String(31 * 86400) } });
    try {
      const deadline = Date.now() + 20_000;
      while ((await count()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(await count(), 0);
    } finally {
      await later.stop();
    }
  });
});

describe('mail while the SMTP server is down', () => {
  it('keeps the mail, counts the failed attempts, and delivers it once the server is up', async () => {
    const port = await freePort();
    const server = await startServer({ env: { ...MAIL_ENV, SMTP_URL: `smtp://keyfront:s3cret@127.0.0.1:${port}` } });
    let smtp: MailCatcher | null = null;
    try {
      const created = await server.request('POST', '/rest/V1/customers', { body: customer('patient@example.com') });
      assert.equal(created.status, 200, 'the API does not wait for mail');
      // Wait (by state, not by time) until the sender has failed at least once.
      const deadline = Date.now() + 20_000;
      let row;
      do {
        await new Promise((r) => setTimeout(r, 100));
        row = await withDatabase(server.databaseUrl, ({ db }) => db.selectFrom('mail_outbox').selectAll().where('recipient_email', '=', 'patient@example.com').executeTakeFirstOrThrow());
      } while (Number(row.attempts) < 1 && Date.now() < deadline);
      assert.ok(Number(row.attempts) >= 1, 'a failed attempt is counted');
      assert.equal(row.sent_at, null);
      assert.ok(row.last_error, 'the failure is recorded');
      assert.ok(row.body_text, 'the mail is kept for the next attempt');

      smtp = await startMailCatcher(port);
      const mail = await smtp.next((m) => m.to.includes('patient@example.com'), 30_000);
      const token = resetTokenIn(mail);
      const reset = await server.request('POST', '/rest/V1/customers/resetPassword', { body: { email: 'patient@example.com', resetToken: token, newPassword: 'Waited-Long1' } });
      assert.equal(reset.status, 200, reset.text);
      assert.equal(smtp.received.filter((m) => m.to.includes('patient@example.com')).length, 1, 'delivered once');
    } finally {
      await server.close();
      await smtp?.close();
    }
  });
});

describe('mail to the log (no SMTP_URL)', () => {
  it('logs the headers at info but never the body, the link or a password hash', async () => {
    const server = await startServer({ env: { ...MAIL_ENV, LOG_LEVEL: 'info' } });
    try {
      await server.request('POST', '/rest/V1/customers', { body: { ...customer('logged@example.com'), password: 'Password1' } });
      await server.request('POST', '/rest/V1/customers', { body: customer('logged2@example.com') });
      await server.request('PUT', '/rest/V1/customers/password', { body: { email: 'logged@example.com', template: 'email_reset' } });
      const deadline = Date.now() + 20_000;
      let sent = 0;
      while (sent < 3 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        sent = Number((await withDatabase(server.databaseUrl, ({ db }) => db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll().as('n')).where('sent_at', 'is not', null).executeTakeFirstOrThrow())).n);
      }
      assert.equal(sent, 3);
      await server.stop();
      const log = server.logs();
      assert.match(log, /"template":"registered".*"to":"logged@example.com"/);
      assert.match(log, /"template":"email_reset"/);
      assert.ok(!/createPassword/.test(log), 'no reset link in the log');
      assert.ok(!/\$argon2/.test(log), 'no password hash in the log');
    } finally {
      await server.close();
    }
  });
});

describe('mail with two processes on one database', () => {
  it('delivers every mail exactly once', async () => {
    const smtp = await startMailCatcher();
    const first = await startServer({ env: { ...MAIL_ENV, KEYFRONT_MAIL_INTERVAL_MS: '50', SMTP_URL: smtp.url } });
    const second = await startServer({ database: { url: first.databaseUrl, drop: async () => {} }, env: { ...first.env } });
    try {
      const emails = Array.from({ length: 12 }, (_, i) => `twice-${i}@example.com`);
      await Promise.all(emails.map((email, i) => (i % 2 ? first : second).request('POST', '/rest/V1/customers', { body: customer(email) })));
      for (const email of emails) await smtp.next((m) => m.to.includes(email));
      // Both senders keep polling; wait until the outbox is settled, then count.
      const deadline = Date.now() + 20_000;
      let pending = 1;
      while (pending > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        pending = Number((await withDatabase(first.databaseUrl, ({ db }) => db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll().as('n')).where('sent_at', 'is', null).executeTakeFirstOrThrow())).n);
      }
      assert.equal(pending, 0);
      await second.stop();
      await first.stop();
      for (const email of emails) assert.equal(smtp.received.filter((m) => m.to.includes(email)).length, 1, email);
    } finally {
      await second.stop();
      await first.close();
      await smtp.close();
    }
  });
});
