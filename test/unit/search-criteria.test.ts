// The shared searchCriteria module: validation against an allow-list, the echo, paging, and the
// SQL it builds on each dialect (values always as parameters).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DummyDriver, Kysely, MysqlAdapter, MysqlIntrospector, MysqlQueryCompiler, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from 'kysely';
import { orderFor, whereFor, type SearchFields } from '../../src/db/search-query.ts';
import type { DialectName } from '../../src/db/database.ts';
import { DIALECT_TRAITS } from '../../src/db/dialect.ts';
import { InputError } from '../../src/errors/domain-errors.ts';
import { pageWindow, parseSearchCriteria, searchCriteriaToWire } from '../../src/lib/search-criteria.ts';

const FIELDS: SearchFields = {
  id: { expr: sql.ref('t.id'), type: 'int' },
  email: { expr: sql.ref('t.email_normalized'), type: 'text', lowerValue: true },
  name: { expr: sql.ref('t.name'), type: 'text' },
  last: { expr: sql.ref('t.last'), type: 'text', prefixIndex: true },
};
const ALLOWED = new Set(Object.keys(FIELDS));

function compile(dialect: DialectName, raw: Parameters<typeof parseSearchCriteria>[0]) {
  const parts = {
    sqlite: [SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler],
    postgres: [PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler],
    mysql: [MysqlAdapter, MysqlIntrospector, MysqlQueryCompiler],
  } as const;
  const [Adapter, Introspector, Compiler] = parts[dialect];
  const db = new Kysely<any>({
    dialect: { createAdapter: () => new Adapter(), createDriver: () => new DummyDriver(), createIntrospector: (k) => new Introspector(k), createQueryCompiler: () => new Compiler() },
  });
  const criteria = parseSearchCriteria(raw, ALLOWED);
  const where = whereFor(criteria, FIELDS, DIALECT_TRAITS[dialect]);
  let q = db.selectFrom('t').selectAll().orderBy(orderFor(criteria, FIELDS, sql.ref('t.id')));
  if (where) q = q.where(where);
  return q.compile();
}

describe('parseSearchCriteria', () => {
  it('defaults the condition to eq and the direction to DESC, as Magento does', () => {
    const c = parseSearchCriteria({ filterGroups: [{ filters: [{ field: 'email', value: 'A@B.C' }] }], sortOrders: [{ field: 'name' }] }, ALLOWED);
    assert.equal(c.filterGroups[0].filters[0].conditionType, 'eq');
    assert.equal(c.sortOrders![0].direction, 'DESC');
    assert.deepEqual(searchCriteriaToWire(c), { filter_groups: [{ filters: [{ field: 'email', value: 'A@B.C' }] }], sort_orders: [{ field: 'name' }] });
  });

  it('refuses fields outside the allow-list, unknown conditions and directions', () => {
    assert.throws(() => parseSearchCriteria({ filterGroups: [{ filters: [{ field: 'password_hash', value: 'x' }] }] }, ALLOWED), (e: unknown) => e instanceof InputError && e.message === 'Invalid attribute name: %1');
    assert.throws(() => parseSearchCriteria({ sortOrders: [{ field: 'id; drop table t', direction: 'ASC' }] }, ALLOWED), InputError);
    assert.throws(() => parseSearchCriteria({ filterGroups: [{ filters: [{ field: 'id', value: '1', conditionType: 'regexp' }] }] }, ALLOWED), InputError);
    assert.throws(() => parseSearchCriteria({ sortOrders: [{ field: 'id', direction: 'up' }] }, ALLOWED), InputError);
  });

  it('echoes only what was given', () => {
    const c = parseSearchCriteria({ pageSize: 5, currentPage: 2 }, ALLOWED);
    assert.deepEqual(searchCriteriaToWire(c), { filter_groups: [], page_size: 5, current_page: 2 });
  });
});

describe('pageWindow', () => {
  it('pages, clamps to the last page, and means "everything" without a page size', () => {
    const c = (pageSize: number | null, currentPage: number | null) => parseSearchCriteria({ pageSize, currentPage }, ALLOWED);
    assert.deepEqual(pageWindow(c(10, 2), 25), { limit: 10, offset: 10 });
    assert.deepEqual(pageWindow(c(10, 9), 25), { limit: 10, offset: 20 });
    assert.deepEqual(pageWindow(c(10, 0), 25), { limit: 10, offset: 0 });
    assert.deepEqual(pageWindow(c(null, 3), 25), { limit: null, offset: 0 });
  });
});

describe('SQL from searchCriteria', () => {
  for (const dialect of ['sqlite', 'postgres', 'mysql'] as const) {
    it(`${dialect}: OR inside a group, AND between groups, values as parameters`, () => {
      const evil = "x' OR '1'='1";
      const q = compile(dialect, {
        filterGroups: [{ filters: [{ field: 'email', value: 'A@B.C' }, { field: 'name', value: evil, conditionType: 'like' }] }, { filters: [{ field: 'id', value: '1,2', conditionType: 'in' }] }],
        sortOrders: [{ field: 'name', direction: 'asc' }],
      });
      assert.ok(!q.sql.includes(evil), 'the value is never in the SQL text');
      assert.deepEqual(q.parameters, ['a@b.c', evil, 1, 2]);
      assert.match(q.sql, / OR /);
      assert.match(q.sql, /\) AND \(/);
      assert.match(q.sql, dialect === 'postgres' ? / ILIKE / : / LIKE /);
      assert.match(q.sql, /order by .*name.* ASC, .*id.* ASC/i);
    });
  }

  it('refuses a non-numeric value for an integer field before any SQL', () => {
    assert.throws(() => compile('postgres', { filterGroups: [{ filters: [{ field: 'id', value: '1 OR 1=1' }] }] }), (e: unknown) => e instanceof InputError && (e.params as any).fieldName === 'id');
  });

  it("gives a prefix LIKE an index range in the index's collation, and keeps the LIKE", () => {
    const like = (dialect: DialectName, field: string, value: string) => compile(dialect, { filterGroups: [{ filters: [{ field, value, conditionType: 'like' }] }] });
    const sqlite = like('sqlite', 'last', 'SmI%');
    assert.match(sqlite.sql, /"t"\."last" >= \? COLLATE NOCASE AND "t"\."last" < \? COLLATE NOCASE AND "t"\."last" LIKE \?/);
    assert.deepEqual(sqlite.parameters, ['smi', 'smj', 'SmI%']);
    const pg = like('postgres', 'last', 'SmI%');
    assert.match(pg.sql, /lower\("t"\."last"\) COLLATE "C" >= \$1/);
    assert.match(pg.sql, / ILIKE \$3/);
    assert.doesNotMatch(like('mysql', 'last', 'Smi%').sql, />=/, 'MySQL collations serve LIKE directly');
    assert.deepEqual(like('sqlite', 'email', 'Bob%').parameters, ['bob', 'boc', 'bob%']);
    assert.doesNotMatch(like('sqlite', 'last', '%mi%').sql, />=/, 'no range for an infix pattern');
    assert.doesNotMatch(like('sqlite', 'name', 'Smi%').sql, />=/, 'no range without a prefix index');
  });

  it('escapes LIKE wildcards inside finset values', () => {
    const q = compile('sqlite', { filterGroups: [{ filters: [{ field: 'name', value: '50%_off', conditionType: 'finset' }] }] });
    assert.deepEqual(q.parameters, ['%,50!%!_off,%']);
  });
});
