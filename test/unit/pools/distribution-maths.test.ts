import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accrueDynamic } from '../../../src/domain/pools/accrual.js';
import { distributePeriod } from '../../support/pool-distribution-model.js';
import { periodAt } from '../../../src/domain/pools/period-maths.js';
import { dynamicRate, eligibleWeight, type WeightedBeneficiary } from '../../../src/domain/pools/rate-maths.js';
import { FIXED_ONE, parseDecimal } from '../../../src/domain/shared/fixed-point.js';

const T0 = 1_700_000_000;
const fixed = (text: string) => parseDecimal(text, { field: 'f', code: 'C', allowZero: true });
const ben = (address: string, weight: string, registeredAt: number): WeightedBeneficiary => ({
  address,
  weight: fixed(weight),
  registeredAt,
});

describe('dynamicRate', () => {
  it('is deposits / (period × Σ weights), floored to 10^-18', () => {
    expect(dynamicRate(1000n, 10, fixed('3'))).toBe(33_333_333_333_333_333_333n);
    expect(dynamicRate(1_000_000n, 86_400, fixed('1'))).toBe(fixed('11.574074074074074074'));
    expect(dynamicRate(600n, 60, fixed('0.5'))).toBe(fixed('20'));
  });

  it('is 0 with no one to pay, and refuses a negative input or an empty period', () => {
    expect(dynamicRate(1000n, 10, 0n)).toBe(0n);
    expect(() => dynamicRate(-1n, 10, FIXED_ONE)).toThrow(RangeError);
    expect(() => dynamicRate(1n, 0, FIXED_ONE)).toThrow(RangeError);
  });
});

describe('eligibleWeight', () => {
  it('adds the weights of those registered by the period start', () => {
    const list = [ben('a', '1', T0 - 5), ben('b', '2', T0), ben('c', '0.5', T0 + 1)];
    expect(eligibleWeight(list, T0)).toBe(fixed('3'));
    expect(eligibleWeight(list, T0 + 1)).toBe(fixed('3.5'));
  });
});

describe('distributePeriod, examples', () => {
  const period = periodAt(T0, 10, 3);

  it('splits 1000 planck between weights 1 and 2: 333 and 666, 1 planck of dust held', () => {
    const result = distributePeriod({ period, deposits: 1000n, beneficiaries: [ben('a', '1', T0), ben('b', '2', T0)] });
    expect(result.shares.map((s) => s.amount)).toEqual([333n, 666n]);
    expect(result).toMatchObject({ paid: 999n, dust: 1n, totalWeight: fixed('3') });
  });

  it('reaches the dust bound n: 1 planck over 3 seconds to one beneficiary pays nothing', () => {
    const result = distributePeriod({ period: periodAt(T0, 3, 0), deposits: 1n, beneficiaries: [ben('a', '1', T0)] });
    expect(result).toMatchObject({ paid: 0n, dust: 1n });
  });

  it('gives a late registrant nothing and does not count its weight', () => {
    const late = ben('late', '5', period.start + 1);
    const result = distributePeriod({ period, deposits: 1000n, beneficiaries: [ben('a', '1', T0), late] });
    expect(result.shares).toEqual([
      { address: 'a', amount: 1000n, eligible: true },
      { address: 'late', amount: 0n, eligible: false },
    ]);
  });

  it('holds everything when no one is eligible', () => {
    const result = distributePeriod({ period, deposits: 1000n, beneficiaries: [ben('late', '1', period.end)] });
    expect(result).toMatchObject({ rate: 0n, paid: 0n, dust: 1000n });
  });
});

const periodSeconds = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 31_536_000 }));
const deposits = fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 10n ** 30n }));
/** Weights from 10^-18 to 1000 with any decimals, or small whole weights. */
const weightArb = fc.oneof(
  fc.bigInt({ min: 1n, max: 1000n * FIXED_ONE }),
  fc.integer({ min: 1, max: 5 }).map((w) => BigInt(w) * FIXED_ONE),
);

const scenario = fc
  .record({ p: periodSeconds, deposits, index: fc.integer({ min: 0, max: 50 }) })
  .chain(({ p, deposits, index }) => {
    const period = periodAt(T0, p, index);
    const beneficiary = fc.record({
      address: fc.string({ minLength: 1, maxLength: 4 }),
      weight: weightArb,
      // Around the period start: some before, some at it, some after.
      registeredAt: fc.integer({ min: -2, max: 2 }).map((d) => period.start + d * Math.ceil(p / 2)),
    });
    return fc.record({
      period: fc.constant(period),
      deposits: fc.constant(deposits),
      beneficiaries: fc.array(beneficiary, { maxLength: 10 }),
    });
  });

describe('distributePeriod, properties', () => {
  it('pays no negative amount and nothing beyond the deposits; deposits = paid + dust to the planck', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const result = distributePeriod(input);
        for (const share of result.shares) expect(share.amount >= 0n).toBe(true);
        expect(result.paid).toBe(result.shares.reduce((t, s) => t + s.amount, 0n));
        expect(result.paid <= input.deposits).toBe(true);
        expect(result.dust >= 0n).toBe(true);
        expect(result.paid + result.dust).toBe(input.deposits);
      }),
    );
  });

  it('leaves dust < n + P·W·10^-18, so at most n planck while P·W < 10^18 (n eligible, W their weights)', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const result = distributePeriod(input);
        const n = BigInt(result.shares.filter((s) => s.eligible).length);
        if (n === 0n) {
          expect(result.dust).toBe(input.deposits);
          return;
        }
        const p = BigInt(input.period.end - input.period.start);
        // dust < n + P·W/10^36 with W scaled by 10^18 once: dust·10^18 < n·10^18 + P·W.
        expect(result.dust * FIXED_ONE < n * FIXED_ONE + p * result.totalWeight).toBe(true);
        if (p * result.totalWeight < FIXED_ONE * FIXED_ONE) expect(result.dust <= n).toBe(true);
      }),
    );
  });

  it('keeps the general dust bound when P·W passes 10^18 (huge weights over a year)', () => {
    const huge = fc.record({
      address: fc.constant('h'),
      weight: fc.bigInt({ min: FIXED_ONE, max: 10n ** 15n * FIXED_ONE }),
      registeredAt: fc.constant(T0),
    });
    fc.assert(
      fc.property(deposits, fc.array(huge, { minLength: 1, maxLength: 5 }), (d, beneficiaries) => {
        const period = periodAt(T0, 31_536_000, 0);
        const result = distributePeriod({ period, deposits: d, beneficiaries });
        const n = BigInt(beneficiaries.length);
        expect(result.paid <= d).toBe(true);
        expect(result.dust * FIXED_ONE < n * FIXED_ONE + 31_536_000n * result.totalWeight).toBe(true);
      }),
    );
  });

  it('never rounds in a claimant’s favour: each share ≤ deposits × weight / Σ weights', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const result = distributePeriod(input);
        input.beneficiaries.forEach((b, i) => {
          const share = result.shares[i]!;
          if (share.eligible) expect(share.amount * result.totalWeight <= input.deposits * b.weight).toBe(true);
        });
      }),
    );
  });

  it('gives weight 2w twice what weight w gets, or that plus 1 planck', () => {
    fc.assert(
      fc.property(scenario, weightArb, (input, w) => {
        const start = input.period.start;
        const pair = [
          { address: 'single', weight: w, registeredAt: start },
          { address: 'double', weight: 2n * w, registeredAt: start },
        ];
        const result = distributePeriod({ ...input, beneficiaries: [...input.beneficiaries, ...pair] });
        const [single, double] = result.shares.slice(-2).map((s) => s.amount) as [bigint, bigint];
        expect(double - 2n * single >= 0n && double - 2n * single <= 1n).toBe(true);
      }),
    );
  });

  it('gives a late registrant nothing, and the others exactly what they had without it', () => {
    fc.assert(
      fc.property(scenario, weightArb, fc.integer({ min: 1, max: 10 ** 6 }), (input, weight, lateBy) => {
        const late = { address: 'late', weight, registeredAt: input.period.start + lateBy };
        const without = distributePeriod(input);
        const withLate = distributePeriod({ ...input, beneficiaries: [...input.beneficiaries, late] });
        expect(withLate.shares.at(-1)).toEqual({ address: 'late', amount: 0n, eligible: false });
        expect(withLate.shares.slice(0, -1)).toEqual(without.shares);
      }),
    );
  });

  it('agrees with a claim over the whole period', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const result = distributePeriod(input);
        const periods = [{ ...input.period, rate: result.rate }];
        input.beneficiaries.forEach((b, i) => {
          const claim = accrueDynamic({ ...b, from: input.period.start, to: input.period.end, periods });
          expect(claim.amount).toBe(result.shares[i]!.amount);
        });
      }),
    );
  });
});
