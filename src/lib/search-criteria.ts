// Magento's searchCriteria (Framework\Api\SearchCriteria): filter groups AND-ed, filters inside a
// group OR-ed, sort orders, paging. This module only validates and normalizes; each entity passes
// the allow-list of fields it can search, so a field name never reaches SQL unless it is known.
import { InputError } from '../errors/domain-errors.ts';

export const CONDITION_TYPES = ['eq', 'neq', 'like', 'nlike', 'in', 'nin', 'null', 'notnull', 'gt', 'lt', 'gteq', 'lteq', 'from', 'to', 'finset'] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

export interface Filter {
  field: string;
  value: string | null;
  conditionType: ConditionType;
  /** Whether the caller named the condition (echoed back only then). */
  conditionGiven: boolean;
}

export interface SortOrder {
  field: string;
  direction: 'ASC' | 'DESC';
  /** Whether the caller named a direction (Magento sorts DESC when it is missing). */
  directionGiven: boolean;
}

export interface SearchCriteria {
  filterGroups: Array<{ filters: Filter[] }>;
  sortOrders: SortOrder[] | null;
  pageSize: number | null;
  currentPage: number | null;
}

/** What the REST binder hands over: camelCase keys, scalars as strings or numbers. */
export interface RawSearchCriteria {
  filterGroups?: Array<{ filters?: Array<{ field?: string | null; value?: string | null; conditionType?: string | null } | null> | null } | null> | null;
  sortOrders?: Array<{ field?: string | null; direction?: string | null } | null> | null;
  pageSize?: number | null;
  currentPage?: number | null;
}

/**
 * Validates a bound searchCriteria against the entity's allow-list. An unknown field answers
 * Magento's EAV message ("Invalid attribute name: %1"), an unknown condition or direction an
 * invalid-value error: both 400, before any SQL is built.
 */
export function parseSearchCriteria(raw: RawSearchCriteria | null | undefined, allowedFields: ReadonlySet<string>): SearchCriteria {
  const input = raw ?? {};
  const checkField = (field: string | null | undefined): string => {
    const name = field ?? '';
    if (!allowedFields.has(name)) throw new InputError('search.invalid_field', [name]);
    return name;
  };
  const filterGroups = (input.filterGroups ?? []).map((group) => ({
    filters: (group?.filters ?? []).filter((f) => f !== null && f !== undefined).map((f) => {
      const given = f!.conditionType !== null && f!.conditionType !== undefined && f!.conditionType !== '';
      const conditionType = (given ? String(f!.conditionType).toLowerCase() : 'eq') as ConditionType;
      if (!CONDITION_TYPES.includes(conditionType)) throw InputError.invalidValue('condition_type', f!.conditionType);
      return { field: checkField(f!.field), value: f!.value ?? null, conditionType, conditionGiven: given };
    }),
  }));
  const sortOrders = input.sortOrders
    ? input.sortOrders.filter((s) => s !== null && s !== undefined).map((s) => {
        const given = s!.direction !== null && s!.direction !== undefined && s!.direction !== '';
        const direction = given ? String(s!.direction).toUpperCase() : 'DESC';
        // Framework\Api\SortOrder::validateDirectionIsAscOrDesc
        if (direction !== 'ASC' && direction !== 'DESC') {
          throw new InputError('search.invalid_sort_direction', ['ASC', 'DESC']);
        }
        return { field: checkField(s!.field), direction: direction as 'ASC' | 'DESC', directionGiven: given };
      })
    : null;
  return {
    filterGroups,
    sortOrders,
    pageSize: input.pageSize ?? null,
    currentPage: input.currentPage ?? null,
  };
}

/** Values of `in` / `nin`: Magento splits a comma-separated string. */
export function listValue(value: string | null): string[] {
  return (value ?? '').split(',').map((v) => v.trim());
}

/** Offset and limit for a page, clamped as Magento's collection clamps currentPage to the last page. */
export function pageWindow(criteria: SearchCriteria, total: number): { limit: number | null; offset: number } {
  const size = criteria.pageSize !== null && criteria.pageSize > 0 ? criteria.pageSize : null;
  if (size === null) return { limit: null, offset: 0 };
  const lastPage = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, criteria.currentPage ?? 1), lastPage);
  return { limit: size, offset: (page - 1) * size };
}

/** The search_criteria echo of a search result, null parts left out as Magento's output does. */
export function searchCriteriaToWire(criteria: SearchCriteria): Record<string, unknown> {
  const out: Record<string, unknown> = {
    filter_groups: criteria.filterGroups.map((g) => ({
      filters: g.filters.map((f) => {
        const filter: Record<string, unknown> = { field: f.field };
        if (f.value !== null) filter.value = f.value;
        if (f.conditionGiven) filter.condition_type = f.conditionType;
        return filter;
      }),
    })),
  };
  if (criteria.sortOrders) {
    out.sort_orders = criteria.sortOrders.map((s) => (s.directionGiven ? { field: s.field, direction: s.direction } : { field: s.field }));
  }
  if (criteria.pageSize !== null) out.page_size = criteria.pageSize;
  if (criteria.currentPage !== null) out.current_page = criteria.currentPage;
  return out;
}
