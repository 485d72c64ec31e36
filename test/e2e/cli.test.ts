// bin/keyfront: the exact command shapes other tooling depends on, --help, exit codes, one-line reasons.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../helpers/backend.ts';
import { runCli, startServer } from '../helpers/server.ts';

describe('bin/keyfront', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, env);
  before(async () => {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url };
  });
  after(() => database.drop());

  it('has --help for every command and lists them', async () => {
    const overview = await cli('--help');
    assert.equal(overview.code, 0);
    const names = ['serve', 'setup:upgrade', 'admin:user:create', 'store:view:create', 'store:list', 'config:set', 'config:show'];
    for (const name of names) {
      assert.match(overview.stdout, new RegExp(`\\b${name}\\b`));
      const help = await cli(name, '--help');
      assert.equal(help.code, 0, name);
      assert.match(help.stdout, new RegExp(`Usage: bin/keyfront ${name}`));
    }
  });

  it('fails with a one-line reason on bad arguments', async () => {
    for (const args of [['no:such:command'], ['store:view:create'], ['config:set', 'only-path'], ['store:list', '--bogus'], ['admin:user:create', '--admin-user=x']]) {
      const r = await cli(...args);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
    }
  });

  it('setup:upgrade is safe to run twice', async () => {
    const first = await cli('setup:upgrade');
    assert.equal(first.code, 0, first.stderr);
    const second = await cli('setup:upgrade');
    assert.equal(second.code, 0);
    assert.match(second.stdout, /up to date/);
  });

  it("admin:user:create applies Magento's admin password rule", async () => {
    const base = ['--admin-email=a@example.com', '--admin-firstname=A', '--admin-lastname=B'];
    const short = await cli('admin:user:create', '--admin-user=u1', '--admin-password=abc12', ...base);
    assert.notEqual(short.code, 0);
    assert.match(short.stderr, /Your password must be at least 7 characters\./);
    const noDigits = await cli('admin:user:create', '--admin-user=u1', '--admin-password=abcdefgh', ...base);
    assert.match(noDigits.stderr, /Your password must include both numeric and alphabetic characters\./);
    const badEmail = await cli('admin:user:create', '--admin-user=u1', '--admin-password=abc1234', '--admin-email=nope', '--admin-firstname=A', '--admin-lastname=B');
    assert.notEqual(badEmail.code, 0);
    const ok = await cli('admin:user:create', '--admin-user=u1', '--admin-password=abc1234', ...base);
    assert.equal(ok.code, 0, ok.stderr);
    const duplicate = await cli('admin:user:create', '--admin-user=U1', '--admin-password=abc1234', ...base);
    assert.notEqual(duplicate.code, 0);
    assert.match(duplicate.stderr, /already exists/);
  });

  it('store:view:create makes the seed view with its website and group; store:list shows it', async () => {
    const created = await cli('store:view:create', 'us', '--name=US Store View', '--website=us', '--website-name=US Website', '--group=us_store', '--group-name=US Store');
    assert.equal(created.code, 0, created.stderr);
    const second = await cli('store:view:create', 'us_es', '--name=US Spanish', '--website=us');
    assert.equal(second.code, 0, second.stderr);
    const duplicate = await cli('store:view:create', 'us', '--name=Again');
    assert.notEqual(duplicate.code, 0);
    const badCode = await cli('store:view:create', 'Bad-Code', '--name=X');
    assert.notEqual(badCode.code, 0);
    const list = await cli('store:list');
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^2\s+us\s+US Store View\s+us\s+us_store\s+yes$/m);
    assert.match(list.stdout, /^3\s+us_es\s+US Spanish\s+us\s+us_store\s+yes$/m);
    const server = await startServer({ database });
    try {
      const token = (await server.request('POST', '/rest/V1/integration/admin/token', { body: { username: 'u1', password: 'abc1234' } })).body;
      const groups = await server.request('GET', '/rest/V1/store/storeGroups', { token });
      assert.deepEqual(groups.body[2], { id: 2, website_id: 2, root_category_id: 2, default_store_id: 2, name: 'US Store', code: 'us_store' });
      const websites = await server.request('GET', '/rest/V1/store/websites', { token });
      assert.deepEqual(websites.body[2], { id: 2, code: 'us', name: 'US Website', default_group_id: 2 });
    } finally {
      await server.stop();
    }
  });

  it('config:set and config:show read and write Magento paths per scope', async () => {
    assert.equal((await cli('config:set', 'oauth/access_token_lifetime/customer', '2')).code, 0);
    const shown = await cli('config:show', 'oauth/access_token_lifetime/customer');
    assert.equal(shown.stdout.trim(), '2');
    const defaulted = await cli('config:show', 'oauth/access_token_lifetime/admin');
    assert.equal(defaulted.stdout.trim(), '4', 'an unset path shows its default');
    assert.equal((await cli('config:set', 'customer/password/minimum_password_length', '10', '--scope=websites', '--scope-code=us')).code, 0);
    const all = await cli('config:show');
    assert.match(all.stdout, /oauth\/access_token_lifetime\/customer - 2/);
    assert.match(all.stdout, /customer\/password\/minimum_password_length - 10 \(websites 2\)/);
    const badScope = await cli('config:set', 'a/b/c', '1', '--scope=galaxy');
    assert.notEqual(badScope.code, 0);
    const missingCode = await cli('config:set', 'a/b/c', '1', '--scope=stores');
    assert.notEqual(missingCode.code, 0);
    const unknownWebsite = await cli('config:set', 'a/b/c', '1', '--scope=websites', '--scope-code=mars');
    assert.notEqual(unknownWebsite.code, 0);
    assert.match(unknownWebsite.stderr, /does not exist/);
    const badPath = await cli('config:set', 'not-a-path', '1');
    assert.notEqual(badPath.code, 0);
  });

  it('website-scoped config applies to that website\'s views only', async () => {
    const server = await startServer({ database });
    try {
      const body = (email: string) => ({ customer: { email, firstname: 'A', lastname: 'B' }, password: 'Password1' });
      const us = await server.request('POST', '/rest/us/V1/customers', { body: body('scope@example.com') });
      assert.equal(us.status, 400);
      assert.deepEqual(us.body.parameters, ['10']);
      const def = await server.request('POST', '/rest/default/V1/customers', { body: body('scope@example.com') });
      assert.equal(def.status, 200);
    } finally {
      await server.stop();
    }
  });
});
