import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCost,
  fitsWithin,
  ItemTooLargeError,
  packBatches,
  withMargin,
  type ResourceCost,
} from '../../../src/chain/batch-packing.js';

const cost = (refTime: number, proofSize: number, length: number): ResourceCost => ({
  refTime: BigInt(refTime),
  proofSize: BigInt(proofSize),
  length: BigInt(length),
});
const arbCost = (max: number) => fc.tuple(fc.nat(max), fc.nat(max), fc.nat(max)).map(([r, p, l]) => cost(r, p, l));

describe('packBatches', () => {
  it('keeps every item exactly once, in order, each batch within the limits and the item cap', () => {
    fc.assert(
      fc.property(
        fc.array(arbCost(100), { maxLength: 60 }),
        arbCost(50),
        fc.tuple(
          fc.integer({ min: 150, max: 1000 }),
          fc.integer({ min: 150, max: 1000 }),
          fc.integer({ min: 150, max: 1000 }),
        ),
        fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
        (items, base, [r, p, l], maxItems) => {
          const limits = cost(r, p, l);
          const groups = packBatches({ items, base, limits, maxItems });
          expect(groups.flat()).toEqual(items.map((_, i) => i));
          for (const group of groups) {
            expect(group.length).toBeGreaterThan(0);
            if (maxItems !== null) expect(group.length).toBeLessThanOrEqual(maxItems);
            const used = group.reduce((acc, i) => addCost(acc, items[i]!), base);
            expect(fitsWithin(used, limits)).toBe(true);
          }
        },
      ),
    );
  });

  it('never leaves room unused: the first item of each next batch did not fit in the previous one', () => {
    fc.assert(
      fc.property(fc.array(arbCost(100), { minLength: 1, maxLength: 40 }), arbCost(20), (items, base) => {
        const limits = cost(300, 300, 300);
        const groups = packBatches({ items, base, limits });
        for (let g = 0; g + 1 < groups.length; g++) {
          const used = groups[g]!.reduce((acc, i) => addCost(acc, items[i]!), base);
          expect(fitsWithin(addCost(used, items[groups[g + 1]![0]!]!), limits)).toBe(false);
        }
      }),
    );
  });

  it('packs 10 equal items into batches of 4, 4 and 2 when the length allows 4', () => {
    const items = Array.from({ length: 10 }, () => cost(10, 10, 100));
    expect(packBatches({ items, base: cost(0, 0, 50), limits: cost(1_000, 1_000, 450) })).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
  });

  it('applies the item cap even when the limits allow more', () => {
    const items = Array.from({ length: 5 }, () => cost(1, 1, 1));
    expect(packBatches({ items, base: cost(0, 0, 0), limits: cost(100, 100, 100), maxItems: 2 })).toEqual([
      [0, 1],
      [2, 3],
      [4],
    ]);
  });

  it('returns no batch for no item', () => {
    expect(packBatches({ items: [], base: cost(1, 1, 1), limits: cost(2, 2, 2) })).toEqual([]);
  });

  it('rejects an item that cannot fit even alone, naming it', () => {
    const items = [cost(1, 1, 1), cost(1, 500, 1)];
    let caught: unknown = null;
    try {
      packBatches({ items, base: cost(0, 0, 0), limits: cost(100, 100, 100) });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ItemTooLargeError);
    expect((caught as ItemTooLargeError).index).toBe(1);
  });
});

describe('withMargin', () => {
  it('scales every dimension down, rounding down', () => {
    expect(withMargin(cost(1000, 8_388_608, 5), 75)).toEqual(cost(750, 6_291_456, 3));
  });
  it('handles values beyond 2^53 exactly', () => {
    const huge = { refTime: 2n ** 64n - 1n, proofSize: 2n ** 64n - 1n, length: 10n };
    expect(withMargin(huge, 75).refTime).toBe(((2n ** 64n - 1n) * 75n) / 100n);
  });
});
