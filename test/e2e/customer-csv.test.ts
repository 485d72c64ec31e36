// customer:export / customer:import in Magento's CSV export formats: exact headers, a round trip
// into an empty database keeps customers, ids and hashes, and a file laid out as Magento exports it
// imports with Magento's rules (email + website identify a customer; refusals reported).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { queryDb } from '../helpers/db.ts';
import { createMagentoDb, md5Hash, PASSWORDS, SALT, seedMagento, type MagentoDb } from '../helpers/magento.ts';
import { adminToken, startServer, type TestServer } from '../helpers/server.ts';

const CUSTOMER_COLUMNS = 'email,_website,_store,confirmation,created_at,created_in,disable_auto_group_change,dob,firstname,gender,group_id,lastname,middlename,password_hash,prefix,rp_token,rp_token_created_at,store_id,suffix,taxvat,website_id,password';
const ADDRESS_COLUMNS = '_website,_email,_entity_id,city,company,country_id,fax,firstname,lastname,middlename,postcode,prefix,region,region_id,street,suffix,telephone,vat_id,vat_is_valid,vat_request_date,vat_request_id,vat_request_success,_address_default_billing_,_address_default_shipping_';

const CUSTOMER_FIELDS = 'entity_id, email, website_id, store_id, group_id, firstname, middlename, lastname, prefix, suffix, dob, gender, taxvat, password_hash, created_at, created_in, confirmation, disable_auto_group_change, default_billing, default_shipping, custom_attributes';
const ADDRESS_FIELDS = 'entity_id, parent_id, city, company, country_id, fax, firstname, lastname, postcode, region, region_id, street, telephone, vat_id, custom_attributes';

describe('customer:export and customer:import', () => {
  let magento: MagentoDb;
  let source: TestServer;
  let target: TestServer;
  const dir = mkdtempSync(join(tmpdir(), 'kf-csv-'));

  before(async () => {
    magento = await createMagentoDb();
    await seedMagento(magento);
    [source, target] = await Promise.all([startServer(), startServer()]);
    const imported = await source.cli('magento:import', `--from=${magento.url}`, `--report=${join(dir, 'refused.csv')}`);
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(async () => {
    await Promise.all([source?.close(), target?.close()]);
    await magento?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes Magento's two export files with their exact headers (custom attributes in code order)", async () => {
    const r = await source.cli('customer:export', `--out=${join(dir, 'plain')}`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Exported 9 customer\(s\) and 3 address\(es\)/);
    const customers = readFileSync(join(dir, 'plain', 'customer.csv'), 'utf8').split('\n');
    const withCustom = CUSTOMER_COLUMNS.replace('lastname,', 'lastname,loyalty_number,').replace('rp_token_created_at,', 'rp_token_created_at,shoe_size,').replace('taxvat,', 'taxvat,vip_since,');
    assert.equal(customers[0], withCustom);
    assert.equal(readFileSync(join(dir, 'plain', 'customer_address.csv'), 'utf8').split('\n')[0], ADDRESS_COLUMNS.replace('country_id,', 'country_id,delivery_note,'));
    const anna = customers.find((l) => l.startsWith('anna@example.com,'))!;
    assert.ok(anna.includes(',base,default,'), anna);
    assert.ok(anna.includes(',Female,4,'), anna); // gender as its label, group_id as the id (Magento's export)
    assert.ok(anna.includes(md5Hash(PASSWORDS[5], SALT)), 'the password hash goes along');
    const address = readFileSync(join(dir, 'plain', 'customer_address.csv'), 'utf8');
    assert.match(address, /base,anna@example.com,50,"New York","Acme, Inc.",US,"Ring twice",.*"5th Avenue 1\nFloor 3".*,1,$/m);
  });

  it('round trip: export with ids, import into an empty database: same customers, ids, addresses and hashes', async () => {
    const r = await source.cli('customer:export', `--out=${join(dir, 'ids')}`, '--with-ids');
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(join(dir, 'ids', 'customer.csv'), 'utf8').split('\n')[0], /,password,_entity_id$/);
    // The target has the same scopes and groups (created the ordinary way, so with the same ids).
    for (const view of ['eu_de', 'eu_fr']) assert.equal((await target.cli('store:view:create', view, `--name=${view}`, '--website=eu', '--website-name=EU Website', '--group=eu_store', '--group-name=EU Store')).code, 0);
    const token = await adminToken(target);
    const group = await target.request('POST', '/rest/default/V1/customerGroups', { token, body: { group: { code: 'VIP', tax_class_id: 3 } } });
    assert.equal(group.body.id, 4, group.text);

    const imported = await target.cli('customer:import', join(dir, 'ids', 'customer.csv'), `--addresses=${join(dir, 'ids', 'customer_address.csv')}`, '--json', `--report=${join(dir, 'round.csv')}`);
    assert.equal(imported.code, 0, imported.stderr);
    const report = JSON.parse(imported.stdout.trim().split('\n').pop()!);
    assert.equal(report.tables.customer_entity.inserted, 9);
    assert.equal(report.tables.customer_address_entity.inserted, 3);
    assert.equal(report.refused, 0);
    const read = async (server: TestServer, sql: string) => (await queryDb<Record<string, unknown>>(server.databaseUrl, sql)).map((row) => JSON.stringify(Object.values(row).map((v) => (v === null ? null : String(v)))));
    assert.deepEqual(await read(target, `SELECT ${CUSTOMER_FIELDS} FROM customer_entity ORDER BY entity_id`), await read(source, `SELECT ${CUSTOMER_FIELDS} FROM customer_entity ORDER BY entity_id`));
    assert.deepEqual(await read(target, `SELECT ${ADDRESS_FIELDS} FROM customer_address_entity ORDER BY entity_id`), await read(source, `SELECT ${ADDRESS_FIELDS} FROM customer_address_entity ORDER BY entity_id`));
    const signIn = await target.request('POST', '/rest/eu_fr/V1/integration/customer/token', { body: { username: 'chloe@example.fr', password: PASSWORDS[12] } });
    assert.equal(signIn.status, 200, signIn.text);

    // Importing the same files again changes nothing.
    const second = await target.cli('customer:import', join(dir, 'ids', 'customer.csv'), `--addresses=${join(dir, 'ids', 'customer_address.csv')}`, '--json');
    const again = JSON.parse(second.stdout.trim().split('\n').pop()!);
    assert.equal(again.tables.customer_entity.updated, 0, second.stderr);
    assert.equal(again.tables.customer_entity.unchanged, 9);
    assert.equal(again.tables.customer_address_entity.unchanged, 3);
  });

  it("imports a file laid out as Magento's export, with Magento's rules", async () => {
    const customers = join(dir, 'magento-customers.csv');
    const addresses = join(dir, 'magento-addresses.csv');
    writeFileSync(customers, [
      `\ufeff${CUSTOMER_COLUMNS}`,
      `jane@example.com,base,default,,"2023-05-01 10:00:00","Default Store View",0,1990-02-03,Jane,Female,1,Doe,,${md5Hash('Jane-Pass-1', SALT)},,,,1,,,1,`,
      'plain@example.com,base,default,,,,,,Plain,"Not Specified",,Text,,,,,,1,,,1,Plain-Pass-12',
      'JANE@example.com,base,default,,,,,,Twice,,1,Doe,,,,,,1,,,1,',
      'nobody@example.com,nowhere,default,,,,,,No,,1,Site,,,,,,1,,,1,',
      'bad-address,base,default,,,,,,Bad,,1,Email,,,,,,1,,,1,',
    ].join('\r\n'));
    writeFileSync(addresses, [
      ADDRESS_COLUMNS,
      'base,jane@example.com,,Austin,,US,,Jane,Doe,,78701,,Texas,57,"1 Congress Ave\nSuite 200",,512-555-0100,,,,,,1,1',
      'base,ghost@example.com,,Austin,,US,,G,H,,78701,,Texas,57,"2 Congress Ave",,512-555-0100,,,,,,,',
      'base,jane@example.com,,Paris,,ZZ,,Jane,Doe,,75001,,,,"3 Rue",,01,,,,,,,',
    ].join('\n'));
    const r = await target.cli('customer:import', customers, `--addresses=${addresses}`, '--json', `--report=${join(dir, 'magento-refused.csv')}`);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout.trim().split('\n').pop()!);
    assert.equal(report.tables.customer_entity.inserted, 2);
    assert.equal(report.tables.customer_address_entity.inserted, 1);
    const refused = readFileSync(join(dir, 'magento-refused.csv'), 'utf8');
    assert.match(refused, /"row 4",JANE@example.com,"This email is found more than once in the import file\."/);
    assert.match(refused, /"row 5",nobody@example.com,"unknown website code ""nowhere"""/);
    assert.match(refused, /bad-address,"invalid email address ""bad-address"""/);
    assert.match(refused, /"row 3",ghost@example.com,"We can't find that email and website combination\."/);
    assert.match(refused, /unknown country ""ZZ""/);

    const jane = await target.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'jane@example.com', password: 'Jane-Pass-1' } });
    assert.equal(jane.status, 200, jane.text);
    const me = (await target.request('GET', '/rest/default/V1/customers/me', { token: jane.body })).body;
    assert.equal(me.id, 25, 'a new customer takes the next free id');
    assert.equal(me.gender, 2);
    assert.equal(me.dob, '1990-02-03');
    assert.equal(me.created_at, '2023-05-01 10:00:00');
    assert.deepEqual(me.addresses[0].street, ['1 Congress Ave', 'Suite 200']);
    assert.equal(me.addresses[0].default_billing, true);
    assert.equal(me.default_shipping, String(me.addresses[0].id));
    const plain = await target.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'plain@example.com', password: 'Plain-Pass-12' } });
    assert.equal(plain.status, 200, 'a plain password column is hashed on import');
    const [row] = await queryDb<{ password_hash: string; gender: number }>(target.databaseUrl, "SELECT password_hash, gender FROM customer_entity WHERE email = 'plain@example.com'");
    assert.match(row.password_hash, /^\$argon2id\$/);
    assert.equal(Number(row.gender), 3);
  });

  it('says which columns are missing from a file that is not a customer export', async () => {
    const file = join(dir, 'wrong.csv');
    writeFileSync(file, 'name,city\nx,y\n');
    const r = await target.cli('customer:import', file);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /missing column\(s\) email, _website/);
  });
});
