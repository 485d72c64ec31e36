// The migration's CSV reader and writer (Magento's export dialect: PHP fputcsv) and its progress
// output, without a database.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { csvLine, readCsvRecords, readCsvRows } from '../../src/migration/csv.ts';
import { Progress } from '../../src/migration/progress.ts';

const dir = mkdtempSync(join(tmpdir(), 'kf-csv-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function records(text: string): Promise<string[][]> {
  const path = join(dir, `f${Math.random()}.csv`);
  writeFileSync(path, text);
  const out: string[][] = [];
  for await (const r of readCsvRecords(path)) out.push(r);
  return out;
}

describe('migration CSV', () => {
  it('writes fields as fputcsv does: enclosed when they hold a comma, quote, backslash, line break, tab or space', () => {
    assert.equal(csvLine(['a', 'b c', 'd,e', 'f"g', 'h\ni', 'j\\k', '', 'x\ty']), 'a,"b c","d,e","f""g","h\ni","j\\k",,"x\ty"\n');
  });

  it('reads quoted fields across lines, doubled quotes, CRLF line ends, a BOM and a missing last newline', async () => {
    assert.deepEqual(await records('\ufeffa,b\r\n"1\n2","say ""hi"""\r\n,last'), [['a', 'b'], ['1\n2', 'say "hi"'], ['', 'last']]);
  });

  it('round-trips what it writes, whatever the characters', async () => {
    const rows = [['email', 'street'], ['ånna@example.com', '5th Avenue 1\nFloor 3'], ['x', 'a "quoted", comma'], ['🌷', ' lead and trail ']];
    assert.deepEqual(await records(rows.map(csvLine).join('')), rows);
  });

  it('keys rows by the header and refuses an unterminated quote', async () => {
    const path = join(dir, 'rows.csv');
    writeFileSync(path, 'email,_website\nx@example.com,base\n');
    const rows = [];
    for await (const r of readCsvRows(path)) rows.push(r.row);
    assert.deepEqual(rows, [{ email: 'x@example.com', _website: 'base' }]);
    await assert.rejects(records('a\n"open'), /ends inside a quoted field/);
  });

  it('progress: plain lines at most every five seconds off a terminal, a redrawn bar on one', () => {
    let t = 0;
    let text = '';
    const plain = new Progress({ write: (s: string) => (text += s) } as any, false, () => t);
    plain.start('Customers', 1000);
    t = 1000;
    plain.advance(100); // too soon for a line
    t = 6000;
    plain.advance(400);
    plain.finish();
    assert.equal(text, 'Customers: 1,000 to read\nCustomers: 50%  500/1,000  83/s  ETA 0:06\n');
    text = '';
    const bar = new Progress({ write: (s: string) => (text += s) } as any, true, () => t);
    bar.start('Customers', 100);
    t += 1000;
    bar.advance(25);
    assert.match(text, /^\rCustomers \[#{8}-{22}\]  25%  25\/100  25\/s  ETA 0:03\x1b\[K$/);
  });
});
