// Magento renders responses with PHP's json_encode and default flags: "/" is escaped as "\/" and
// every non-ASCII character as a \uXXXX escape (UTF-16 units, lower-case hex). Clients that
// compare bodies byte for byte see the same bytes from Keyfront.
const NEEDS_ESCAPE = /[\u0080-\uffff/]/;
const ESCAPES = /[\u0080-\uffff/]/g;

function escapeChar(c: string): string {
  return c === '/' ? '\\/' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

export function phpJsonEncode(value: unknown): string {
  const json = JSON.stringify(value === undefined ? null : value);
  // Outside strings JSON has no "/" and no non-ASCII, so escaping the whole text is exact.
  return NEEDS_ESCAPE.test(json) ? json.replace(ESCAPES, escapeChar) : json;
}

/**
 * Drops null and undefined members, as Magento's DataObjectProcessor leaves nulls out. Copies
 * rather than `delete`s: deleting turns an object into a slow dictionary that JSON.stringify then
 * walks at several times the cost (customer responses are built this way on every read).
 */
export function compact<T extends Record<string, unknown>>(object: T): T {
  const out: Record<string, unknown> = {};
  for (const key in object) {
    const value = object[key];
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out as T;
}
