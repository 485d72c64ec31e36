// What a new user meets in the first hour, black-box: the reset mail they just triggered is visible
// (an .eml file and a line in the server's terminal, at the default log level) and links to the
// address the server really listens on; the home page; a busy port that says how to pick another;
// the shop's name in pages; config:set that catches typos; the CLI's database, wherever it runs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BACKEND } from '../helpers/backend.ts';
import { BIN, ROOT, runCli, startServer, TEST_ENV, type TestServer } from '../helpers/server.ts';
import { Visitor } from '../helpers/visitor.ts';

async function waitFor<T>(what: string, probe: () => T | null | undefined): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the first hour', () => {
  let server: TestServer;
  let mailDir: string;

  before(async () => {
    mailDir = mkdtempSync(join(tmpdir(), 'keyfront-first-hour-mail-'));
    // LOG_LEVEL stays at the default (warn): the mail must be visible without changing it.
    server = await startServer({ env: { KEYFRONT_MAIL_DIR: mailDir, KEYFRONT_MAIL_INTERVAL_MS: '100' } });
  });
  after(async () => {
    await server?.close();
    rmSync(mailDir, { recursive: true, force: true });
  });

  it('shows the reset mail at once: a terminal line with the link to this server, and an .eml file', async () => {
    assert.match(server.startLine, new RegExp(`mail: files in ${mailDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, summaries and links here`));
    const created = await server.request('POST', '/rest/V1/customers', { body: { customer: { email: 'new@example.com', firstname: 'Nia', lastname: 'New' }, password: 'Password1' } });
    assert.equal(created.status, 200, created.text);
    const asked = await server.request('PUT', '/rest/V1/customers/password', { body: { email: 'new@example.com', template: 'email_reset', websiteId: 1 } });
    assert.equal(asked.status, 200, asked.text);
    const link = await waitFor('the reset link on stdout', () => new RegExp(`^  (${server.url}/customer/account/createPassword/\\?token=\\w+)$`, 'm').exec(server.output())?.[1]);
    assert.match(server.output(), /^mail #\d+ to new@example\.com: "Reset your Main Website Store password" - saved as .*email_reset\.eml$/m);
    assert.ok(!server.logs().includes('createPassword'), 'the link is not in the log');

    const files = readdirSync(mailDir).filter((f) => f.endsWith('-email_reset.eml'));
    assert.equal(files.length, 1, readdirSync(mailDir).join(', '));
    const eml = readFileSync(join(mailDir, files[0]), 'utf8');
    assert.match(eml, /^To: .*new@example\.com/m);
    assert.match(eml, /^Subject: Reset your Main Website Store password$/m);
    assert.equal(statSync(join(mailDir, files[0])).mode & 0o077, 0, 'only the owner may read a mail with a live link');

    // The link works in the storefront: a new password, then a sign-in with it.
    const visitor = new Visitor(server.url);
    const path = link.slice(server.url.length);
    const form = await visitor.get(path);
    assert.equal(form.status, 200);
    const key = /name="form_key" value="([^"]+)"/.exec(form.text)![1];
    const token = new URL(link).searchParams.get('token')!;
    const done = await visitor.post('/customer/account/resetpasswordpost/', { form_key: key, token, password: 'Fresh-Pass1', password_confirmation: 'Fresh-Pass1' });
    assert.equal(done.status, 303);
    assert.equal((await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: 'new@example.com', password: 'Fresh-Pass1' } })).status, 200);
    // The used link is dead: refused as the page opens, with Magento's words and the way to a new one.
    const reopened = await visitor.get(path);
    assert.equal(reopened.status, 303);
    assert.equal(reopened.location, '/customer/account/forgotpassword/');
    const told = await visitor.get('/customer/account/forgotpassword/');
    assert.match(told.text, /Your password reset link has expired\./);
  });

  it('config:show web/ shows the base URLs, which default to the configured listening address', async () => {
    const shown = await server.cli('config:show', 'web/');
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^web\/unsecure\/base_url - http:\/\/127\.0\.0\.1:8080\/ \(default: the address the server listens on, from HOST\/PORT\)$/m);
    assert.match(shown.stdout, /^web\/secure\/base_url - /m);
    assert.match((await runCli(['config:show', 'web/unsecure/base_url'], { ...server.env, PORT: '9123' })).stdout, /^http:\/\/127\.0\.0\.1:9123\/$/m);
  });

  it('answers / with a home page under the storefront\'s CSP, naming the shop', async () => {
    const home = await fetch(`${server.url}/`);
    assert.equal(home.status, 200);
    assert.match(home.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(home.headers.get('content-security-policy') ?? '', /default-src 'none'.*frame-ancestors 'none'/);
    const text = await home.text();
    assert.match(text, /<title>Home Page \| Main Website Store<\/title>/);
    for (const href of ['/customer/account/login/', '/customer/account/create/', '/swagger']) assert.ok(text.includes(`href="${href}"`), href);
    // Every link on it answers.
    for (const href of [...text.matchAll(/href="(\/[^"]*)"/g)].map((m) => m[1])) {
      assert.ok((await fetch(`${server.url}${href}`, { redirect: 'manual' })).status < 400, href);
    }
  });

  it("uses general/store_information/name in every page's header and title", async () => {
    const login = await new Visitor(server.url).get('/customer/account/login/');
    assert.match(login.text, /<title>Customer Login \| Main Website Store<\/title>/);
    assert.doesNotMatch(login.text, /Keyfront|Default Store View/);
    assert.equal((await server.cli('config:set', 'general/store_information/name', 'Luma Outlet')).code, 0);
    const renamed = await new Visitor(server.url).get('/customer/account/create/');
    assert.match(renamed.text, /<title>Create New Customer Account \| Luma Outlet<\/title>/);
    assert.match(renamed.text, /class="brand"[^>]*>Luma Outlet</);
  });

  it('config:set checks values of the paths Keyfront reads and warns about paths it does not read', async () => {
    const typo = await server.cli('config:set', 'nope/nope/nope', '1');
    assert.equal(typo.code, 0, 'saved anyway');
    assert.match(typo.stdout, /Value was saved\./);
    assert.match(typo.stderr, /Warning: Keyfront does not read nope\/nope\/nope/);
    assert.equal((await server.cli('config:show', 'nope/nope/nope')).stdout.trim(), '1');
    for (const [path, value, reason] of [
      ['customer/password/minimum_password_length', 'abc', /must be a whole number from 1 to 256/],
      ['webapi/token/format', 'JWT', /must be one of opaque, jwt/],
      ['customer/create_account/confirm', 'yes', /must be one of 0, 1/],
      ['web/unsecure/base_url', 'shop.example.com', /must be an http:\/\/ or https:\/\/ URL ending with "\/"/],
    ] as const) {
      const refused = await server.cli('config:set', path, value);
      assert.equal(refused.code, 2, `${path} ${value}`);
      assert.match(refused.stderr, reason);
      assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    }
    assert.equal((await server.cli('config:show', 'webapi/token/format')).stdout.trim(), 'opaque', 'a refused value is not stored');
    const fine = await server.cli('config:set', 'customer/password/minimum_password_length', '12');
    assert.equal(fine.code, 0, fine.stderr);
    assert.doesNotMatch(fine.stderr, /Warning/);
  });

  it('a busy port says so, and how to choose another', async () => {
    const port = new URL(server.url).port;
    const child = spawn(process.execPath, [BIN, 'serve', '--host=127.0.0.1', `--port=${port}`], { env: { ...process.env, ...TEST_ENV, ...server.env }, cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
    assert.match(stderr, /PORT=8080 npm start, or bin\/keyfront serve --port=8080/);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  });
});

describe('the CLI\'s database', { skip: BACKEND !== 'sqlite' && 'SQLite only: the default database is a SQLite file' }, () => {
  it('is the home folder\'s, whatever the current directory, and each command names it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'keyfront-home-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'keyfront-cwd-'));
    try {
      const env: Record<string, string> = { ...process.env as Record<string, string>, ...TEST_ENV, KEYFRONT_HOME: home };
      delete env.DATABASE_URL;
      const run = (...args: string[]) =>
        new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [BIN, ...args], { env, cwd: elsewhere });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', (d) => (stderr += d));
          child.on('close', (code) => resolve({ code, stdout, stderr }));
        });
      const created = await run('admin:user:create', '--admin-user=ada', '--admin-password=123123q', '--admin-email=ada@example.com', '--admin-firstname=Ada', '--admin-lastname=Admin');
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stderr, new RegExp(`\\(database: sqlite:${join(home, 'var', 'keyfront.db').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
      assert.ok(statSync(join(home, 'var', 'keyfront.db')).isFile());
      assert.deepEqual(readdirSync(elsewhere), [], 'nothing is created in the current directory');
      const again = await run('admin:user:create', '--admin-user=ada', '--admin-password=123123q', '--admin-email=ada@example.com', '--admin-firstname=Ada', '--admin-lastname=Admin');
      assert.notEqual(again.code, 0, 'the second run finds the first one\'s admin: the same database');
      assert.match(again.stderr, /already exists.*\(database: sqlite:/);
    } finally {
      rmSync(home, { recursive: true, force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
