import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimDue } from '../../../src/domain/collectives/claim-schedule.js';
import { COLLECTIVE_STATUSES } from '../../../src/domain/collectives/types.js';

const T0 = 1_700_000_000;
const DAY = 86_400;
const schedule = (
  s: Partial<{ claimStart: number; claimEnd: number; claimPeriod: number; lastDistro: number | null }> = {},
) => ({
  claimStart: T0,
  claimEnd: 0,
  claimPeriod: DAY,
  lastDistro: null,
  ...s,
});

describe('claimDue', () => {
  it('is due for an active collective from claimStart on, when it never claimed', () => {
    expect(claimDue(schedule(), 'active', T0)).toBe(true);
    expect(claimDue(schedule(), 'active', T0 + 5 * DAY)).toBe(true);
  });

  it('is never due before claimStart', () => {
    expect(claimDue(schedule(), 'active', T0 - 1)).toBe(false);
  });

  it('is never due at or after claimEnd, and claimEnd 0 means no end', () => {
    const ends = schedule({ claimEnd: T0 + DAY });
    expect(claimDue(ends, 'active', T0 + DAY - 1)).toBe(true);
    expect(claimDue(ends, 'active', T0 + DAY)).toBe(false);
    expect(claimDue(ends, 'active', T0 + 2 * DAY)).toBe(false);
    expect(claimDue(schedule({ claimEnd: 0 }), 'active', T0 + 1000 * DAY)).toBe(true);
  });

  it('is never due sooner than claimPeriod after the last claim', () => {
    const claimed = schedule({ lastDistro: T0 + 100 });
    expect(claimDue(claimed, 'active', T0 + 100)).toBe(false);
    expect(claimDue(claimed, 'active', T0 + 100 + DAY - 1)).toBe(false);
    expect(claimDue(claimed, 'active', T0 + 100 + DAY)).toBe(true);
  });

  it('is never due unless active: inactive, paused and removed collectives do not claim', () => {
    for (const status of ['inactive', 'paused', 'removed'] as const)
      expect(claimDue(schedule(), status, T0 + DAY)).toBe(false);
  });

  it('claiming whenever due never claims twice within a period, nor outside [claimStart, claimEnd)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 14_400, max: 10 * DAY }),
        fc.integer({ min: 0, max: 20 * DAY }),
        fc.array(fc.integer({ min: 1, max: 3 * DAY }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.constantFrom(...COLLECTIVE_STATUSES), { minLength: 1, maxLength: 60 }),
        (period, endAfter, steps, statuses) => {
          const c = schedule({ claimPeriod: period, claimEnd: endAfter === 0 ? 0 : T0 + endAfter });
          let now = T0 - DAY;
          const claims: number[] = [];
          steps.forEach((step, i) => {
            now += step;
            const status = statuses[i % statuses.length]!;
            if (claimDue(c, status, now)) {
              expect(status).toBe('active');
              claims.push(now);
              c.lastDistro = now;
            }
          });
          for (const at of claims) {
            expect(at >= c.claimStart).toBe(true);
            if (c.claimEnd !== 0) expect(at < c.claimEnd).toBe(true);
          }
          for (let i = 1; i < claims.length; i++) expect(claims[i]! - claims[i - 1]!).toBeGreaterThanOrEqual(period);
        },
      ),
    );
  });
});
