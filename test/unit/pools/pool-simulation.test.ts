import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accrueDynamic } from '../../../src/domain/pools/accrual.js';
import { distributePeriod } from '../../support/pool-distribution-model.js';
import { claimWindow, periodAt, periodsBetween } from '../../../src/domain/pools/period-maths.js';
import { dynamicRate, eligibleWeight } from '../../../src/domain/pools/rate-maths.js';
import { FIXED_ONE } from '../../../src/domain/shared/fixed-point.js';

/**
 * A dynamic pool over several periods, driven only by the pure maths the service uses: deposits
 * booked per period, rates set at each boundary from the period before, beneficiaries claiming at
 * random times through claimWindow (claimExpire = the period) and accrueDynamic.
 */
const T0 = 1_700_000_000;
const K = 5; // periods with deposits; claims run one period longer, to pay out the last of them

const scenario = fc.integer({ min: 2, max: 1000 }).chain((p) =>
  fc.record({
    p: fc.constant(p),
    deposits: fc.array(fc.oneof(fc.bigInt({ min: 0n, max: 50n }), fc.bigInt({ min: 0n, max: 10n ** 24n })), {
      minLength: K,
      maxLength: K,
    }),
    claimEnd: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 1, max: (K + 1) * p }).map((d) => T0 + d),
    ),
    beneficiaries: fc.array(
      fc.record({
        weight: fc.oneof(fc.bigInt({ min: 1n, max: 10n * FIXED_ONE }), fc.constantFrom(FIXED_ONE, 2n * FIXED_ONE)),
        registeredAt: fc.integer({ min: -p, max: K * p }).map((d) => T0 + d),
        claims: fc.array(
          fc.integer({ min: -p, max: (K + 1) * p }).map((d) => T0 + d),
          { maxLength: 8 },
        ),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  }),
);
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

interface Payment {
  at: number;
  beneficiary: number;
  period: number;
  amount: bigint;
}

function run(s: Scenario, claimTimes: (b: Scenario['beneficiaries'][number]) => number[]) {
  const depositsOf = (k: number) => (k >= 0 && k < K ? s.deposits[k]! : 0n);
  const rated = Array.from({ length: K + 2 }, (_, k) => {
    const period = periodAt(T0, s.p, k);
    // Period 0 has no period before it: its rate is 0.
    const rate = dynamicRate(depositsOf(k - 1), s.p, eligibleWeight(s.beneficiaries.map(asWeighted), period.start));
    return { ...period, rate };
  });
  const payments: Payment[] = [];
  s.beneficiaries.forEach((b, i) => {
    let lastClaim = b.registeredAt;
    for (const now of claimTimes(b)
      .filter((t) => t >= b.registeredAt)
      .sort((x, y) => x - y)) {
      const window = claimWindow({ claimStart: T0, claimEnd: s.claimEnd, claimExpire: s.p, lastClaim, now });
      if (window === null) continue;
      const periods = periodsBetween(T0, s.p, window.from, window.to).map((p) => rated[p.index]!);
      const accrual = accrueDynamic({ weight: b.weight, registeredAt: b.registeredAt, ...window, periods });
      for (const part of accrual.periods)
        payments.push({ at: now, beneficiary: i, period: part.index, amount: part.amount });
      lastClaim = window.to;
    }
  });
  return { depositsOf, rated, payments };
}

const asWeighted = (b: Scenario['beneficiaries'][number], i = 0) => ({ address: `b${i}`, ...b });

describe('a dynamic pool over several periods', () => {
  it('example: 1000 planck deposited in period 0 go to weights 1 and 2 in period 1, not to a late registrant', () => {
    const P = 100;
    const s: Scenario = {
      p: P,
      deposits: [1000n, 0n, 0n, 0n, 0n],
      claimEnd: 0,
      beneficiaries: [
        { weight: FIXED_ONE, registeredAt: T0 - 1, claims: [T0 + 150, T0 + 200] },
        { weight: 2n * FIXED_ONE, registeredAt: T0 + 100, claims: [T0 + 250] },
        { weight: FIXED_ONE, registeredAt: T0 + 101, claims: [T0 + 200, T0 + 300] },
      ],
    };
    const { payments } = run(s, (b) => b.claims);
    const got = (i: number) => payments.filter((p) => p.beneficiary === i).reduce((t, p) => t + p.amount, 0n);
    // rate = 1000 / (100 s × 3) = 3.333… planck / s / weight. The first claims half a period twice
    // (166 + 166: each claim rounds down); the second claims at T0 + 250, reaching back one period
    // to T0 + 150, so the first half of period 1 has expired (333 of its 666); the third registered
    // after period 1 began.
    expect([got(0), got(1), got(2)]).toEqual([332n, 333n, 0n]);
    expect(payments.filter((p) => p.beneficiary === 1).map((p) => [p.period, p.amount])).toEqual([
      [1, 333n],
      [2, 0n],
    ]);
  });

  it('pays no negative amount, and from each period no more than the deposits of the period before', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { depositsOf, payments } = run(s, (b) => b.claims);
        for (const payment of payments) expect(payment.amount >= 0n).toBe(true);
        for (let k = 0; k < K + 2; k += 1) {
          const fromPeriod = payments.filter((p) => p.period === k).reduce((t, p) => t + p.amount, 0n);
          expect(fromPeriod <= depositsOf(k - 1)).toBe(true);
        }
      }),
    );
  });

  it('never pays out deposits of a period that has not ended: the pool never goes below zero', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { depositsOf, payments } = run(s, (b) => b.claims);
        const byTime = [...payments].sort((a, b) => a.at - b.at);
        let paid = 0n;
        for (const payment of byTime) {
          paid += payment.amount;
          // Only deposits of periods that ended by now count as received.
          let received = 0n;
          for (let k = 0; k < K && periodAt(T0, s.p, k).end <= payment.at; k += 1) received += depositsOf(k);
          expect(paid <= received).toBe(true);
        }
      }),
    );
  });

  it('conserves every planck: deposits of period k−1 = paid from period k + unclaimed + dust, none negative', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { depositsOf, rated, payments } = run(s, (b) => b.claims);
        for (let k = 0; k < K + 2; k += 1) {
          const beneficiaries = s.beneficiaries.map(asWeighted);
          const whole = distributePeriod({ period: rated[k]!, deposits: depositsOf(k - 1), beneficiaries });
          expect(whole.rate).toBe(rated[k]!.rate);
          let paid = 0n;
          let unclaimed = 0n;
          whole.shares.forEach((share, i) => {
            const got = payments
              .filter((p) => p.period === k && p.beneficiary === i)
              .reduce((t, p) => t + p.amount, 0n);
            expect(got <= share.amount).toBe(true); // split claims never add up to more than the share
            paid += got;
            unclaimed += share.amount - got;
          });
          expect(whole.dust >= 0n && unclaimed >= 0n).toBe(true);
          expect(paid + unclaimed + whole.dust).toBe(depositsOf(k - 1));
        }
      }),
    );
  });

  it('pays out everything deposited in a period within the next but dust, to those who claim at each boundary', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const boundaries = Array.from({ length: K + 3 }, (_, k) => T0 + k * s.p);
        const { depositsOf, rated, payments } = run({ ...s, claimEnd: 0 }, () => boundaries);
        for (let k = 1; k < K + 2; k += 1) {
          const beneficiaries = s.beneficiaries.map(asWeighted);
          const whole = distributePeriod({ period: rated[k]!, deposits: depositsOf(k - 1), beneficiaries });
          const fromPeriod = payments.filter((p) => p.period === k).reduce((t, p) => t + p.amount, 0n);
          expect(fromPeriod).toBe(whole.paid);
          const eligible = BigInt(whole.shares.filter((x) => x.eligible).length);
          if (eligible > 0n) expect(depositsOf(k - 1) - fromPeriod <= eligible).toBe(true);
        }
      }),
    );
  });
});
