// npm run bench:import [-- --customers=100000 --db=sqlite,postgres --batch-size=1000]
// Generates a Magento 2.4 database in MariaDB (Magento's own tables, test/fixtures/magento-2.4-
// schema.sql) with N customers of two addresses each, then times `bin/keyfront magento:import` into
// a fresh Keyfront database per backend: customers/s, and the importer's resident memory sampled
// through the run (flat = streaming works). A second, incremental run (nothing changed) is timed too.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createMagentoDb, md5Hash, type MagentoDb } from '../test/helpers/magento.ts';
import { freshDatabase, type Backend } from './database.ts';
import { ROOT } from './processes.ts';

const flags = new Map(process.argv.slice(2).map((a) => /^--([^=]+)(?:=(.*))?$/.exec(a)).filter((m) => m !== null).map((m) => [m![1], m![2] ?? 'true']));
const count = Number(flags.get('customers') ?? process.env.BENCH_IMPORT_CUSTOMERS ?? 100000);
const backends = (flags.get('db') ?? 'sqlite,postgres').split(',') as Backend[];
const batchSize = flags.get('batch-size') ?? '1000';

async function generate(m: MagentoDb, n: number): Promise<void> {
  const q = m.query;
  await q("INSERT INTO {store_website} VALUES (0, 'admin', 'Admin', 0, 0, 0), (1, 'base', 'Main Website', 0, 1, 1)");
  await q("INSERT INTO {store_group} VALUES (0, 0, 'Default', 0, 0, 'default'), (1, 1, 'Main Website Store', 2, 1, 'main_website_store')");
  await q("INSERT INTO {store} VALUES (0, 'admin', 0, 0, 'Admin', 0, 1), (1, 'default', 1, 1, 'Default Store View', 0, 1)");
  await q("INSERT INTO {tax_class} VALUES (2, 'Taxable Goods', 'PRODUCT'), (3, 'Retail Customer', 'CUSTOMER')");
  await q("INSERT INTO {customer_group} VALUES (0, 'NOT LOGGED IN', 3), (1, 'General', 3), (2, 'Wholesale', 3), (3, 'Retailer', 3)");
  const hash = md5Hash('Bench-Password1', 'abcdefghijklmnopqrstuvwxyz012345');
  const chunk = 2000;
  for (let start = 1; start <= n; start += chunk) {
    const customers: unknown[] = [];
    const addresses: unknown[] = [];
    const end = Math.min(n, start + chunk - 1);
    for (let i = start; i <= end; i++) {
      customers.push([i, 1, `customer${i}@example.com`, 1, 1, '2024-01-01 00:00:00', '2024-01-02 00:00:00', 'Default Store View', `First${i}`, `Last${i}`, hash, 2 * i - 1, 2 * i]);
      for (const k of [2 * i - 1, 2 * i]) addresses.push([k, i, '2024-01-01 00:00:00', '2024-01-02 00:00:00', 'New York', 'US', `First${i}`, `Last${i}`, '10001', 'New York', 43, `${k} Main Street\nApt ${i % 100}`, '555-0100']);
    }
    await q('INSERT INTO {customer_entity} (entity_id, website_id, email, group_id, store_id, created_at, updated_at, created_in, firstname, lastname, password_hash, default_billing, default_shipping) VALUES ?', [customers]);
    await q('INSERT INTO {customer_address_entity} (entity_id, parent_id, created_at, updated_at, city, country_id, firstname, lastname, postcode, region, region_id, street, telephone) VALUES ?', [addresses]);
  }
}

interface Timed {
  seconds: number;
  peakRssMb: number;
  rssSamplesMb: number[];
  stdout: string;
}

function timedImport(env: Record<string, string>, args: string[]): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [`${ROOT}bin/keyfront`, 'magento:import', ...args], { env: { ...process.env, ...env }, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const samples: number[] = [];
    const timer = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        samples.push(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
      } catch {
        /* exited */
      }
    }, 250);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`magento:import exited ${code}: ${stderr}`));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ seconds, peakRssMb: Math.max(0, ...samples), rssSamplesMb: samples, stdout });
    });
  });
}

const magento = await createMagentoDb();
try {
  const t0 = Date.now();
  await generate(magento, count);
  console.log(`Magento database: ${count.toLocaleString('en-US')} customers, ${(2 * count).toLocaleString('en-US')} addresses, generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const backend of backends) {
    const target = await freshDatabase(backend);
    try {
      const env = { DATABASE_URL: target.url };
      const args = [`--from=${magento.url}`, `--batch-size=${batchSize}`, '--json', '--report=/dev/null'];
      const first = await timedImport(env, args);
      const report = JSON.parse(first.stdout.trim().split('\n').pop()!);
      const inserted = report.tables.customer_entity?.inserted ?? 0;
      const second = await timedImport(env, args);
      const quartiles = [0.25, 0.5, 0.75, 1].map((q) => first.rssSamplesMb[Math.max(0, Math.ceil(first.rssSamplesMb.length * q) - 1)]?.toFixed(0));
      console.log(
        `${backend.padEnd(8)} ${inserted.toLocaleString('en-US')} customers in ${first.seconds.toFixed(1)} s = ${Math.round(count / first.seconds).toLocaleString('en-US')} customers/s ` +
          `(process start and schema included); RSS peak ${first.peakRssMb.toFixed(0)} MB, at 25/50/75/100 % of the run ${quartiles.join('/')} MB; ` +
          `re-run with nothing changed: ${second.seconds.toFixed(1)} s`,
      );
    } finally {
      await target.drop();
    }
  }
} finally {
  await magento.drop();
}
