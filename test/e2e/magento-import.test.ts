// magento:import against a real Magento 2.4 schema in MariaDB (test/fixtures/magento-2.4-schema.sql),
// into whichever backend this run targets: ids, data and passwords intact, re-runs safe, deltas
// picked up, refusals reported.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { queryDb } from '../helpers/db.ts';
import { ADMIN_PASSWORD, createMagentoDb, PASSWORDS, seedMagento, type MagentoDb } from '../helpers/magento.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

describe('magento:import', () => {
  let magento: MagentoDb;
  let server: TestServer;
  let admin: string;
  const dir = mkdtempSync(join(tmpdir(), 'kf-import-'));
  const refusals = join(dir, 'refused.csv');
  const run = (...extra: string[]) => server.cli('magento:import', `--from=${magento.url}`, '--table-prefix=mg_', `--report=${refusals}`, '--json', ...extra);
  const counts = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!);
  const get = (path: string) => server.request('GET', `/rest/default/V1${path}`, { token: admin });
  const signIn = (store: string, username: string, password: string) => server.request('POST', `/rest/${store}/V1/integration/customer/token`, { body: { username, password } });

  before(async () => {
    magento = await createMagentoDb('mg_');
    await seedMagento(magento);
    server = await startServer();
    // Somebody registered on Keyfront before the import, with an email a Magento customer also has.
    const native = await server.request('POST', '/rest/default/V1/customers', { body: { customer: { email: 'dup@example.com', firstname: 'Native', lastname: 'Keyfront' }, password: 'Native-Pass-1' } });
    assert.equal(native.status, 200, native.text);
  });
  after(async () => {
    await server?.close();
    await magento?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--dry-run writes nothing and reports what it would do', async () => {
    const r = await run('--dry-run');
    assert.equal(r.code, 0, r.stderr);
    const report = counts(r.stdout);
    assert.equal(report.dryRun, true);
    assert.equal(report.tables.customer_entity.inserted, 8);
    assert.equal(report.tables.customer_entity.refused, 4);
    assert.equal(report.tables.store_website.inserted, 1); // eu; admin and base exist already
    const rows = await queryDb<{ n: number }>(server.databaseUrl, 'SELECT COUNT(*) AS n FROM customer_entity');
    assert.equal(Number(rows[0].n), 1);
    assert.equal((await queryDb(server.databaseUrl, "SELECT * FROM store_website WHERE code = 'eu'")).length, 0);
  });

  it('imports scopes, groups, settings, admins and customers, and reports refusals with reasons', async () => {
    const r = await run();
    assert.equal(r.code, 0, r.stderr);
    const report = counts(r.stdout);
    assert.equal(report.dryRun, false);
    assert.deepEqual(report.tables.customer_entity, { inserted: 8, updated: 0, unchanged: 0, deleted: 0, refused: 4 });
    assert.deepEqual(report.tables.customer_address_entity, { inserted: 3, updated: 0, unchanged: 0, deleted: 0, refused: 0 });
    assert.equal(report.tables.admin_user.inserted, 2);
    assert.equal(report.tables.admin_user.refused, 1);
    assert.ok(report.notes.some((n: string) => n.includes('Magento_Sales::sales')), report.notes.join('|'));
    const lines = readFileSync(refusals, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'table,id,email,reason');
    const reasons = lines.slice(1).join('\n');
    assert.match(reasons, /customer_entity,20,not-an-email,"invalid email address ""not-an-email"""/);
    assert.match(reasons, /customer_entity,21,xx@example.com,"address 61: unknown country ""XX"""/);
    assert.match(reasons, /customer_entity,22,dup@example.com,"duplicate email within website 1: Keyfront customer 1 has it"/);
    assert.match(reasons, /customer_entity,23,nogroup@example.com,"unknown customer group id 99"/);
    assert.match(reasons, /admin_user,3,mia@example.com,"role ""Marketing"" grants none of the resources Keyfront checks"/);

    const stores = await queryDb<{ store_id: number; code: string; website_id: number; group_id: number }>(server.databaseUrl, 'SELECT store_id, code, website_id, group_id FROM store ORDER BY store_id');
    assert.deepEqual(stores.map((s) => [Number(s.store_id), s.code, Number(s.website_id), Number(s.group_id)]), [[0, 'admin', 0, 0], [1, 'default', 1, 1], [2, 'eu_de', 2, 2], [3, 'eu_fr', 2, 2]]);
    const groups = await queryDb<{ customer_group_id: number; customer_group_code: string; tax_class_id: number }>(server.databaseUrl, 'SELECT * FROM customer_group ORDER BY customer_group_id');
    assert.deepEqual(groups.map((g) => [Number(g.customer_group_id), g.customer_group_code, Number(g.tax_class_id)]).slice(-2), [[3, 'Retailer', 3], [4, 'VIP', 3]]);
    const config = await queryDb<{ scope: string; scope_id: number; path: string; value: string }>(server.databaseUrl, 'SELECT scope, scope_id, path, value FROM core_config_data ORDER BY path');
    const paths = config.map((c) => `${c.scope}/${c.scope_id}:${c.path}=${c.value}`);
    assert.ok(paths.includes('websites/2:oauth/access_token_lifetime/customer=5'), paths.join(' '));
    assert.ok(paths.includes('default/0:customer/password/minimum_password_length=10'));
    assert.ok(!paths.some((p) => p.includes('catalog/') || p.includes('redirect_dashboard')));
  });

  it('the imported admin signs in with the Magento password; a restricted role keeps only what Keyfront checks', async () => {
    const reply = await server.request('POST', '/rest/default/V1/integration/admin/token', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    assert.equal(reply.status, 200, reply.text);
    admin = reply.body;
    const support = await server.request('POST', '/rest/default/V1/integration/admin/token', { body: { username: 'support', password: 'support123' } });
    assert.equal(support.status, 200);
    assert.equal((await server.request('GET', '/rest/default/V1/customers/5', { token: support.body })).status, 200);
    // Magento answers 401 "The consumer isn't authorized to access %resources." when the ACL says no.
    assert.equal((await server.request('GET', '/rest/default/V1/customerGroups/4', { token: support.body })).status, 401);
  });

  it('reads back through REST field by field, ids kept', async () => {
    const anna = (await get('/customers/5')).body;
    assert.equal(anna.id, 5);
    assert.equal(anna.email, 'anna@example.com');
    assert.equal(anna.firstname, 'Ånna 🌷');
    assert.equal(anna.middlename, 'Zoë');
    assert.equal(anna.lastname, 'Müller-Łukasiewicz');
    assert.equal(anna.prefix, 'Dr.');
    assert.equal(anna.suffix, 'PhD');
    assert.equal(anna.dob, '1985-07-14');
    assert.equal(anna.gender, 2);
    assert.equal(anna.taxvat, 'DE123456789');
    assert.equal(anna.group_id, 4);
    assert.equal(anna.website_id, 1);
    assert.equal(anna.store_id, 1);
    assert.equal(anna.created_in, 'Default Store View');
    assert.equal(anna.created_at, '2024-03-01 08:00:00');
    assert.equal(anna.updated_at, '2024-03-02 09:30:00');
    assert.equal(anna.disable_auto_group_change, 1);
    assert.equal(anna.default_billing, '50');
    assert.equal(anna.default_shipping, '51');
    assert.equal(anna.extension_attributes?.is_subscribed, true);
    assert.deepEqual(anna.custom_attributes, [
      { attribute_code: 'loyalty_number', value: 'LOY-0005' },
      { attribute_code: 'shoe_size', value: '38' },
      { attribute_code: 'vip_since', value: '2020-01-01 00:00:00' },
    ].sort((a, b) => anna.custom_attributes.findIndex((x: any) => x.attribute_code === a.attribute_code) - anna.custom_attributes.findIndex((x: any) => x.attribute_code === b.attribute_code)));
    const [ny, koeln] = anna.addresses;
    assert.equal(ny.id, 50);
    assert.deepEqual(ny.street, ['5th Avenue 1', 'Floor 3']);
    assert.equal(ny.company, 'Acme, Inc.');
    assert.equal(ny.region_id, 43);
    assert.equal(ny.region.region_code, 'NY');
    assert.equal(ny.default_billing, true);
    assert.deepEqual(ny.custom_attributes, [{ attribute_code: 'delivery_note', value: 'Ring twice' }]);
    assert.equal(koeln.id, 51);
    assert.equal(koeln.city, 'Köln');
    assert.equal(koeln.vat_id, 'DE999999999');
    assert.equal(koeln.default_shipping, true);

    const annaEu = (await get('/customers/9')).body;
    assert.equal(annaEu.website_id, 2);
    assert.equal(annaEu.email, 'ANNA@example.com');
    assert.equal(annaEu.extension_attributes?.is_subscribed, false); // status 3: unsubscribed
    assert.equal((await get('/customers/24')).body.store_id, 2, "a deleted store view: the website's default view");
    assert.equal((await get('/customers/20')).status, 404);
  });

  it('customers sign in with their old passwords, in every Magento hash format; the hash becomes argon2id', async () => {
    const cases: Array<[number, string, string]> = [[5, 'default', 'anna@example.com'], [6, 'default', 'bob@example.com'], [9, 'eu_de', 'anna@example.com'], [12, 'eu_fr', 'chloe@example.fr'], [13, 'default', 'dan@example.com'], [24, 'eu_de', 'gina@example.com']];
    for (const [id, store, email] of cases) {
      assert.equal((await signIn(store, email, 'wrong-password-1')).status, 401, `${id} wrong password`);
      const ok = await signIn(store, email, PASSWORDS[id]);
      assert.equal(ok.status, 200, `${id}: ${ok.text}`);
      const [row] = await queryDb<{ password_hash: string }>(server.databaseUrl, `SELECT password_hash FROM customer_entity WHERE entity_id = ${id}`);
      assert.match(row.password_hash, /^\$argon2id\$/, `customer ${id}`);
    }
    // Magento's lock came along: even the right password is refused until lock_expires.
    assert.equal((await signIn('default', 'frank@example.com', PASSWORDS[15])).status, 401);
    assert.equal((await signIn('default', 'eve@example.com', 'anything-1')).status, 401);
  });

  it('a second run changes nothing, and keeps the re-hashed passwords', async () => {
    const r = await run();
    assert.equal(r.code, 0, r.stderr);
    const report = counts(r.stdout);
    assert.equal(report.tables.customer_entity?.inserted ?? 0, 0);
    assert.equal(report.tables.customer_entity?.updated ?? 0, 0);
    const full = counts((await run('--full')).stdout);
    assert.deepEqual(full.tables.customer_entity, { inserted: 0, updated: 0, unchanged: 8, deleted: 0, refused: 4 });
    assert.deepEqual(full.tables.customer_address_entity, { inserted: 0, updated: 0, unchanged: 3, deleted: 0, refused: 0 });
    assert.equal(full.tables.store.updated, 0);
    const [row] = await queryDb<{ password_hash: string }>(server.databaseUrl, 'SELECT password_hash FROM customer_entity WHERE entity_id = 5');
    assert.match(row.password_hash, /^\$argon2id\$/);
  });

  it('a delta run brings over changed and new customers, addresses and subscriptions', async () => {
    await magento.query("UPDATE {customer_entity} SET lastname = 'Brien-Changed', updated_at = UTC_TIMESTAMP() WHERE entity_id = 6");
    await magento.query("UPDATE {customer_address_entity} SET city = 'Brooklyn', updated_at = UTC_TIMESTAMP() WHERE entity_id = 50");
    await magento.query('DELETE FROM {customer_address_entity} WHERE entity_id = 51');
    await magento.query("UPDATE {newsletter_subscriber} SET subscriber_status = 3, change_status_at = UTC_TIMESTAMP() WHERE customer_id = 6");
    await magento.query("INSERT INTO {customer_entity} (entity_id, website_id, email, group_id, store_id, firstname, lastname) VALUES (40, 1, 'new@example.com', 1, 1, 'New', 'Comer')");
    const r = await run();
    assert.equal(r.code, 0, r.stderr);
    const report = counts(r.stdout);
    assert.match(report.notes.join(' '), /incremental run/);
    assert.equal(report.tables.customer_entity.inserted, 1);
    assert.equal(report.tables.customer_entity.updated, 1);
    assert.equal(report.tables.customer_address_entity.updated, 1);
    assert.equal(report.tables.customer_address_entity.deleted, 1);
    const bob = (await get('/customers/6')).body;
    assert.equal(bob.lastname, 'Brien-Changed');
    assert.equal(bob.extension_attributes?.is_subscribed, false);
    const anna = (await get('/customers/5')).body;
    assert.deepEqual(anna.addresses.map((a: any) => [a.id, a.city]), [[50, 'Brooklyn']]);
    assert.equal(anna.default_shipping, undefined);
    assert.equal((await get('/customers/40')).body.email, 'new@example.com');
  });

  it('customers created in Keyfront afterwards get ids past the imported ones', async () => {
    const created = await server.request('POST', '/rest/default/V1/customers', { body: { customer: { email: 'after@example.com', firstname: 'After', lastname: 'Import', addresses: [{ firstname: 'A', lastname: 'I', countryId: 'US', regionId: 43, postcode: '10001', city: 'NYC', street: ['1 St'], telephone: '1' }] }, password: 'After-Pass-1' } });
    assert.equal(created.status, 200, created.text);
    assert.ok(created.body.id > 40, String(created.body.id));
    assert.ok(Number(created.body.addresses[0].id) > 60);
  });

  it('refuses a source that is not a Magento database, with a one-line reason', async () => {
    const r = await server.cli('magento:import', `--from=${magento.url}`, '--table-prefix=nope_');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /No Magento customer table "nope_customer_entity"/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
