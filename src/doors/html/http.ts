// What the HTML doors read from a request alike.
import { timingSafeEqual } from 'node:crypto';

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

/** A form value as a string: anything else (arrays, objects from bracket names) counts as empty. */
export function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

/** Magento's FormKey validator: the posted key equals the session's, compared in constant time. */
export function sameKey(sent: string, expected: string | undefined): boolean {
  if (!expected || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}
