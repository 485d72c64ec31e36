// magento:import: moves a live Magento 2.4 database's customers (and what they depend on) into
// Keyfront, ids kept. Idempotent and incremental: a run after the first reads only customers
// touched since the previous run started (by Magento's updated_at), and rewrites a Keyfront row only
// when Magento's is newer. Streams in batches, each written in its own transaction.
import type { Directory } from '../directory/service.ts';
import { writeCustomerBatch, type Candidate } from './customer-batch.ts';
import { addressProblem, customerProblem, type KnownScopes } from './customer-rules.ts';
import type { ImportRepository } from './import-repository.ts';
import { addressFromMagento, customerFromMagento, groupEavValues, subscribedCustomers } from './magento-mapping.ts';
import type { MagentoSource } from './magento-source-repository.ts';
import type { ProgressSink } from './progress.ts';
import type { ImportReport } from './report.ts';
import { syncAdmins, syncConfig, syncScopes } from './scope-sync.ts';

export interface MagentoImportOptions {
  /** Ignore the previous run's watermark: read every customer. */
  full: boolean;
  batchSize: number;
}

/** Rows changed in Magento while a run reads can carry an earlier updated_at (clock skew, long transactions). */
const WATERMARK_MARGIN_SECONDS = 600;

class DryRunRollback extends Error {}

export class MagentoImporter {
  constructor(
    private readonly source: MagentoSource,
    private readonly repository: ImportRepository,
    private readonly directory: Directory,
    private readonly progress: ProgressSink,
  ) {}

  async run(report: ImportReport, options: MagentoImportOptions): Promise<void> {
    const startedAt = await this.source.now();
    const since = options.full ? null : await this.repository.watermark(this.source.identity);
    if (since) report.note(`incremental run: customers touched in Magento since ${since} UTC (--full reads all)`);

    // Scopes, groups, configuration and admins: one transaction (rolled back on a dry run).
    try {
      await this.repository.transaction(async (tx) => {
        await syncScopes(this.source, this.repository, tx, report);
        await syncConfig(this.source, this.repository, tx, report);
        await syncAdmins(this.source, this.repository, tx, report);
        if (report.dryRun) throw new DryRunRollback();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }

    const scopes = await this.knownScopes();
    const customerAttributes = await this.source.userDefinedAttributes('customer');
    const addressAttributes = await this.source.userDefinedAttributes('customer_address');
    const total = await this.source.countCustomers(since);
    this.progress.start('Customers', total);
    // The next batch is read from Magento while this one is written to Keyfront.
    const read = async (after: number) => {
      const rows = await this.source.customers(after, options.batchSize, since);
      if (rows.length === 0) return null;
      const ids = rows.map((r) => Number(r.entity_id));
      const [addressRows, subscriptions, customerValues] = await Promise.all([
        this.source.addresses(ids),
        this.source.subscriptions(ids),
        this.source.eavValues('customer_entity', ids, customerAttributes),
      ]);
      const addressValues = await this.source.eavValues('customer_address_entity', addressRows.map((a) => Number(a.entity_id)), addressAttributes);
      return { rows, addressRows, subscriptions, customerValues, addressValues };
    };
    let next = read(0);
    for (;;) {
      const batch = await next;
      if (!batch) break;
      const { rows, addressRows, subscriptions, customerValues } = batch;
      next = read(Number(rows[rows.length - 1].entity_id));
      next.catch(() => {}); // awaited on the next turn; a failure must not go unhandled meanwhile
      const addressValues = groupEavValues(batch.addressValues, addressAttributes);
      const customValues = groupEavValues(customerValues, customerAttributes);
      const subscribed = subscribedCustomers(subscriptions);
      const addressesOf = new Map<number, typeof addressRows>();
      for (const a of addressRows) {
        const list = addressesOf.get(Number(a.parent_id));
        if (list) list.push(a);
        else addressesOf.set(Number(a.parent_id), [a]);
      }

      const candidates: Candidate[] = [];
      for (const row of rows) {
        const id = Number(row.entity_id);
        const addresses = (addressesOf.get(id) ?? []).map((a) => addressFromMagento(a, addressValues.get(Number(a.entity_id)) ?? null));
        const customer = customerFromMagento(row, new Set(addresses.map((a) => a.entity_id)), subscribed.has(id), customValues.get(id) ?? null);
        const problem = customerProblem(customer, scopes) ?? addresses.map((a) => addressProblem(a, this.directory)).find((p) => p !== null) ?? null;
        if (problem) report.refuse('customer_entity', id, customer.email || null, problem);
        else candidates.push({ customer, addresses });
      }
      await writeCustomerBatch(this.repository, candidates, 'newer', report);
      this.progress.advance(rows.length);
    }
    this.progress.finish();

    if (!report.dryRun) {
      await this.repository.resetSequences();
      await this.repository.saveWatermark(this.source.identity, shiftSeconds(startedAt, -WATERMARK_MARGIN_SECONDS), startedAt);
    }
  }

  /** What customers may refer to: Magento's scopes and groups, which the run has just brought over. */
  private async knownScopes(): Promise<KnownScopes> {
    const [websites, groups, stores, customerGroups] = await Promise.all([this.source.websites(), this.source.storeGroups(), this.source.stores(), this.source.customerGroups()]);
    const defaultStoreOfGroup = new Map(groups.map((g) => [Number(g.group_id), Number(g.default_store_id)]));
    return {
      websites: new Set(websites.map((w) => Number(w.website_id))),
      stores: new Map(stores.map((s) => [Number(s.store_id), Number(s.website_id)])),
      defaultStore: new Map(websites.map((w) => [Number(w.website_id), defaultStoreOfGroup.get(Number(w.default_group_id)) ?? -1]).filter(([, s]) => s >= 0) as Array<[number, number]>),
      groups: new Set(customerGroups.map((g) => Number(g.customer_group_id))),
    };
  }
}

function shiftSeconds(dateTime: string, seconds: number): string {
  const t = new Date(`${dateTime.replace(' ', 'T')}Z`).getTime() + seconds * 1000;
  return new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}
