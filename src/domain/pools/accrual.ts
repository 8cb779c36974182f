import { FIXED_ONE, type Fixed } from '../shared/fixed-point.js';
import type { Planck } from '../shared/types.js';
import { isEligible, type Period } from './period-maths.js';

const FIXED_ONE_SQUARED = FIXED_ONE * FIXED_ONE;

/**
 * floor(rate × weight × seconds) planck, the product taken exactly and floored once, so the
 * result is the largest integer not above the exact value: rounding never favours a claimant.
 * Static pools use it for a whole claim, dynamic pools for each period of one.
 */
export function accrueStatic(rate: Fixed, weight: Fixed, seconds: number | bigint): Planck {
  // BigInt() refuses fractional seconds, which would otherwise be silently truncated.
  const s = BigInt(seconds);
  if (rate < 0n || weight < 0n || s < 0n) throw new RangeError('rates, weights and durations are never negative');
  return (rate * weight * s) / FIXED_ONE_SQUARED;
}

export interface RatedPeriod extends Period {
  /** The period's rate, planck per second per unit of weight (0 when nothing was deposited). */
  rate: Fixed;
}

export interface PeriodAccrual {
  index: number;
  /** The part of the window inside the period, [from, to). */
  from: number;
  to: number;
  /** 0 when the beneficiary registered after the period began. */
  amount: Planck;
}

export interface DynamicAccrual {
  /** Σ of the periods' amounts. */
  amount: Planck;
  /** One entry per period the window overlaps, in order, so the books can say which deposits paid. */
  periods: PeriodAccrual[];
}

export interface AccrueDynamicInput {
  weight: Fixed;
  /** Unix seconds (may be fractional). */
  registeredAt: number;
  /** The claim window, [from, to). */
  from: number;
  to: number;
  /** The rated periods; together they must cover the window (a gap throws: it would lose money). */
  periods: readonly RatedPeriod[];
}

/**
 * What a dynamic pool owes one beneficiary over [from, to): for each period it overlaps, nothing
 * if the beneficiary registered after the period began, else floor(rate × weight × overlap).
 *
 * Floored per period, not once over the whole window: then a period's amounts, whatever the claims
 * that split it, add up to at most floor(rate × weight × P) per beneficiary (a sum of floors never
 * exceeds the floor of the sum), so nothing is ever paid from a period beyond the deposits that
 * set its rate, and each payout line can name its period. The cost is below 1 planck per period
 * per claim, always against the claimant.
 */
export function accrueDynamic(input: AccrueDynamicInput): DynamicAccrual {
  const { weight, registeredAt, from, to } = input;
  if (to <= from) return { amount: 0n, periods: [] };
  const overlapping = coveringPeriods(input.periods, from, to);
  const periods = overlapping.map((period): PeriodAccrual => {
    const part = { index: period.index, from: Math.max(from, period.start), to: Math.min(to, period.end) };
    const amount = isEligible(registeredAt, period.start) ? accrueStatic(period.rate, weight, part.to - part.from) : 0n;
    return { ...part, amount };
  });
  return { amount: periods.reduce((total, p) => total + p.amount, 0n), periods };
}

/**
 * The periods that overlap [from, to), in order, checked to tile it exactly: a gap would silently
 * pay nothing for seconds the claim then moves past, an overlap would pay the same seconds twice.
 */
function coveringPeriods(periods: readonly RatedPeriod[], from: number, to: number): RatedPeriod[] {
  const overlapping = periods.filter((p) => p.start < to && p.end > from).sort((a, b) => a.start - b.start);
  let covered = from;
  for (const period of overlapping) {
    if (period.end <= period.start) throw new RangeError(`period ${period.index} is empty`);
    if (period.start > covered) throw new RangeError(`no rated period covers [${covered}, ${period.start})`);
    if (period.start < covered && covered > from) throw new RangeError(`period ${period.index} overlaps another`);
    covered = period.end;
  }
  if (covered < to) throw new RangeError(`no rated period covers [${covered}, ${to})`);
  return overlapping;
}

/**
 * What can be paid now: the amount, but never more than the pool holds for it (a static pool whose
 * rates outrun its deposits). The caller keeps amount − result owed, never drops it; `available`
 * below zero (books already short) pays nothing.
 */
export function capToAvailable(amount: Planck, available: Planck): Planck {
  if (available <= 0n) return 0n;
  return amount < available ? amount : available;
}
