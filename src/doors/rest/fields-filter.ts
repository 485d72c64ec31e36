// Magento's `?fields=` response filter (Webapi\Rest\Response\FieldsFilter): `fields=id,email,addresses[city,street]`
// keeps only the named keys, at any depth; lists are filtered item by item.

export type FieldTree = Map<string, FieldTree | null>;

/** Parses `a,b[c,d[e]],f` into a tree; returns null when the text is malformed (Magento then returns everything). */
export function parseFields(text: string): FieldTree | null {
  let pos = 0;
  const parseList = (): FieldTree | null => {
    const tree: FieldTree = new Map();
    while (pos < text.length) {
      const match = /^[A-Za-z0-9_]+/.exec(text.slice(pos));
      if (!match) return null;
      pos += match[0].length;
      let child: FieldTree | null = null;
      if (text[pos] === '[') {
        pos++;
        child = parseList();
        if (child === null || text[pos] !== ']') return null;
        pos++;
      }
      tree.set(match[0], child);
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      break;
    }
    return tree;
  };
  const tree = parseList();
  return tree && pos === text.length && tree.size > 0 ? tree : null;
}

export function applyFields(value: unknown, tree: FieldTree): unknown {
  if (Array.isArray(value)) return value.map((item) => applyFields(item, tree));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of tree) {
    if (!(key in (value as Record<string, unknown>))) continue;
    const v = (value as Record<string, unknown>)[key];
    out[key] = child ? applyFields(v, child) : v;
  }
  return out;
}
