/**
 * Periods and claim windows of a pool (DESIGN §8 "Rules the requests leave"). All times are unix
 * seconds; a period or a window is half-open, [start, end): the second at `end` belongs to the next.
 */

export interface Period {
  index: number;
  /** Unix seconds, inclusive. */
  start: number;
  /** Unix seconds, exclusive: start + periodSeconds. */
  end: number;
}

export interface Window {
  /** Unix seconds, inclusive. */
  from: number;
  /** Unix seconds, exclusive; always > from (an empty window is `null`). */
  to: number;
}

function assertPeriodSeconds(periodSeconds: number): void {
  // A zero or fractional period would divide by zero or put boundaries between seconds.
  if (!Number.isSafeInteger(periodSeconds) || periodSeconds <= 0) {
    throw new RangeError(`a period is a positive whole number of seconds, got ${periodSeconds}`);
  }
}

/** Period k = [claimStart + k·P, claimStart + (k+1)·P). */
export function periodAt(claimStart: number, periodSeconds: number, index: number): Period {
  assertPeriodSeconds(periodSeconds);
  const start = claimStart + index * periodSeconds;
  return { index, start, end: start + periodSeconds };
}

/**
 * The period that holds second `t`, or `null` before claimStart: there is no period -1 to book
 * into or claim from, and a null forces callers to say what they do then (nothing accrues; a
 * deposit made before claimStart is booked into period 0, the caller's choice).
 */
export function periodOf(claimStart: number, periodSeconds: number, t: number): Period | null {
  assertPeriodSeconds(periodSeconds);
  if (t < claimStart) return null;
  return periodAt(claimStart, periodSeconds, Math.floor((t - claimStart) / periodSeconds));
}

/**
 * The periods that overlap [from, to), in order; none for an empty window. Seconds before
 * claimStart belong to no period. The caller attaches each period's rate for accrueDynamic.
 */
export function periodsBetween(claimStart: number, periodSeconds: number, from: number, to: number): Period[] {
  const first = periodOf(claimStart, periodSeconds, Math.max(from, claimStart));
  if (first === null || to <= first.start || to <= from) return [];
  const periods: Period[] = [];
  for (let period = first; period.start < to; period = periodAt(claimStart, periodSeconds, period.index + 1)) {
    periods.push(period);
  }
  return periods;
}

/**
 * Whether a beneficiary registered at `registeredAt` shares in a period that starts at
 * `periodStart` (DESIGN §3: only those registered before the period began). Registering at the
 * very second it begins counts as before. The rate's Σ weights and every accrual use this one rule:
 * paying someone the rate did not count would pay out more than was deposited.
 * `registeredAt` may be fractional (a Date / 1000); the comparison stays exact.
 */
export const isEligible = (registeredAt: number, periodStart: number): boolean => registeredAt <= periodStart;

export interface ClaimWindowInput {
  claimStart: number;
  /** 0: the pool never ends. */
  claimEnd: number;
  /** How far back a claim reaches, seconds; 0: no cap (dynamic pools pass their period). */
  claimExpire: number;
  /** Where the last claim stopped (the registration time before a first claim). */
  lastClaim: number;
  now: number;
}

/**
 * The seconds a claim made at `now` accrues over:
 * [max(claimStart, lastClaim, now − claimExpire), min(now, claimEnd)], or `null` when that is empty
 * (not started, ended and already claimed to the end, claimed this very second), which the
 * caller answers with 422 NOTHING_TO_CLAIM.
 */
export function claimWindow(input: ClaimWindowInput): Window | null {
  const { claimStart, claimEnd, claimExpire, lastClaim, now } = input;
  const reachesBackTo = claimExpire > 0 ? now - claimExpire : -Infinity;
  const from = Math.max(claimStart, lastClaim, reachesBackTo);
  const to = claimEnd > 0 ? Math.min(now, claimEnd) : now;
  return to > from ? { from, to } : null;
}
