import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitReward } from '../../../src/domain/collectives/reward-split.js';
import { FIXED_ONE, formatDecimal } from '../../../src/domain/shared/fixed-point.js';

const KSM = 10n ** 12n;

describe('splitReward, examples', () => {
  it('keeps the committed share and returns the rest: 3 of 4 KSM committed, no donation', () => {
    expect(splitReward({ amount: 1000n, committed: 3n * KSM, active: 4n * KSM, donation: '0' })).toEqual({
      returned: 250n,
      donation: 0n,
      forPools: 750n,
    });
  });

  it('takes the donation from the committed share, rounded down: the planck left goes to the pools', () => {
    // committed share 750; 750 × 0.333 = 249.75 → 249 donated, 501 for the pools
    expect(splitReward({ amount: 1000n, committed: 3n, active: 4n, donation: '0.333' })).toEqual({
      returned: 250n,
      donation: 249n,
      forPools: 501n,
    });
  });

  it('rounds the committed share down: the planck left goes back to the stash', () => {
    // 10 × 1/3 = 3.33 → 3 committed, 7 returned
    expect(splitReward({ amount: 10n, committed: 1n, active: 3n, donation: '1' })).toEqual({
      returned: 7n,
      donation: 3n,
      forPools: 0n,
    });
  });

  it('commits the whole reward of a fully committed stash', () => {
    expect(splitReward({ amount: 999n, committed: 5n * KSM, active: 5n * KSM, donation: '0.5' })).toEqual({
      returned: 0n,
      donation: 499n,
      forPools: 500n,
    });
  });

  it('counts no more than the active bond: a stash unbonded below its commitment gives what it bonds', () => {
    expect(splitReward({ amount: 1000n, committed: 8n * KSM, active: 2n * KSM, donation: '0' })).toEqual({
      returned: 0n,
      donation: 0n,
      forPools: 1000n,
    });
  });

  it('returns everything when nothing is committed or nothing bonded', () => {
    const all = { returned: 1234n, donation: 0n, forPools: 0n };
    expect(splitReward({ amount: 1234n, committed: 0n, active: 5n, donation: '1' })).toEqual(all);
    expect(splitReward({ amount: 1234n, committed: 5n, active: null, donation: '1' })).toEqual(all);
    expect(splitReward({ amount: 1234n, committed: 5n, active: 0n, donation: '1' })).toEqual(all);
  });

  it('splits a zero reward into zeros', () => {
    expect(splitReward({ amount: 0n, committed: 1n, active: 1n, donation: '0.5' })).toEqual({
      returned: 0n,
      donation: 0n,
      forPools: 0n,
    });
  });

  it('refuses rows that cannot be: negative amounts, a donation outside [0, 1] or malformed', () => {
    const ok = { amount: 10n, committed: 1n, active: 1n, donation: '0.5' };
    expect(() => splitReward({ ...ok, amount: -1n })).toThrow(RangeError);
    expect(() => splitReward({ ...ok, committed: -1n })).toThrow(RangeError);
    expect(() => splitReward({ ...ok, active: -1n })).toThrow(RangeError);
    for (const donation of ['1.000000000000000001', '-0.1', '2', '0.5e1', '', 'half'])
      expect(() => splitReward({ ...ok, donation }), donation).toThrow(RangeError);
  });
});

const planck = fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 10n ** 30n }));
const donation = fc
  .oneof(fc.constantFrom(0n, FIXED_ONE, FIXED_ONE / 2n), fc.bigInt({ min: 0n, max: FIXED_ONE }))
  .map(formatDecimal);
const input = fc.record({
  amount: planck,
  committed: planck,
  active: fc.option(planck, { nil: null }),
  donation,
});

describe('splitReward, properties', () => {
  it('conserves the reward exactly, with no negative part', () => {
    fc.assert(
      fc.property(input, (i) => {
        const s = splitReward(i);
        expect(s.returned + s.donation + s.forPools).toBe(i.amount);
        expect(s.returned >= 0n && s.donation >= 0n && s.forPools >= 0n).toBe(true);
      }),
    );
  });

  it('keeps for the collective exactly floor(amount × min(committed, active) / active)', () => {
    fc.assert(
      fc.property(input, (i) => {
        const s = splitReward(i);
        const active = i.active ?? 0n;
        const counted = i.committed < active ? i.committed : active;
        const share = active === 0n ? 0n : (i.amount * counted) / active;
        expect(s.donation + s.forPools).toBe(share);
        // floor: the exact committed share lies in [share, share + 1)
        if (active > 0n) {
          expect(share * active <= i.amount * counted).toBe(true);
          expect((share + 1n) * active > i.amount * counted).toBe(true);
        }
      }),
    );
  });

  it('donates exactly floor(committed share × donation), never more than the share', () => {
    fc.assert(
      fc.property(input, (i) => {
        const s = splitReward(i);
        const share = s.donation + s.forPools;
        const rate = parseRate(i.donation);
        expect(s.donation * FIXED_ONE <= share * rate).toBe(true);
        expect((s.donation + 1n) * FIXED_ONE > share * rate).toBe(true);
      }),
    );
  });

  it('gives the collective more, never less, as the commitment grows (returned never grows)', () => {
    fc.assert(
      fc.property(input, planck, (i, more) => {
        const a = splitReward(i);
        const b = splitReward({ ...i, committed: i.committed + more });
        expect(b.returned <= a.returned).toBe(true);
      }),
    );
  });
});

/** The donation string back to its Fixed value, independently of the code under test. */
function parseRate(text: string): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole!) * FIXED_ONE + BigInt(fraction.padEnd(18, '0'));
}
