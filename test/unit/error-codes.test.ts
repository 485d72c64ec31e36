// The error catalogue and the doors' tables: every code is mapped in every door, every code is
// raised somewhere in src/, and every code src/ raises is in the catalogue. A new error that a
// door forgets, or a code left behind after its last use, fails here.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GRAPHQL_CATEGORY } from '../../src/doors/graphql/kit/errors.ts';
import { REST_STATUS } from '../../src/doors/rest/errors.ts';
import { STOREFRONT_ERROR_PLACEMENT } from '../../src/doors/storefront/kit/forms.ts';
import { ERROR_CATALOGUE, ERROR_CODES } from '../../src/errors/codes.ts';

const DOOR_TABLES: Record<string, Record<string, unknown>> = {
  'REST (doors/rest/errors.ts REST_STATUS)': REST_STATUS,
  'storefront (doors/storefront/kit/forms.ts STOREFRONT_ERROR_PLACEMENT)': STOREFRONT_ERROR_PLACEMENT,
  'GraphQL (doors/graphql/kit/errors.ts GRAPHQL_CATEGORY)': GRAPHQL_CATEGORY,
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const SRC = new URL('../../src/', import.meta.url).pathname;
const RAISING = sources(SRC)
  .filter((f) => !f.includes('/errors/'))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

describe('error codes', () => {
  it('every code is mapped in every door, and no door maps a code that does not exist', () => {
    for (const [door, table] of Object.entries(DOOR_TABLES)) {
      const missing = ERROR_CODES.filter((code) => !(code in table));
      assert.deepEqual(missing, [], `${door} does not map: ${missing.join(', ')}`);
      const unknown = Object.keys(table).filter((code) => !(code in ERROR_CATALOGUE));
      assert.deepEqual(unknown, [], `${door} maps codes that are not in the catalogue: ${unknown.join(', ')}`);
    }
  });

  it('REST answers each kind with its Magento status', () => {
    const expected = { input: 400, state: 400, authentication: 401, authorization: 401, 'no-such-entity': 404, busy: 503, unavailable: 503 };
    for (const code of ERROR_CODES) assert.equal(REST_STATUS[code], expected[ERROR_CATALOGUE[code].kind], code);
  });

  it('every code in the catalogue is raised somewhere in src/ (a code nobody raises is dead)', () => {
    // Codes raised through a helper (InputError.required, NoSuchEntityError.byField, …) are named in errors/.
    const viaErrorsModule = new Set(['input.required', 'input.invalid_value', 'input.aggregate', 'entity.not_found', 'entity.not_found_by_two_fields', 'auth.not_authorized', 'auth.busy']);
    const unused = ERROR_CODES.filter((code) => !viaErrorsModule.has(code) && !RAISING.includes(`'${code}'`));
    assert.deepEqual(unused, []);
  });

  it('every code named in src/ is in the catalogue', () => {
    const named = [...RAISING.matchAll(/new (?:InputError|StateError|AuthenticationError|NoSuchEntityError|UnavailableError)\('([^']+)'/g)].map((m) => m[1]);
    assert.ok(named.length > 40, `found only ${named.length} raised codes: the pattern is stale`);
    const unknown = named.filter((code) => !(code in ERROR_CATALOGUE));
    assert.deepEqual(unknown, []);
  });

  it('codes are stable dotted names', () => {
    for (const code of ERROR_CODES) assert.match(code, /^[a-z]+\.[a-z_]+$/);
  });
});
