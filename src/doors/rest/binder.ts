// Binds a request's parameters to a route's declared TypeBox schema the way Magento's
// ServiceInputProcessor does: keys in camelCase or snake_case (any case, underscores ignored),
// PHP-style scalar coercion, Magento's messages for what cannot be bound. The result uses the
// schema's property names turned to camelCase, which is what the services take.
import { Kind, type TSchema } from '@sinclair/typebox';
import { InputError, InputErrors } from '../../errors/domain-errors.ts';

/** A binding failure Magento reports as an already-rendered 400 message (Webapi\Exception). */
/** A value of the wrong type for its parameter; the message is composed as Magento's ServiceInputProcessor does. */
export class BindingError extends InputError {
  constructor(message: string) {
    super('input.type_mismatch', undefined, message);
  }
}

/**
 * Magento's web API input limits (Stores › Configuration › Services › Magento Web API › Web Api
 * Input Limits, webapi/validation/*): at most `complexArrayLimit` objects in any list of data
 * objects, at most `maximumPageSize` per searchCriteria page, `defaultPageSize` when none is asked.
 * null: limits off.
 */
export interface InputLimits {
  complexArrayLimit: number;
  maximumPageSize: number;
  defaultPageSize: number;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const SEARCH_CRITERIA = '\\Magento\\Framework\\Api\\SearchCriteriaInterface';

/** What no column can store: the databases refuse NUL in text (PostgreSQL) or silently differ. */
function invalid(label: string, value: unknown): never {
  throw new InputError('input.invalid_value', { value: phpString(value).replace(/\0/g, '\\0'), fieldName: label });
}

export function normalizeKey(key: string): string {
  return key.replace(/_/g, '').toLowerCase();
}

export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Magento's SimpleDataObjectConverter::snakeCaseToUpperCamelCase, used in its field-name messages. */
function upperCamel(key: string): string {
  return key
    .split('_')
    .map((p) => (p ? p[0].toUpperCase() + p.slice(1) : ''))
    .join('');
}

function typeMismatch(value: string, type: string): string {
  return `The "${value}" value's type is invalid. The "${type}" type was expected. Verify and try again.`;
}

/** `T | null` is declared as a union; binding works on T. */
function nonNull(schema: TSchema): TSchema {
  if (schema[Kind] !== 'Union') return schema;
  const members = (schema.anyOf as TSchema[]).filter((m) => m[Kind] !== 'Null');
  return members.length === 1 ? members[0] : schema;
}

function phpTypeOf(declared: TSchema): string {
  const schema = nonNull(declared);
  if (schema.phpType) return schema.phpType as string;
  switch (schema[Kind]) {
    case 'String':
      return 'string';
    case 'Integer':
      return 'int';
    case 'Number':
      return 'float';
    case 'Boolean':
      return 'bool';
    case 'Array':
      return `${phpTypeOf(schema.items as TSchema)}[]`;
    default:
      return 'mixed';
  }
}

function phpGettype(value: unknown): string {
  if (Array.isArray(value) || (value !== null && typeof value === 'object')) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'double';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

function phpString(value: unknown): string {
  if (value === true) return '1';
  if (value === false) return '';
  return String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** PHP's is_numeric for what JSON can carry. */
function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value);
}

/** A PHP array given as a JSON object with keys 0..n-1 is a list to PHP. */
function asList(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.every((k, i) => k === String(i))) return keys.map((k) => value[k]);
  }
  return null;
}

/**
 * Converts one value to the schema's type. `path` is the JSON key as sent, used for Magento's
 * 'Error occurred during "%field_name" processing.' wrapper on nested fields.
 */
function bindValue(declared: TSchema, value: unknown, fieldKey: string | null, label: string, limits: InputLimits | null): unknown {
  if (value === null || value === undefined) return null;
  const schema = nonNull(declared);
  const kind = schema[Kind];
  const fail = (message: string): never => {
    throw new BindingError(fieldKey === null ? message : `Error occurred during "${fieldKey}" processing. ${message}`);
  };
  switch (kind) {
    case 'String':
      if (typeof value === 'object') return fail(typeMismatch('array', phpTypeOf(schema)));
      if (typeof value === 'string' && value.includes('\0')) return invalid(label, value);
      return phpString(value);
    case 'Integer':
    case 'Number':
      if (typeof value === 'object') return fail(typeMismatch('array', phpTypeOf(schema)));
      if (typeof value === 'boolean' || !isNumeric(value)) return fail(typeMismatch(phpString(value), phpTypeOf(schema)));
      {
        // Every integer column is 32-bit: a larger id matches nothing, and reaching the database
        // with it (or with 1e309) is an error there, not an answer.
        const number = Number(value);
        if (!Number.isFinite(number)) return invalid(label, value);
        if (kind === 'Number') return number;
        const integer = Math.trunc(number);
        if (integer < INT32_MIN || integer > INT32_MAX) return invalid(label, value);
        return integer;
      }
    case 'Boolean':
      if (typeof value === 'object') return fail(typeMismatch('array', 'bool'));
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number') return value !== 0;
      return ['1', 'true', 'on', 'yes'].includes(String(value).trim().toLowerCase());
    case 'Array': {
      const list = asList(value);
      const items = schema.items as TSchema;
      if (list === null) {
        if (items[Kind] === 'Object') throw new InputError('input.invalid_parameters');
        return fail(typeMismatch(phpGettype(value), phpTypeOf(schema)));
      }
      if (limits && items[Kind] === 'Object' && list.length > limits.complexArrayLimit) {
        const type = (items.phpType as string | undefined) ?? (items.$id as string | undefined) ?? 'mixed';
        throw new InputError('webapi.too_many_items', { type: type.replace(/^\\/, ''), max: limits.complexArrayLimit });
      }
      return list.map((item) => bindValue(items, item, fieldKey, label, limits));
    }
    case 'Object': {
      // Magento builds an empty data object from a scalar; business validation then speaks.
      const bound = bindObject(schema, isPlainObject(value) ? value : {}, limits);
      if (limits && schema.phpType === SEARCH_CRITERIA) {
        if (bound.pageSize === undefined || bound.pageSize === null) bound.pageSize = limits.defaultPageSize;
        else if ((bound.pageSize as number) > limits.maximumPageSize) throw new InputError('webapi.page_size_too_large', { max: limits.maximumPageSize });
      }
      return bound;
    }
    default:
      return value; // Unknown / Any: passed through as sent
  }
}

/** Binds a data object: unknown keys are refused as in Magento 2.4.7+. */
export function bindObject(schema: TSchema, input: Record<string, unknown>, limits: InputLimits | null = null): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, TSchema>;
  const byNormalized = new Map<string, string>();
  for (const name of Object.keys(properties)) byNormalized.set(normalizeKey(name), name);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const name = byNormalized.get(normalizeKey(key));
    if (!name) {
      if (schema.additionalProperties === true) continue;
      throw new InputError('input.unsupported_field', { fieldName: upperCamel(key) });
    }
    const target = camelCase(name);
    if (target in out && out[target] !== null) continue; // the first spelling wins
    out[target] = bindValue(properties[name], value, key, key, limits);
  }
  return out;
}

/**
 * Binds a service method's parameters: each top-level key may be camelCase or snake_case
 * (camelCase wins), unknown top-level keys are ignored, and every required parameter that is
 * missing is reported ("%fieldName" is required), aggregated when there are several.
 */
export function bindParameters(schema: TSchema, input: Record<string, unknown>, limits: InputLimits | null = null): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, TSchema>;
  const required = new Set<string>((schema.required as string[] | undefined) ?? []);
  const out: Record<string, unknown> = {};
  const missing = new InputErrors();
  for (const [name, propertySchema] of Object.entries(properties)) {
    const camel = camelCase(name);
    const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const raw = camel in input ? input[camel] : input[snake];
    // An empty string is "missing" for a scalar; for a data object PHP builds an empty object
    // (so `?searchCriteria=` lists everything, as in Magento).
    const emptyScalar = raw === '' && nonNull(propertySchema)[Kind] !== 'Object';
    if (raw === undefined || raw === null || (emptyScalar && required.has(name))) {
      if (required.has(name)) missing.add(InputError.required(camel));
      continue;
    }
    out[camel] = bindValue(propertySchema, raw, null, camel, limits);
  }
  missing.throwIfAny();
  return out;
}
