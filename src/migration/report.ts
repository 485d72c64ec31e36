// What an import did, per table, and the rows it refused with the reason. Refusals go to a CSV
// file as they happen (an import of millions keeps constant memory); the summary keeps counts.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { csvLine } from './csv.ts';

export interface TableCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  refused: number;
}

export class ImportReport {
  readonly tables = new Map<string, TableCounts>();
  readonly notes: string[] = [];
  private refusals = 0;
  private fd: number | null = null;

  constructor(
    /** Where refused rows are written; null: nowhere (tests, or nothing refused yet). */
    readonly refusalsPath: string | null,
    readonly dryRun: boolean,
  ) {}

  count(table: string, what: keyof TableCounts, n = 1): void {
    const counts = this.tables.get(table) ?? { inserted: 0, updated: 0, unchanged: 0, deleted: 0, refused: 0 };
    counts[what] += n;
    this.tables.set(table, counts);
  }

  refuse(table: string, id: number | string, email: string | null, reason: string): void {
    this.count(table, 'refused');
    this.refusals++;
    if (!this.refusalsPath) return;
    if (this.fd === null) {
      mkdirSync(dirname(this.refusalsPath), { recursive: true });
      this.fd = openSync(this.refusalsPath, 'w');
      writeSync(this.fd, csvLine(['table', 'id', 'email', 'reason']));
    }
    writeSync(this.fd, csvLine([table, String(id), email ?? '', reason]));
  }

  note(text: string): void {
    this.notes.push(text);
  }

  get refusedCount(): number {
    return this.refusals;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** The summary for people: a table of counts, the notes, where refusals went. */
  render(): string {
    const verb = this.dryRun ? ['would insert', 'would update'] : ['inserted', 'updated'];
    const header = ['table', verb[0], verb[1], 'unchanged', 'deleted', 'refused'];
    const rows = [...this.tables].map(([name, c]) => [name, c.inserted, c.updated, c.unchanged, c.deleted, c.refused].map(String));
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    const out = [this.dryRun ? 'Dry run: nothing was written.' : 'Import finished.', line(header), ...rows.map(line)];
    for (const note of this.notes) out.push(`Note: ${note}`);
    if (this.refusals > 0) out.push(`${this.refusals} row(s) refused${this.refusalsPath ? `; reasons in ${this.refusalsPath}` : ''}.`);
    else out.push('No row was refused.');
    return out.join('\n');
  }

  toJSON() {
    return { dryRun: this.dryRun, tables: Object.fromEntries(this.tables), refused: this.refusals, refusalsPath: this.refusalsPath, notes: this.notes };
  }
}
