// The admin's management pages over plain HTTP: integrations (credentials once, OAuth calls with
// them), a restricted role (menu hidden, 403 pages), users, roles, groups, stores, session expiry.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, signInAdmin, type AdminReply } from '../helpers/admin.ts';
import { signedRequest } from '../helpers/oauth.ts';
import { ADMIN, adminToken, spawnServer, startServer, type TestServer } from '../helpers/server.ts';

function between(text: string, id: string): string {
  const m = new RegExp(`<dd id="${id}">([^<]+)</dd>`).exec(text);
  assert.ok(m, `no ${id} on the page`);
  return m[1];
}

function location(reply: AdminReply): string {
  return reply.location ?? '';
}

describe('admin management pages over HTTP', () => {
  let server: TestServer;
  let admin: AdminClient;
  let secret: string;

  before(async () => {
    server = await startServer();
    await adminToken(server);
    ({ client: admin, secret } = await signInAdmin(server));
  });
  after(async () => {
    await server?.close();
  });

  it('creates an integration (password asked), shows its credentials once, and they sign REST calls', async () => {
    assert.match((await admin.get('integration/new/')).text, /Your Password/);
    const wrong = await admin.post('integration/save/', { name: 'ERP', email: 'erp@example.com', all_resources: '0', 'resource[]': 'Magento_Customer::manage', current_password: 'nope' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /The password entered for the current user is invalid/);
    const saved = await admin.post('integration/save/', { name: 'ERP', email: 'erp@example.com', all_resources: '0', 'resource[]': 'Magento_Customer::manage', current_password: ADMIN.password });
    assert.equal(saved.status, 200, saved.text.slice(0, 400));
    const creds = { id: 0, name: 'ERP', consumer_key: between(saved.text, 'consumer_key'), consumer_secret: between(saved.text, 'consumer_secret'), access_token: between(saved.text, 'access_token'), access_token_secret: between(saved.text, 'access_token_secret') };
    const grid = await admin.get('integration/');
    assert.match(grid.text, /ERP/);
    assert.doesNotMatch(grid.text, new RegExp(creds.access_token), 'the token is shown once only');
    const call = await signedRequest(server.url, creds, 'GET', '/rest/V1/customers/search?searchCriteria[pageSize]=1');
    assert.equal(call.status, 200, call.text);
    const groups = await signedRequest(server.url, creds, 'GET', '/rest/V1/customerGroups/1');
    assert.equal(groups.status, 401, 'only the chosen resources (and their parents)');
    const id = /integration\/reauthorize\/id\/(\d+)\//.exec(grid.text)![1];
    const re = await admin.post(`integration/reauthorize/id/${id}/`, { current_password: ADMIN.password });
    assert.equal(re.status, 200);
    assert.equal((await signedRequest(server.url, creds, 'GET', '/rest/V1/customers/search?searchCriteria[pageSize]=1')).status, 401, 'the old token stops');
    const del = await admin.post(`integration/delete/id/${id}/`, { current_password: ADMIN.password });
    assert.equal(del.status, 303);
    assert.doesNotMatch((await admin.get('integration/')).text, /<td>ERP<\/td>/);
  });

  it('a restricted role sees only its menu entries and gets 403 pages elsewhere', async () => {
    const role = await admin.post('admin/user_role/saverole/', { role_name: 'Support', 'resource[]': ['Magento_Customer::manage', 'Magento_Backend::dashboard'], current_password: ADMIN.password });
    assert.equal(role.status, 303, role.text.slice(0, 300));
    const roleId = /admin\/user_role\/editrole\/rid\/(\d+)\//.exec((await admin.get('admin/user_role/')).text)![1];
    const user = await admin.post('admin/user/save/', { username: 'helpdesk', firstname: 'Help', lastname: 'Desk', email: 'help@example.com', password: 'help1234', role_id: roleId, is_active: '1', current_password: ADMIN.password });
    assert.equal(user.status, 303, user.text.slice(0, 300));
    const { client } = await signInAdmin(server, { username: 'helpdesk', password: 'help1234' });
    const dashboard = await client.get('dashboard/');
    assert.match(dashboard.text, /All Customers/);
    assert.doesNotMatch(dashboard.text, /Integrations|Configuration|All Users/);
    for (const path of ['integration/', 'integration/new/', 'system_config/edit/section/oauth/', 'admin/user/', 'customer/group/', 'system_store/']) {
      const r = await client.get(path);
      assert.equal(r.status, 403, path);
      assert.match(r.text, /Sorry, you need permissions to view this content/);
    }
    const post = await client.post('integration/save/', { name: 'Sneaky', all_resources: '1', current_password: 'help1234' });
    assert.equal(post.status, 403);
    assert.equal((await client.get('customer/index/')).status, 200);
    // Disabling the user ends their session at once.
    const uid = /admin\/user\/edit\/user_id\/(\d+)\/">Edit<span class="visually-hidden"> helpdesk/.exec((await admin.get('admin/user/')).text)![1];
    const off = await admin.post(`admin/user/save/user_id/${uid}/`, { firstname: 'Help', lastname: 'Desk', email: 'help@example.com', role_id: roleId, current_password: ADMIN.password });
    assert.equal(off.status, 303);
    assert.match(location(await client.get('customer/index/')), /admin\/auth\/login/);
  });

  it('adds, renames and deletes customer groups with the API rules', async () => {
    assert.equal((await admin.post('customer/group/save/', { code: 'Gold', tax_class_id: '3' })).status, 303);
    const taken = await admin.post('customer/group/save/', { code: 'Gold', tax_class_id: '3' });
    assert.equal(taken.status, 400);
    assert.match(taken.text, /already exists/);
    const list = (await admin.get('customer/group/')).text;
    const id = /customer\/group\/edit\/id\/(\d+)\/">Edit<span class="visually-hidden"> Gold/.exec(list)![1];
    assert.equal((await admin.post(`customer/group/delete/id/${id}/`)).status, 303);
    assert.doesNotMatch((await admin.get('customer/group/')).text, /Gold/);
    const system = await admin.post('customer/group/delete/id/1/');
    assert.match((await admin.get(location(system).replace('/admin/', ''))).text, /cannot be deleted|can&#39;t be deleted|Cannot delete/i);
  });

  it('creates and renames store views', async () => {
    const created = await admin.post('system_store/create/', { code: 'fr', name: 'French', website_code: 'eu', website_name: 'Europe', group_code: 'eu_store', group_name: 'EU Store' });
    assert.equal(created.status, 303, created.text.slice(0, 300));
    const page = (await admin.get('system_store/')).text;
    assert.match(page, /value="French"/);
    assert.match(page, /value="Europe"/);
    const viewId = /id="rename-view-(\d+)" name="name" type="text" value="French"/.exec(page)![1];
    assert.equal((await admin.post(`system_store/rename/view/${viewId}/`, { name: 'Français' })).status, 303);
    const stores = await server.request('GET', '/rest/V1/store/storeViews', { token: await adminToken(server) });
    assert.ok(stores.body.some((v: { code: string; name: string }) => v.code === 'fr' && v.name === 'Français'));
    const bad = await admin.post('system_store/create/', { code: 'Bad Code', name: 'x' });
    assert.equal(bad.status, 400);
  });

  it('ends an idle session after admin/security/session_lifetime', async () => {
    assert.equal((await admin.post('system_config/save/section/admin/', { scope: 'default', 'value[admin/security/lockout_failures]': '6', 'value[admin/security/lockout_threshold]': '30', 'value[admin/security/session_lifetime]': '120' })).status, 303);
    await server.stop();
    const later = await spawnServer({ ...server.env, KEYFRONT_CLOCK_OFFSET_SECONDS: '1000' });
    try {
      const client = new AdminClient({ ...server, url: later.url });
      client.cookie = admin.cookie;
      const r = await client.get('dashboard/');
      assert.equal(r.status, 303);
      assert.match(location(r), /admin\/auth\/login/);
      void secret;
    } finally {
      later.child.kill('SIGTERM');
      await new Promise((r) => later.child.once('exit', r));
    }
  });
});
