// Turns a validated searchCriteria into SQL, the same way for every entity and dialect. Each entity
// declares its searchable fields (the allow-list) as SQL expressions; values always travel as
// parameters, field names only as the expressions declared here.
import { sql, type RawBuilder } from 'kysely';
import { InputError } from '../errors/domain-errors.ts';
import { listValue, type Filter, type SearchCriteria } from '../lib/search-criteria.ts';
import type { DialectTraits } from './dialect.ts';

export interface SearchField {
  expr: RawBuilder<unknown>;
  type: 'int' | 'text';
  /** The column holds lower-cased text (email_normalized): values are lower-cased to match. */
  lowerValue?: boolean;
  /** A join the query must add when this field is used (e.g. the default billing address). */
  join?: string;
  /**
   * The field has a case-insensitive prefix index (migration 0002): `like 'abc%'` then also gets
   * a range condition the index can answer. SQLite: an index with COLLATE NOCASE; PostgreSQL: an
   * index on lower(column) COLLATE "C"; MySQL's case-insensitive collation needs nothing extra.
   */
  prefixIndex?: boolean;
}

export type SearchFields = Readonly<Record<string, SearchField>>;

/** Joins the criteria need, by the names the fields declare. */
export function joinsFor(criteria: SearchCriteria, fields: SearchFields): Set<string> {
  const joins = new Set<string>();
  const used = [...criteria.filterGroups.flatMap((g) => g.filters.map((f) => f.field)), ...(criteria.sortOrders ?? []).map((s) => s.field)];
  for (const name of used) if (fields[name]?.join) joins.add(fields[name].join!);
  return joins;
}

/** The WHERE condition: groups AND-ed, filters inside a group OR-ed; null when there is none. */
export function whereFor(criteria: SearchCriteria, fields: SearchFields, traits: DialectTraits): RawBuilder<boolean> | null {
  const groups = criteria.filterGroups
    .filter((g) => g.filters.length > 0)
    .map((g) => sql<boolean>`(${sql.join(g.filters.map((f) => condition(f, fields[f.field], traits)), sql` OR `)})`);
  return groups.length === 0 ? null : sql<boolean>`${sql.join(groups, sql` AND `)}`;
}

/** ORDER BY items for the sort orders, then the tie-breaker so pages never overlap. */
export function orderFor(criteria: SearchCriteria, fields: SearchFields, tieBreaker: RawBuilder<unknown>): RawBuilder<unknown> {
  const items = (criteria.sortOrders ?? []).map((s) => sql`${fields[s.field].expr} ${sql.raw(s.direction === 'ASC' ? 'ASC' : 'DESC')}`);
  items.push(sql`${tieBreaker} ASC`);
  return sql.join(items, sql`, `);
}

function condition(filter: Filter, field: SearchField, traits: DialectTraits): RawBuilder<boolean> {
  const e = field.expr;
  const one = () => scalar(filter, field, filter.value ?? '');
  switch (filter.conditionType) {
    case 'eq':
      return sql<boolean>`${e} = ${one()}`;
    case 'neq':
      return sql<boolean>`${e} <> ${one()}`;
    case 'gt':
      return sql<boolean>`${e} > ${one()}`;
    case 'lt':
      return sql<boolean>`${e} < ${one()}`;
    case 'gteq':
    case 'from':
      return sql<boolean>`${e} >= ${one()}`;
    case 'lteq':
    case 'to':
      return sql<boolean>`${e} <= ${one()}`;
    case 'in':
    case 'nin': {
      const values = listValue(filter.value).map((v) => scalar(filter, field, v));
      const list = sql.join(values.map((v) => sql`${v}`));
      return filter.conditionType === 'in' ? sql<boolean>`${e} IN (${list})` : sql<boolean>`${e} NOT IN (${list})`;
    }
    case 'null':
      return sql<boolean>`${e} IS NULL`;
    case 'notnull':
      return sql<boolean>`${e} IS NOT NULL`;
    case 'like':
    case 'nlike': {
      if (field.type !== 'text') throw InputError.invalidValue('condition_type', filter.conditionType);
      // The caller supplies the % wildcards, as in Magento. MySQL's collation makes LIKE
      // case-insensitive; ILIKE gives PostgreSQL the same answer (SQLite's LIKE already is).
      const op = sql.raw(`${filter.conditionType === 'nlike' ? 'NOT ' : ''}${traits.likeIgnoringCase}`);
      const like = sql<boolean>`${e} ${op} ${one()}`;
      const range = filter.conditionType === 'like' ? prefixRange(field, String(one()), traits) : null;
      // The range only narrows what the index reads; LIKE still decides.
      return range ? sql<boolean>`(${range} AND ${like})` : like;
    }
    case 'finset': {
      // FIND_IN_SET(value, field), portable: ",a,b," LIKE "%,value,%" with the value's wildcards escaped.
      const escaped = String(one()).replace(/[!%_]/g, (c) => `!${c}`);
      return sql<boolean>`concat(',', ${e}, ',') LIKE ${`%,${escaped},%`} ESCAPE '!'`;
    }
  }
}

/** For `like 'prefix%'`: a case-insensitive range [prefix, next) an index can scan, or null. */
function prefixRange(field: SearchField, pattern: string, traits: DialectTraits): RawBuilder<boolean> | null {
  const m = /^([^%_\\]+)%$/.exec(pattern);
  if (!m || traits.caselessIndex === 'none' || (!field.prefixIndex && !field.lowerValue)) return null;
  const low = m[1].toLowerCase();
  const last = low.charCodeAt(low.length - 1);
  if (last >= 0xd800) return null;
  const high = low.slice(0, -1) + String.fromCharCode(last + 1);
  const e = field.expr;
  // A column that already holds lower-cased text (email_normalized) compares as it is.
  if (field.lowerValue) return sql<boolean>`${traits.binary(e)} >= ${low} AND ${traits.binary(e)} < ${high}`;
  // SQLite: the NOCASE index on the column itself; PostgreSQL: the index on lower(column) COLLATE "C".
  if (traits.caselessIndex === 'nocase-column') return sql<boolean>`${e} >= ${traits.caseless(low)} AND ${e} < ${traits.caseless(high)}`;
  return sql<boolean>`${traits.binary(sql`lower(${e})`)} >= ${low} AND ${traits.binary(sql`lower(${e})`)} < ${high}`;
}

function scalar(filter: Filter, field: SearchField, value: string): string | number {
  if (field.type === 'int') {
    const trimmed = value.trim();
    // PostgreSQL refuses to compare an integer with text that is not a number: answer 400, not 500.
    if (!/^-?\d{1,15}$/.test(trimmed)) throw InputError.invalidValue(filter.field, value);
    return Number(trimmed);
  }
  return field.lowerValue ? value.trim().toLowerCase() : value;
}
