// The REST door's building blocks: PHP-style JSON, Magento-style parameter binding.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { bindObject, bindParameters } from '../../src/doors/rest/binder.ts';
import { phpJsonEncode } from '../../src/doors/rest/json.ts';
import { Directory } from '../../src/directory/service.ts';
import { isValidEmail } from '../../src/customers/validation.ts';

describe('phpJsonEncode', () => {
  it('escapes "/" and non-ASCII as json_encode does, including surrogate pairs', () => {
    assert.equal(phpJsonEncode({ a: 'x/y', b: 'Zoë', c: '😀', d: "it's" }), '{"a":"x\\/y","b":"Zo\\u00eb","c":"\\ud83d\\ude00","d":"it\'s"}');
    assert.equal(phpJsonEncode('tok'), '"tok"');
    assert.equal(phpJsonEncode(true), 'true');
    assert.equal(JSON.parse(phpJsonEncode({ s: 'Ω/é' })).s, 'Ω/é');
  });
});

describe('binder', () => {
  const Address = Type.Object({ country_id: Type.Optional(Type.String()), street: Type.Optional(Type.Array(Type.String())), default_billing: Type.Optional(Type.Boolean()) });
  const Params = Type.Object({ customerId: Type.Integer(), address: Type.Optional(Address), list: Type.Optional(Type.Array(Address)) }, { required: ['customerId'] });

  it('accepts camelCase or snake_case top-level names, camelCase winning', () => {
    assert.deepEqual(bindParameters(Params, { customer_id: '7' }), { customerId: 7 });
    assert.deepEqual(bindParameters(Params, { customerId: 1, customer_id: 2 }), { customerId: 1 });
  });

  it('matches nested keys ignoring case and underscores', () => {
    assert.deepEqual(bindObject(Address, { CountryId: 'US', DEFAULT_BILLING: 1, street: { 0: 'a', 1: 'b' } }), { countryId: 'US', defaultBilling: true, street: ['a', 'b'] });
  });

  it('reports missing required parameters, aggregated when several', () => {
    const Two = Type.Object({ email: Type.String(), template: Type.String() }, { required: ['email', 'template'] });
    assert.throws(() => bindParameters(Two, {}), (e: any) => e.message === 'One or more input exceptions have occurred.' && e.errors.length === 2);
    assert.throws(() => bindParameters(Two, { email: 'x' }), (e: any) => e.params.fieldName === 'template');
  });

  it('coerces like PHP and refuses what it cannot', () => {
    assert.deepEqual(bindObject(Address, { country_id: 12 }), { countryId: '12' });
    assert.throws(() => bindObject(Address, { street: 'x' }), /The "string" value's type is invalid. The "string\[\]" type was expected/);
    assert.throws(() => bindParameters(Params, { customerId: 'abc' }), /^Error: The "abc" value's type is invalid. The "int" type was expected. Verify and try again.$|The "abc" value/);
    assert.throws(() => bindParameters(Params, { customerId: 1, list: 'x' }), /Not all parameters valid\./);
    assert.throws(() => bindObject(Address, { colour: 'red' }), (e: any) => e.params.fieldName === 'Colour');
  });
});

describe('directory', () => {
  it("has Magento's region ids and every country", () => {
    const d = new Directory();
    assert.deepEqual(['AL', 'CA', 'NY', 'TX'].map((c) => d.findRegion('US', c)?.id), [1, 12, 43, 57]);
    assert.equal(d.regionById(43)?.name, 'New York');
    assert.ok(d.allCountries().length >= 245);
    assert.ok(d.isRegionRequired('US'));
    assert.ok(!d.isRegionRequired('GB'));
    assert.ok(d.isPostcodeOptional('GB'));
  });
});

describe('email validation', () => {
  it('accepts ordinary addresses and refuses broken ones', () => {
    for (const ok of ['jdoe@example.com', 'a.b+c@sub.example.co.uk', "o'neil@example.ie"]) assert.ok(isValidEmail(ok), ok);
    for (const bad of ['', 'x', 'a@b', 'a@@b.com', 'a b@c.com', 'a@b..com', '.a@b.com', `${'a'.repeat(65)}@b.com`]) assert.ok(!isValidEmail(bad), bad);
  });
});

describe('fields filter', async () => {
  const { parseFields, applyFields } = await import('../../src/doors/rest/fields-filter.ts');
  it('keeps the named keys at any depth, item by item in lists', () => {
    const customer = { id: 1, email: 'a@b.c', firstname: 'A', addresses: [{ id: 5, city: 'X', street: ['s'] }, { id: 6, city: 'Y' }] };
    assert.deepEqual(applyFields(customer, parseFields('id,addresses[city]')!), { id: 1, addresses: [{ city: 'X' }, { city: 'Y' }] });
    assert.deepEqual(applyFields({ items: [customer], total_count: 1 }, parseFields('items[email],total_count')!), { items: [{ email: 'a@b.c' }], total_count: 1 });
    assert.equal(parseFields('id,addresses[city'), null);
    assert.equal(parseFields(''), null);
  });
});
