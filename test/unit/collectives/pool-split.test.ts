import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitAmongPools } from '../../../src/domain/collectives/pool-split.js';
import type { PoolShare } from '../../../src/domain/collectives/types.js';
import { FIXED_ONE, formatDecimal } from '../../../src/domain/shared/fixed-point.js';

describe('splitAmongPools, examples', () => {
  it('gives each pool floor(amount × share), in the order of the shares', () => {
    const shares = [
      { name: 'alpha', share: '0.7' },
      { name: 'beta', share: '0.3' },
    ];
    expect(splitAmongPools(1000n, shares)).toEqual([
      { name: 'alpha', amount: 700n },
      { name: 'beta', amount: 300n },
    ]);
  });

  it('leaves the dust unsent: 100 planck in thirds sends 33 each and keeps 1', () => {
    const third = '0.333333333333333333';
    const parts = splitAmongPools(100n, [
      { name: 'a', share: third },
      { name: 'b', share: third },
      { name: 'c', share: '0.333333333333333334' },
    ]);
    expect(parts.map((p) => p.amount)).toEqual([33n, 33n, 33n]);
  });

  it('sends nothing of nothing, and all of it to a single pool', () => {
    expect(splitAmongPools(0n, [{ name: 'a', share: '1' }])).toEqual([{ name: 'a', amount: 0n }]);
    expect(splitAmongPools(987654321n, [{ name: 'a', share: '1' }])).toEqual([{ name: 'a', amount: 987654321n }]);
  });

  it('refuses what the validated settings can never hold', () => {
    expect(() => splitAmongPools(-1n, [{ name: 'a', share: '1' }])).toThrow(RangeError);
    expect(() =>
      splitAmongPools(10n, [
        { name: 'a', share: '0.6' },
        { name: 'b', share: '0.5' },
      ]),
    ).toThrow(RangeError);
    expect(() => splitAmongPools(10n, [{ name: 'a', share: '1.5' }])).toThrow(RangeError);
    expect(() => splitAmongPools(10n, [{ name: 'a', share: 'all' }])).toThrow(RangeError);
  });
});

/** 1 to 10 positive shares summing to exactly 1 (as created and updated collectives hold). */
const shares: fc.Arbitrary<PoolShare[]> = fc
  .array(fc.bigInt({ min: 1n, max: 10n ** 6n }), { minLength: 1, maxLength: 10 })
  .map((weights) => {
    const total = weights.reduce((a, b) => a + b, 0n);
    const fixed = weights.map((w) => (w * FIXED_ONE) / total);
    fixed[0]! += FIXED_ONE - fixed.reduce((a, b) => a + b, 0n);
    return fixed.map((f, i) => ({ name: `pool${i}`, share: formatDecimal(f) }));
  })
  .filter((list) => list.every((s) => s.share !== '0'));
const amount = fc.oneof(fc.bigInt({ min: 0n, max: 100n }), fc.bigInt({ min: 0n, max: 10n ** 30n }));

describe('splitAmongPools, properties', () => {
  it('never sends more than the amount, and leaves less than one planck per pool', () => {
    fc.assert(
      fc.property(amount, shares, (a, s) => {
        const sent = splitAmongPools(a, s).reduce((sum, p) => sum + p.amount, 0n);
        expect(sent <= a).toBe(true);
        expect(a - sent < BigInt(s.length)).toBe(true);
      }),
    );
  });

  it('gives each pool exactly floor(amount × share)', () => {
    fc.assert(
      fc.property(amount, shares, (a, s) => {
        splitAmongPools(a, s).forEach((p, i) => {
          const [whole, fraction = ''] = s[i]!.share.split('.');
          const rate = BigInt(whole!) * FIXED_ONE + BigInt(fraction.padEnd(18, '0'));
          expect(p.name).toBe(s[i]!.name);
          expect(p.amount * FIXED_ONE <= a * rate).toBe(true);
          expect((p.amount + 1n) * FIXED_ONE > a * rate).toBe(true);
        });
      }),
    );
  });

  it('is monotone: more to split never gives a pool less', () => {
    fc.assert(
      fc.property(amount, amount, shares, (a, more, s) => {
        const low = splitAmongPools(a, s);
        const high = splitAmongPools(a + more, s);
        low.forEach((p, i) => expect(high[i]!.amount >= p.amount).toBe(true));
      }),
    );
  });
});
