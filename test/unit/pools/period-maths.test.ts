import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  claimWindow,
  isEligible,
  periodOf,
  periodsBetween,
  type ClaimWindowInput,
} from '../../../src/domain/pools/period-maths.js';

const T0 = 1_700_000_000;
const DAY = 86_400;

describe('periodOf', () => {
  it('numbers periods from claimStart, half-open', () => {
    expect(periodOf(T0, DAY, T0)).toEqual({ index: 0, start: T0, end: T0 + DAY });
    expect(periodOf(T0, DAY, T0 + DAY - 1)).toEqual({ index: 0, start: T0, end: T0 + DAY });
    expect(periodOf(T0, DAY, T0 + DAY)).toEqual({ index: 1, start: T0 + DAY, end: T0 + 2 * DAY });
    expect(periodOf(T0, DAY, T0 + 10 * DAY + 5)?.index).toBe(10);
  });

  it('has no period before claimStart', () => {
    expect(periodOf(T0, DAY, T0 - 1)).toBeNull();
  });

  it('refuses a period that is not a positive whole number of seconds', () => {
    for (const p of [0, -1, 1.5, Number.NaN]) expect(() => periodOf(T0, p, T0)).toThrow(RangeError);
  });

  it('puts every second after claimStart in exactly the period that holds it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 * DAY }), fc.integer({ min: 0, max: 10 ** 9 }), (p, offset) => {
        const period = periodOf(T0, p, T0 + offset)!;
        expect(period.start).toBeLessThanOrEqual(T0 + offset);
        expect(T0 + offset).toBeLessThan(period.end);
        expect(period.end - period.start).toBe(p);
        expect(period.start).toBe(T0 + period.index * p);
      }),
    );
  });
});

describe('periodsBetween', () => {
  it('lists the periods a window overlaps, and none for seconds before claimStart', () => {
    expect(periodsBetween(T0, 10, T0 + 5, T0 + 25).map((p) => p.index)).toEqual([0, 1, 2]);
    expect(periodsBetween(T0, 10, T0 + 10, T0 + 20).map((p) => p.index)).toEqual([1]);
    expect(periodsBetween(T0, 10, T0 - 100, T0 + 1).map((p) => p.index)).toEqual([0]);
    expect(periodsBetween(T0, 10, T0 - 100, T0)).toEqual([]);
    expect(periodsBetween(T0, 10, T0 + 5, T0 + 5)).toEqual([]);
  });

  it('tiles the part of the window after claimStart, without gaps or overlaps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: -500, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        (p, fromOffset, length) => {
          const from = T0 + fromOffset;
          const to = from + length;
          const periods = periodsBetween(T0, p, from, to);
          const start = Math.max(from, T0);
          if (to <= start) {
            expect(periods).toEqual([]);
            return;
          }
          expect(periods[0]!.start).toBeLessThanOrEqual(start);
          expect(periods.at(-1)!.end).toBeGreaterThanOrEqual(to);
          periods.slice(1).forEach((period, i) => expect(period.start).toBe(periods[i]!.end));
          for (const period of periods) expect(period.start < to && period.end > start).toBe(true);
        },
      ),
    );
  });
});

describe('isEligible', () => {
  it('lets in who registered before the period began, or at its first second, and no one later', () => {
    expect(isEligible(T0 - 1, T0)).toBe(true);
    expect(isEligible(T0, T0)).toBe(true);
    expect(isEligible(T0 + 0.001, T0)).toBe(false);
  });
});

describe('claimWindow', () => {
  const base: ClaimWindowInput = { claimStart: T0, claimEnd: 0, claimExpire: 0, lastClaim: T0, now: T0 + 100 };

  it('runs from the last claim to now', () => {
    expect(claimWindow({ ...base, lastClaim: T0 + 40 })).toEqual({ from: T0 + 40, to: T0 + 100 });
  });

  it('starts no earlier than claimStart (registered before the pool started)', () => {
    expect(claimWindow({ ...base, lastClaim: T0 - 500 })).toEqual({ from: T0, to: T0 + 100 });
  });

  it('is empty before claimStart', () => {
    expect(claimWindow({ ...base, lastClaim: T0 - 500, now: T0 - 1 })).toBeNull();
    expect(claimWindow({ ...base, lastClaim: T0 - 500, now: T0 })).toBeNull();
  });

  it('stops at claimEnd, and is empty once claimed to the end', () => {
    expect(claimWindow({ ...base, claimEnd: T0 + 60 })).toEqual({ from: T0, to: T0 + 60 });
    expect(claimWindow({ ...base, claimEnd: T0 + 60, lastClaim: T0 + 60, now: T0 + 1000 })).toBeNull();
  });

  it('reaches back at most claimExpire seconds', () => {
    expect(claimWindow({ ...base, claimExpire: 30 })).toEqual({ from: T0 + 70, to: T0 + 100 });
    // A claim after claimEnd reaching back past it: nothing left when expire ends before claimEnd.
    expect(claimWindow({ ...base, claimEnd: T0 + 60, claimExpire: 30 })).toBeNull();
    expect(claimWindow({ ...base, claimEnd: T0 + 80, claimExpire: 30 })).toEqual({ from: T0 + 70, to: T0 + 80 });
  });

  it('is empty when claimed this very second', () => {
    expect(claimWindow({ ...base, lastClaim: base.now })).toBeNull();
  });

  it('always respects claimStart, lastClaim, claimEnd, claimExpire and now, and is empty only when they leave nothing', () => {
    const offset = fc.integer({ min: -1000, max: 1000 });
    fc.assert(
      fc.property(
        fc.record({
          claimEnd: fc.oneof(
            fc.constant(0),
            fc.integer({ min: 1, max: 1000 }).map((d) => T0 + d),
          ),
          claimExpire: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 })),
          lastClaim: offset.map((d) => T0 + d),
          now: offset.map((d) => T0 + d),
        }),
        (input) => {
          const window = claimWindow({ ...input, claimStart: T0 });
          const lowest = Math.max(T0, input.lastClaim, input.claimExpire > 0 ? input.now - input.claimExpire : T0);
          const highest = input.claimEnd > 0 ? Math.min(input.now, input.claimEnd) : input.now;
          if (window === null) {
            expect(highest).toBeLessThanOrEqual(lowest);
            return;
          }
          expect(window.from).toBeLessThan(window.to);
          expect(window.from).toBeGreaterThanOrEqual(T0);
          expect(window.from).toBeGreaterThanOrEqual(input.lastClaim);
          if (input.claimExpire > 0) expect(window.from).toBeGreaterThanOrEqual(input.now - input.claimExpire);
          expect(window.to).toBeLessThanOrEqual(input.now);
          if (input.claimEnd > 0) expect(window.to).toBeLessThanOrEqual(input.claimEnd);
          expect(window).toEqual({ from: lowest, to: highest });
        },
      ),
    );
  });
});
