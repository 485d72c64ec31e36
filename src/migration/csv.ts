// CSV as Magento's import/export writes and reads it: comma-separated, double-quote enclosed,
// quotes doubled, fields may span lines (street lines). Reading streams record by record.
import { createReadStream } from 'node:fs';

/**
 * One line, as PHP's fputcsv writes it (Magento's export writer): a field is enclosed when it holds
 * the delimiter, a quote, a backslash, a line break, a tab or a space.
 */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map((f) => (/[,"\\\n\r\t ]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',')}\n`;
}

/** Records of a CSV file, streamed: memory holds one chunk and one record, whatever the file size. */
export async function* readCsvRecords(path: string): AsyncGenerator<string[]> {
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let quoteSeen = false; // inside quotes, the previous character was a quote
  let fieldStarted = false;
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    let text = chunk as string;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 BOM, as spreadsheet programs write
      first = false;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (quoteSeen) {
          quoteSeen = false;
          if (c === '"') {
            field += '"';
            continue;
          }
          quoted = false; // the closing quote: fall through to handle c outside quotes
        } else if (c === '"') {
          quoteSeen = true;
          continue;
        } else {
          field += c;
          continue;
        }
      }
      if (c === '"' && !fieldStarted) {
        quoted = true;
        fieldStarted = true;
      } else if (c === ',') {
        record.push(field);
        field = '';
        fieldStarted = false;
      } else if (c === '\n') {
        record.push(field);
        if (!(record.length === 1 && record[0] === '')) yield record;
        record = [];
        field = '';
        fieldStarted = false;
      } else if (c === '\r') {
        // dropped: \r\n line ends
      } else {
        field += c;
        fieldStarted = true;
      }
    }
  }
  if (quoted && !quoteSeen) throw new Error(`${path}: the file ends inside a quoted field`);
  if (fieldStarted || field !== '' || record.length > 0) {
    record.push(field);
    yield record;
  }
}

/** Rows as objects keyed by the header line; the line number (1-based, the header is line 1) comes along. */
export async function* readCsvRows(path: string): AsyncGenerator<{ line: number; row: Record<string, string>; header: string[] }> {
  let header: string[] | null = null;
  let line = 0;
  for await (const record of readCsvRecords(path)) {
    line++;
    if (!header) {
      header = record.map((h) => h.trim());
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((name, i) => (row[name] = record[i] ?? ''));
    yield { line, row, header };
  }
  if (!header) throw new Error(`${path} is empty: a header line is required`);
}
