import { formatDecimal, type Fixed } from '../shared/fixed-point.js';
import type { Address } from '../shared/types.js';
import { accrueLines, Availability, fixedOf, unixSeconds } from './accrue-lines.js';
import { periodAt, periodOf } from './period-maths.js';
import type { PeriodRate, PoolUnit } from './pool.repository.js';
import { dynamicRate, eligibleWeight } from './rate-maths.js';
import type { PoolRegistration } from './types.js';

/** A registered beneficiary with its weight now (null: no longer a beneficiary). */
export interface WeighedRegistration {
  registration: PoolRegistration;
  weight: Fixed | null;
}

export async function weighRegistrations(
  unit: PoolUnit,
  weightOf: (address: Address) => Promise<string | null>,
): Promise<WeighedRegistration[]> {
  const regs = await unit.registrations();
  const out: WeighedRegistration[] = [];
  for (const registration of regs) {
    const w = await weightOf(registration.address);
    out.push({ registration, weight: w === null ? null : fixedOf(w) });
  }
  return out;
}

/**
 * Brings a dynamic pool's periods up to `now`, in order, inside the pool's lock. At each boundary
 * it (1) settles the period that ended: every registration is paid what it accrued in it, as if it
 * had claimed at the boundary, so that everything deposited in one period is paid out within the
 * next and none of it strands behind claimExpire (which reaches back one period only); then
 * (2) rates the new period: rate(x) = deposits(x) of the period that ended / (P × Σ weights of the
 * beneficiaries registered before the new period began) (DESIGN §3). Deposits booked before
 * claimStart count as period −1's, paid out in period 0. Returns how many boundaries it crossed.
 */
export async function advancePeriods(
  unit: PoolUnit,
  now: number,
  weighed: () => Promise<WeighedRegistration[]>,
  at: Date,
): Promise<number> {
  const pool = unit.pool;
  if (!pool.dynamicRate || pool.dynamicRatePeriod === null) return 0;
  const P = pool.dynamicRatePeriod;
  const current = periodOf(pool.claimStart, P, now);
  if (!current) return 0;
  let rated = await unit.ratedPeriod();
  let crossed = 0;
  let regs: WeighedRegistration[] | null = null;
  while (rated < current.index) {
    const k = rated + 1;
    const start = periodAt(pool.claimStart, P, k).start;
    regs ??= await weighed();
    if (k >= 1) {
      const available = new Availability(await unit.books());
      for (const { registration, weight } of regs) {
        if (weight === null) continue;
        const settled = await accrueLines(unit, {
          registration,
          address: registration.address,
          weight,
          now: start,
          kind: 'settlement',
          available,
        });
        if (!settled) continue;
        await unit.addLines(settled.lines, at);
        await unit.setLastClaim(registration.address, new Date(settled.claimedTo * 1000));
        registration.lastClaimAt = new Date(settled.claimedTo * 1000);
      }
    }
    const deposits = await unit.periodDeposits(k - 1);
    const eligible = regs
      .filter((r) => r.weight !== null)
      .map((r) => ({
        address: r.registration.address,
        weight: r.weight!,
        registeredAt: unixSeconds(r.registration.registeredAt),
      }));
    const total = eligibleWeight(eligible, start);
    const rates: PeriodRate[] = [...deposits].map(([denom, amount]) => ({
      periodIndex: k,
      denom,
      deposits: amount,
      totalWeight: formatDecimal(total),
      rate: formatDecimal(dynamicRate(amount, P, total)),
    }));
    await unit.setPeriodRates(k, rates);
    rated = k;
    crossed++;
  }
  return crossed;
}
