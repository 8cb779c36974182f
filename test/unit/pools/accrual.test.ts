import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accrueDynamic, accrueStatic, capToAvailable, type RatedPeriod } from '../../../src/domain/pools/accrual.js';
import { periodsBetween } from '../../../src/domain/pools/period-maths.js';
import { FIXED_ONE, parseDecimal } from '../../../src/domain/shared/fixed-point.js';

const T0 = 1_700_000_000;
const ONE2 = FIXED_ONE * FIXED_ONE;
const fixed = (text: string) => parseDecimal(text, { field: 'f', code: 'C', allowZero: true });

/** Up to a million planck per second per unit of weight, with all 18 decimals in play. */
const rateArb = fc.bigInt({ min: 0n, max: 10n ** 24n });
/** Weights from 10^-18 to 100. */
const weightArb = fc.bigInt({ min: 1n, max: 100n * FIXED_ONE });

describe('accrueStatic', () => {
  it('pays rate × weight × seconds, floored once', () => {
    expect(accrueStatic(fixed('2'), fixed('1'), 10)).toBe(20n);
    expect(accrueStatic(fixed('0.5'), fixed('1'), 3)).toBe(1n);
    expect(accrueStatic(fixed('0.5'), fixed('3'), 3)).toBe(4n);
    // One million planck a day as a rate loses its last decimals: the claim rounds down, not up.
    expect(accrueStatic(fixed('11.574074074074074074'), fixed('2'), 86_400)).toBe(1_999_999n);
    expect(accrueStatic(fixed('11.574074074074074074'), fixed('2'), 0)).toBe(0n);
  });

  it('refuses negative inputs and fractional seconds rather than guessing', () => {
    expect(() => accrueStatic(-1n, FIXED_ONE, 1)).toThrow(RangeError);
    expect(() => accrueStatic(FIXED_ONE, -1n, 1)).toThrow(RangeError);
    expect(() => accrueStatic(FIXED_ONE, FIXED_ONE, -1)).toThrow(RangeError);
    expect(() => accrueStatic(FIXED_ONE, FIXED_ONE, 1.5)).toThrow(RangeError);
  });

  it('is the largest whole planck not above the exact value, never negative', () => {
    fc.assert(
      fc.property(rateArb, weightArb, fc.integer({ min: 0, max: 10 ** 9 }), (rate, weight, seconds) => {
        const amount = accrueStatic(rate, weight, seconds);
        const exact = rate * weight * BigInt(seconds); // scaled by 10^36
        expect(amount >= 0n).toBe(true);
        expect(amount * ONE2 <= exact).toBe(true);
        expect((amount + 1n) * ONE2 > exact).toBe(true);
      }),
    );
  });
});

describe('accrueDynamic', () => {
  const P = 100;
  const rates = [0n, fixed('2'), fixed('3')];
  const periods: RatedPeriod[] = periodsBetween(T0, P, T0, T0 + 3 * P).map((p) => ({ ...p, rate: rates[p.index]! }));

  it('pays each period at its own rate', () => {
    const accrual = accrueDynamic({ weight: fixed('1'), registeredAt: T0 + 50, from: T0 + 150, to: T0 + 250, periods });
    expect(accrual.amount).toBe(250n);
    expect(accrual.periods).toEqual([
      { index: 1, from: T0 + 150, to: T0 + 200, amount: 100n },
      { index: 2, from: T0 + 200, to: T0 + 250, amount: 150n },
    ]);
  });

  it('pays nothing from a period to one who registered after it began, and its rate from the next', () => {
    const late = accrueDynamic({ weight: fixed('2'), registeredAt: T0 + 120, from: T0 + 120, to: T0 + 250, periods });
    expect(late.periods.map((p) => p.amount)).toEqual([0n, 300n]);
    expect(late.amount).toBe(300n);
    const onTheSecond = accrueDynamic({
      weight: fixed('1'),
      registeredAt: T0 + 100,
      from: T0 + 100,
      to: T0 + 200,
      periods,
    });
    expect(onTheSecond.amount).toBe(200n);
  });

  it('pays nothing for an empty window', () => {
    expect(accrueDynamic({ weight: FIXED_ONE, registeredAt: T0, from: T0 + 5, to: T0 + 5, periods: [] })).toEqual({
      amount: 0n,
      periods: [],
    });
  });

  it('refuses periods that leave part of the window unrated or rate it twice', () => {
    const input = { weight: FIXED_ONE, registeredAt: T0, from: T0 + 50, to: T0 + 250 };
    expect(() => accrueDynamic({ ...input, periods: [periods[0]!, periods[2]!] })).toThrow(/no rated period covers/);
    expect(() => accrueDynamic({ ...input, periods: periods.slice(0, 2) })).toThrow(/no rated period covers/);
    expect(() => accrueDynamic({ ...input, periods: periods.slice(1) })).toThrow(/no rated period covers/);
    const twice = [...periods, { index: 9, start: T0 + 150, end: T0 + 250, rate: 1n }];
    expect(() => accrueDynamic({ ...input, periods: twice })).toThrow(/overlaps/);
  });

  const scenario = fc.record({
    p: fc.integer({ min: 1, max: 1000 }),
    rates: fc.array(rateArb, { minLength: 6, maxLength: 6 }),
    weight: weightArb,
    registeredAt: fc.integer({ min: -1000, max: 6000 }).map((d) => T0 + d),
    a: fc.integer({ min: 0, max: 6000 }),
    b: fc.integer({ min: 0, max: 6000 }),
    c: fc.integer({ min: 0, max: 6000 }),
  });
  type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
  const setup = (s: Scenario) => {
    const [from, middle, to] = [s.a, s.b, s.c].map((x) => T0 + (x % (6 * s.p))).sort((x, y) => x - y) as [
      number,
      number,
      number,
    ];
    const rated = periodsBetween(T0, s.p, T0, T0 + 6 * s.p).map((p) => ({ ...p, rate: s.rates[p.index]! }));
    const accrue = (f: number, t: number) =>
      accrueDynamic({ weight: s.weight, registeredAt: s.registeredAt, from: f, to: t, periods: rated });
    return { from, middle, to, rated, accrue };
  };

  it('never pays more than the exact value, nor anything from periods that began before registration', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { from, to, rated, accrue } = setup(s);
        const accrual = accrue(from, to);
        let exact = 0n; // Σ rate × weight × seconds over the eligible periods, scaled by 10^36
        for (const part of accrual.periods) {
          const period = rated[part.index]!;
          expect(part.amount >= 0n).toBe(true);
          if (period.start < s.registeredAt) expect(part.amount).toBe(0n);
          else exact += period.rate * s.weight * BigInt(part.to - part.from);
        }
        expect(accrual.amount * ONE2 <= exact).toBe(true);
        expect(accrual.amount).toBe(accrual.periods.reduce((t, p) => t + p.amount, 0n));
      }),
    );
  });

  it('never pays more by splitting a claim: parts of a period add up to at most its whole share', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { from, middle, to, rated, accrue } = setup(s);
        const whole = accrue(from, to);
        const first = accrue(from, middle);
        const second = accrue(middle, to);
        expect(first.amount + second.amount <= whole.amount).toBe(true);
        // One lost planck at most per period the split cuts: the claimant loses little.
        expect(whole.amount - first.amount - second.amount <= 1n).toBe(true);
        for (const period of rated) {
          const fullShare = period.start >= s.registeredAt ? accrueStatic(period.rate, s.weight, s.p) : 0n;
          const fromPeriod = [...first.periods, ...second.periods].filter((p) => p.index === period.index);
          expect(fromPeriod.reduce((t, p) => t + p.amount, 0n) <= fullShare).toBe(true);
        }
      }),
    );
  });
});

describe('capToAvailable', () => {
  it('pays what is owed up to what the pool holds, never a negative amount', () => {
    expect(capToAvailable(100n, 1000n)).toBe(100n);
    expect(capToAvailable(100n, 60n)).toBe(60n);
    expect(capToAvailable(100n, 0n)).toBe(0n);
    expect(capToAvailable(100n, -5n)).toBe(0n);
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        (a, h) => {
          const paid = capToAvailable(a, h);
          expect(paid >= 0n && paid <= a && (paid <= h || paid === 0n)).toBe(true);
          expect(paid === a || paid === (h > 0n ? h : 0n)).toBe(true);
        },
      ),
    );
  });
});
