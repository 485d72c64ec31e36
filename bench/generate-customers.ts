// Bulk customer generator for the search benchmark: N customers (default 1,000,000), each with one
// default billing address, written with multi-row inserts inside transactions.
//   DATABASE_URL=sqlite:var/bench.db npx tsx bench/generate-customers.ts --count=1000000
// Deterministic (a seeded generator): the same count gives the same data on every database.
import { sql } from 'kysely';
import { openServices, setupUpgrade } from '../src/app.ts';
import { optionsFromEnv } from '../src/options.ts';

const FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Paul', 'Ashley'];
const LAST_ROOTS = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin'];
const CITIES = ['Boston', 'Denver', 'Austin', 'Seattle', 'Chicago', 'Portland', 'Phoenix', 'Atlanta', 'Miami', 'Dallas'];

function flag(name: string, fallback: string): string {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
}

/** mulberry32: small, fast, seeded. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main(): Promise<void> {
  const count = Number(flag('count', '1000000'));
  const batch = Number(flag('batch', '500'));
  const services = await openServices(optionsFromEnv(process.env, { logLevel: 'warn' }));
  await setupUpgrade(services);
  const { db, dialect } = services.database;
  const rand = random(42);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const { max } = await db.selectFrom('customer_entity').select(sql<number>`max(entity_id)`.as('max')).executeTakeFirstOrThrow();
  const { amax } = await db.selectFrom('customer_address_entity').select(sql<number>`max(entity_id)`.as('amax')).executeTakeFirstOrThrow();
  let nextId = Number(max ?? 0) + 1;
  let nextAddress = Number(amax ?? 0) + 1;
  const start = Date.now();
  const base = Date.UTC(2022, 0, 1) / 1000;
  console.log(`generating ${count} customers on ${services.database.safeUrl} (${dialect}), ${batch} rows per insert`);
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    const customers: Array<Record<string, unknown>> = [];
    const addresses: Array<Record<string, unknown>> = [];
    for (let i = 0; i < n; i++) {
      const id = nextId++;
      const addressId = nextAddress++;
      const created = new Date((base + Math.floor(rand() * 3 * 365 * 86400)) * 1000).toISOString().slice(0, 19).replace('T', ' ');
      const firstname = pick(FIRST);
      // 20 roots × 676 two-letter suffixes ≈ 13,500 last names: ~75 customers each at a million.
      const lastname = `${pick(LAST_ROOTS)}${String.fromCharCode(97 + Math.floor(rand() * 26))}${String.fromCharCode(97 + Math.floor(rand() * 26))}`;
      const email = `customer${id}@example${id % 10}.com`;
      customers.push({
        entity_id: id, website_id: 1, email, email_normalized: email, group_id: 1 + Math.floor(rand() * 3), store_id: 1,
        created_at: created, updated_at: created, is_active: 1, disable_auto_group_change: 0, created_in: 'Default Store View',
        prefix: null, firstname, middlename: null, lastname, suffix: null, dob: null, password_hash: null, rp_token: null,
        rp_token_created_at: null, default_billing: addressId, default_shipping: addressId, taxvat: null, confirmation: null,
        gender: null, failures_num: 0, first_failure: null, lock_expires: null, is_subscribed: rand() < 0.2 ? 1 : 0, custom_attributes: null,
      });
      addresses.push({
        entity_id: addressId, parent_id: id, created_at: created, updated_at: created, is_active: 1, city: pick(CITIES), company: null,
        country_id: 'US', fax: null, firstname, lastname, middlename: null, postcode: String(10000 + Math.floor(rand() * 89999)), prefix: null,
        region: 'Texas', region_id: 57, street: `${1 + Math.floor(rand() * 999)} Main St`, suffix: null,
        telephone: `555-${String(Math.floor(rand() * 10000)).padStart(4, '0')}`, vat_id: null, custom_attributes: null,
      });
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('customer_entity').values(customers as never).execute();
      await tx.insertInto('customer_address_entity').values(addresses as never).execute();
    });
    if ((done / batch) % 200 === 0) process.stdout.write(`  ${done + n} rows, ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
  }
  if (dialect === 'postgres') {
    // Explicit ids leave the serial sequences behind; later inserts must not collide.
    await sql`SELECT setval(pg_get_serial_sequence('customer_entity', 'entity_id'), (SELECT max(entity_id) FROM customer_entity))`.execute(db);
    await sql`SELECT setval(pg_get_serial_sequence('customer_address_entity', 'entity_id'), (SELECT max(entity_id) FROM customer_address_entity))`.execute(db);
    await sql`ANALYZE`.execute(db);
  } else if (dialect === 'sqlite') {
    await sql`ANALYZE`.execute(db);
  }
  console.log(`generated ${count} customers (+${count} addresses) in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  await services.database.close();
}

await main();
