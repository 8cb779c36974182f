import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniformInt } from '../../../src/domain/selection/uniform-int.js';

const TWO_POW_32 = 2 ** 32;

function words(...values: number[]) {
  let taken = 0;
  return {
    next: () => {
      const value = values[taken];
      if (value === undefined) throw new Error('ran out of words');
      taken += 1;
      return value;
    },
    taken: () => taken,
  };
}

describe('uniformInt', () => {
  it('skips the top 2^32 mod n words, which would favour small results', () => {
    // 2^32 mod 10 = 6: the words 4294967290..4294967295 would map to 0..5 once more than 6..9.
    const source = words(4_294_967_295, 4_294_967_290, 4_294_967_289);
    expect(uniformInt(10, source.next)).toBe(9);
    expect(source.taken()).toBe(3);
  });

  it('accepts every word when n divides 2^32, and takes exactly one', () => {
    for (const n of [1, 2, 256, TWO_POW_32]) {
      const source = words(TWO_POW_32 - 1);
      expect(uniformInt(n, source.next)).toBe((TWO_POW_32 - 1) % n);
      expect(source.taken()).toBe(1);
    }
  });

  it('returns the first accepted word mod n after any number of rejected ones', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: TWO_POW_32 }),
        fc.array(fc.nat({ max: TWO_POW_32 - 1 }), { maxLength: 5 }),
        fc.nat({ max: TWO_POW_32 - 1 }),
        (n, highSeeds, accepted) => {
          const limit = TWO_POW_32 - (TWO_POW_32 % n);
          fc.pre(accepted < limit);
          // Words mapped into the rejected band [limit, 2^32), if it is not empty.
          const rejected = limit === TWO_POW_32 ? [] : highSeeds.map((w) => limit + (w % (TWO_POW_32 - limit)));
          const source = words(...rejected, accepted);
          expect(uniformInt(n, source.next)).toBe(accepted % n);
          expect(source.taken()).toBe(rejected.length + 1);
          // Each result has exactly limit / n accepted words: the band kept is a whole number of cycles.
          expect(limit % n).toBe(0);
        },
      ),
    );
  });

  it.each([0, -1, 1.5, TWO_POW_32 + 1, Number.NaN])('refuses the bound %d', (n) => {
    expect(() => uniformInt(n, () => 0)).toThrow(RangeError);
  });
});
