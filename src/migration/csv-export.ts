// customer:export: Keyfront's customers in Magento's two CSV export files, streamed in id order.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine } from './csv.ts';
import { addressHeader, customerHeader, GENDER_LABELS } from './csv-format.ts';
import type { AddressRecord, CustomerRecord, ExportReads } from './import-repository.ts';
import type { ProgressSink } from './progress.ts';

const PAGE = 1000;

export class CsvExporter {
  constructor(
    private readonly reads: ExportReads,
    private readonly progress: ProgressSink,
  ) {}

  async run(outDir: string, withIds: boolean): Promise<{ customers: number; addresses: number; files: string[] }> {
    mkdirSync(outDir, { recursive: true });
    const { websites, stores } = await this.reads.scopeCodes();
    const customerCodes = await this.customCodes('customer_entity');
    const addressCodes = await this.customCodes('customer_address_entity');
    const customerColumns = customerHeader(customerCodes, withIds);
    const addressColumns = addressHeader(addressCodes);
    const files = [join(outDir, 'customer.csv'), join(outDir, 'customer_address.csv')];
    const customerFd = openSync(files[0], 'w');
    const addressFd = openSync(files[1], 'w');
    let customers = 0;
    let addresses = 0;
    try {
      writeSync(customerFd, csvLine(customerColumns));
      writeSync(addressFd, csvLine(addressColumns));
      this.progress.start('Export', await this.reads.countCustomers());
      let after = 0;
      for (;;) {
        const page = await this.reads.customersAfter(after, PAGE);
        if (page.length === 0) break;
        after = page[page.length - 1].entity_id;
        const byId = new Map(page.map((c) => [c.entity_id, c]));
        let out = '';
        for (const c of page) out += csvLine(customerColumns.map((col) => customerCell(col, c, websites, stores)));
        writeSync(customerFd, out);
        out = '';
        for (const a of await this.reads.addressesOf(page.map((c) => c.entity_id))) {
          out += csvLine(addressColumns.map((col) => addressCell(col, a, byId.get(a.parent_id)!, websites)));
          addresses++;
        }
        writeSync(addressFd, out);
        customers += page.length;
        this.progress.advance(page.length);
      }
      this.progress.finish();
    } finally {
      closeSync(customerFd);
      closeSync(addressFd);
    }
    return { customers, addresses, files };
  }

  /** Every custom attribute code in use, in one streamed pass (the header must be known first). */
  private async customCodes(table: 'customer_entity' | 'customer_address_entity'): Promise<string[]> {
    const codes = new Set<string>();
    let after = 0;
    for (;;) {
      const page = await this.reads.customAttributesAfter(table, after, PAGE * 10);
      if (page.length === 0) break;
      after = page[page.length - 1].entity_id;
      for (const r of page) for (const k of Object.keys(parseObject(r.custom_attributes))) codes.add(k);
    }
    return [...codes];
  }
}

function customerCell(column: string, c: CustomerRecord, websites: Map<number, string>, stores: Map<number, string>): string {
  switch (column) {
    case 'email':
      return c.email;
    case '_website':
      return websites.get(c.website_id) ?? '';
    case '_store':
      return stores.get(c.store_id) ?? '';
    case '_entity_id':
      return String(c.entity_id);
    case 'password':
    case 'rp_token':
    case 'rp_token_created_at':
      return ''; // Keyfront's reset tokens are hashes: useless elsewhere
    case 'gender':
      return c.gender === null ? '' : (GENDER_LABELS[c.gender] ?? '');
    default: {
      if (column in c) return text((c as Record<string, unknown>)[column]);
      return text(parseObject(c.custom_attributes)[column]);
    }
  }
}

function addressCell(column: string, a: AddressRecord, customer: CustomerRecord, websites: Map<number, string>): string {
  switch (column) {
    case '_website':
      return websites.get(customer.website_id) ?? '';
    case '_email':
      return customer.email;
    case '_entity_id':
      return String(a.entity_id);
    case '_address_default_billing_':
      return customer.default_billing === a.entity_id ? '1' : '';
    case '_address_default_shipping_':
      return customer.default_shipping === a.entity_id ? '1' : '';
    default: {
      if (column in a) return text((a as Record<string, unknown>)[column]);
      return text(parseObject(a.custom_attributes)[column]);
    }
  }
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

export function parseObject(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const value = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
