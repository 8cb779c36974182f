import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, CanonicalJsonError } from '../../../src/domain/wallet/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys recursively, keeps array order and drops whitespace', () => {
    const value = { b: [3, { z: 1, a: 'x' }, 1], a: { d: null, c: true }, é: -0.5 };
    expect(canonicalJson(value)).toBe('{"a":{"c":true,"d":null},"b":[3,{"a":"x","z":1},1],"é":-0.5}');
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    // U+1F600 is a surrogate pair (0xD83D…) and so sorts before U+FB01 (0xFB01).
    expect(canonicalJson({ '\uFB01': 1, '\u{1F600}': 2, Z: 3, a: 4, '10': 5, '9': 6 })).toBe(
      '{"10":5,"9":6,"Z":3,"a":4,"\u{1F600}":2,"\uFB01":1}',
    );
  });

  it('escapes strings as JSON.stringify does', () => {
    expect(canonicalJson({ s: 'line\nbreak "quoted" \\ \u0001' })).toBe(
      '{"s":"line\\nbreak \\"quoted\\" \\\\ \\u0001"}',
    );
  });

  it.each([
    ['undefined', undefined, ''],
    ['a function', () => 1, ''],
    ['a symbol', Symbol('s'), ''],
    ['a bigint', 1n, ''],
    ['NaN', Number.NaN, ''],
    ['Infinity', Number.POSITIVE_INFINITY, ''],
    ['a nested undefined', { a: { b: undefined } }, '/a/b'],
    ['a Date', { at: new Date(0) }, '/at'],
    ['a class instance', { m: new Map() }, '/m'],
    ['an array hole', { list: Object.assign(new Array<number>(3), { 0: 1, 2: 3 }) }, '/list/1'],
    ['an escaped key', { 'a/b~c': Number.NaN }, '/a~1b~0c'],
  ])('rejects %s, naming where it is', (_name, value, path) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    try {
      canonicalJson(value);
    } catch (error) {
      expect((error as CanonicalJsonError).path).toBe(path);
    }
  });

  it('rejects cycles', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
  });

  it('accepts a value shared by two branches (not a cycle)', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as object, { b: 1, a: 2 });
    expect(canonicalJson(bare)).toBe('{"a":2,"b":1}');
  });

  it('round-trips every JSON value: parses back to an equal value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('does not depend on key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
      }),
    );
  });

  it('contains no whitespace outside strings', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const withoutStrings = canonicalJson(value).replace(/"(?:[^"\\]|\\.)*"/g, '""');
        expect(withoutStrings).not.toMatch(/\s/);
      }),
    );
  });
});
