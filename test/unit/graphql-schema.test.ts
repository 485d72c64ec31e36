// The start-up builds the GraphQL schema with `assumeValidSDL` (no SDL check, to start faster):
// the check it skips is made here instead, on the same text, with every rule graphql-js has.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSchema, isObjectType, validateSchema } from 'graphql';
import { Directory } from '../../src/directory/service.ts';
import { buildKeyfrontSchema, keyfrontSdl } from '../../src/doors/graphql/executable-schema.ts';

describe('GraphQL schema', () => {
  const directory = new Directory();

  it("passes graphql-js's SDL and schema validation", () => {
    const checked = buildSchema(keyfrontSdl(directory));
    assert.deepEqual(validateSchema(checked).map((e) => e.message), []);
  });

  it('refuses an invalid SDL when checked the way this test checks it', () => {
    assert.throws(() => buildSchema(`${keyfrontSdl(directory)}\ntype Query { extra: Int }`), /There can be only one type named "Query"/);
  });

  it('builds the same types at start-up as the checked build', () => {
    const checked = buildSchema(keyfrontSdl(directory));
    const served = buildKeyfrontSchema(directory);
    assert.deepEqual(validateSchema(served).map((e) => e.message), []);
    assert.deepEqual(Object.keys(served.getTypeMap()).sort(), Object.keys(checked.getTypeMap()).sort());
    for (const [name, type] of Object.entries(checked.getTypeMap())) {
      if (isObjectType(type)) assert.deepEqual(Object.keys((served.getType(name) as typeof type).getFields()), Object.keys(type.getFields()), name);
    }
  });
});
