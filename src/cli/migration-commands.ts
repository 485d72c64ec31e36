// bin/keyfront commands for moving customers in and out: magento:import from a live Magento
// database, customer:import / customer:export in Magento's CSV export formats. Thin doors onto
// src/migration/.
import { join } from 'node:path';
import type { ImportReport } from '../migration/index.ts';
import { optionsFromEnv } from '../options.ts';
import { requiredOption, stringOption, UsageError, type Command, type ParsedArgs } from './args.ts';
import { withServices } from './services.ts';

/** src/migration/ (CSV, the Magento reader): loaded by these commands only, not by every start of bin/keyfront. */
const migration = () => import('../migration/index.ts');

function batchSize(args: ParsedArgs): number {
  const text = stringOption(args, 'batch-size') ?? '1000';
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 10000) throw new UsageError('--batch-size must be a whole number from 1 to 10000');
  return n;
}

function refusalsPath(args: ParsedArgs, name: string): string {
  return stringOption(args, 'report') ?? join('var', 'import', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}-refused.csv`);
}

function finish(report: ImportReport, json: boolean): number {
  console.log(json ? JSON.stringify(report.toJSON()) : report.render());
  return 0;
}

const common = {
  'dry-run': { type: 'boolean' },
  report: { type: 'string' },
  'batch-size': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const migrationCommands: Command[] = [
  {
    name: 'magento:import',
    usage: 'magento:import --from=mysql://user:pass@host:port/<magento_db> [--table-prefix=P] [--dry-run] [--full] [--report=<file>] [--batch-size=N] [--json]',
    description: 'Import websites, stores, customer groups, settings, admin users and customers (ids and password hashes kept) from a Magento 2.4 database. Safe to re-run: later runs bring over what changed.',
    options: { from: { type: 'string' }, 'table-prefix': { type: 'string' }, full: { type: 'boolean' }, ...common },
    positionals: [0, 0],
    run: async (args) => {
      const url = requiredOption(args, 'from');
      if (!/^(mysql|mariadb):\/\//.test(url)) throw new UsageError('--from must be a mysql://user:pass@host:port/database URL');
      const { importFromMagento, Progress } = await migration();
      const input = { url, tablePrefix: stringOption(args, 'table-prefix'), dryRun: args.values['dry-run'] === true, full: args.values.full === true, batchSize: batchSize(args), refusalsPath: refusalsPath(args, 'magento-import'), progress: new Progress() };
      return withServices(async (services) => finish(await importFromMagento(services, input), args.values.json === true));
    },
  },
  {
    name: 'customer:import',
    usage: 'customer:import <customers.csv> [--addresses=<addresses.csv>] [--dry-run] [--report=<file>] [--batch-size=N] [--json]',
    description: 'Import customers from Magento\'s "Customers Main File" CSV export (and addresses from its "Customer Addresses" file); password_hash values are kept.',
    options: { addresses: { type: 'string' }, ...common },
    positionals: [1, 1],
    run: async (args) => {
      const { importCsv, Progress } = await migration();
      const input = { customersPath: args.positionals[0], addressesPath: stringOption(args, 'addresses'), dryRun: args.values['dry-run'] === true, batchSize: batchSize(args), refusalsPath: refusalsPath(args, 'customer-import'), progress: new Progress(), argon2: optionsFromEnv().argon2 };
      return withServices(async (services) => finish(await importCsv(services, input), args.values.json === true));
    },
  },
  {
    name: 'customer:export',
    usage: 'customer:export --out=<dir> [--with-ids]',
    description: 'Write customer.csv and customer_address.csv in Magento\'s export formats (with password_hash); --with-ids adds customer ids (_entity_id), which Keyfront\'s customer:import keeps but Magento\'s import refuses.',
    options: { out: { type: 'string' }, 'with-ids': { type: 'boolean' } },
    positionals: [0, 0],
    run: async (args) => {
      const outDir = requiredOption(args, 'out');
      const { exportCsv, Progress } = await migration();
      return withServices(async (services) => {
        const result = await exportCsv(services, { outDir, withIds: args.values['with-ids'] === true, progress: new Progress() });
        console.log(`Exported ${result.customers} customer(s) and ${result.addresses} address(es): ${result.files.join(', ')}`);
        return 0;
      });
    },
  },
];
