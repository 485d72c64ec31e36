// The storefront's one template tool: a tagged template that escapes every interpolated value
// unless it is already Html. Nothing reaches a page unescaped by accident.

/** Markup known to be safe: produced by `html` or by `escape`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escape(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < parts.length; i++) out += render(parts[i]) + strings[i + 1];
  return new Html(out);
}

/** Renders Magento's message templates: %1, %2 … and %name placeholders from the error's parameters. */
export function formatMessage(template: string, params?: Record<string, unknown> | unknown[]): string {
  if (!params) return template;
  if (Array.isArray(params)) return template.replace(/%(\d+)/g, (m, n) => (params[Number(n) - 1] !== undefined ? String(params[Number(n) - 1]) : m));
  return template.replace(/%([A-Za-z_][A-Za-z0-9_]*)/g, (m, name) => (name in params ? String(params[name]) : m));
}
