// Framework\Api\SearchCriteriaInterface as the REST door binds it (bracket query syntax, snake or
// camel keys), and the search-results envelope every getList route answers.
import { Type, type TSchema } from '@sinclair/typebox';
import { searchCriteriaToWire, type SearchCriteria } from '../../../lib/search-criteria.ts';

const Opt = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

export const FilterWire = Type.Object(
  { field: Opt(Type.String()), value: Opt(Type.String()), condition_type: Opt(Type.String()) },
  { $id: 'FrameworkFilter', additionalProperties: false },
);
export const SearchCriteriaWire = Type.Object(
  {
    filter_groups: Opt(Type.Array(Type.Object({ filters: Opt(Type.Array(FilterWire)) }, { $id: 'FrameworkSearchFilterGroup', additionalProperties: false }))),
    sort_orders: Opt(Type.Array(Type.Object({ field: Opt(Type.String()), direction: Opt(Type.String()) }, { $id: 'FrameworkSortOrder', additionalProperties: false }))),
    page_size: Opt(Type.Integer()),
    current_page: Opt(Type.Integer()),
  },
  { $id: 'FrameworkSearchCriteriaInterface', additionalProperties: false, phpType: '\\Magento\\Framework\\Api\\SearchCriteriaInterface' },
);

export function searchResultsSchema(item: TSchema, id: string) {
  return Type.Object({ items: Type.Array(item), search_criteria: SearchCriteriaWire, total_count: Type.Integer() }, { $id: id });
}

/** Key order of *SearchResultsInterface: items, search_criteria, total_count. */
export function searchResultsToWire<T, W>(criteria: SearchCriteria, result: { items: T[]; total: number }, toWire: (item: T) => W) {
  return { items: result.items.map(toWire), search_criteria: searchCriteriaToWire(criteria), total_count: result.total };
}
