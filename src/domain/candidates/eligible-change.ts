import type { Address } from '../shared/types.js';

/** How the eligible set moved from the last usable snapshot to a new one. */
export interface EligibleChange {
  before: number;
  after: number;
  /** Eligible before, not any more. */
  left: number;
  /** Eligible now, not before. */
  joined: number;
}

export function eligibleChange(before: Iterable<Address>, after: Iterable<Address>): EligibleChange {
  const was = new Set(before);
  const is = new Set(after);
  let left = 0;
  for (const stash of was) if (!is.has(stash)) left++;
  let joined = 0;
  for (const stash of is) if (!was.has(stash)) joined++;
  return { before: was.size, after: is.size, left, joined };
}

/** left + joined over the previous size, in percent, one decimal, rounded down ("45", "30.5"). */
export function changePercentText(change: EligibleChange): string {
  const tenths = Math.floor(((change.left + change.joined) * 1000) / change.before);
  return (tenths / 10).toString();
}

/**
 * The candidate source is a trust root: whoever controls it could steer every delegator's stake
 * by emptying or replacing the list. A new snapshot whose eligible set moved by more than
 * `maxChangePercent` of the last usable one (stashes that left plus stashes that joined, over the
 * previous size) is held. A shrink is covered too: what left bounds it. With no previous eligible
 * stash there is no set to protect and no share to measure: nothing is held.
 * Returns the reason, or null.
 */
export function eligibleChangeHold(
  change: EligibleChange,
  maxChangePercent: number,
  baselineSnapshotId: string,
): string | null {
  if (change.before === 0) return null;
  if ((change.left + change.joined) * 100 <= maxChangePercent * change.before) return null;
  return (
    `eligible set changed by ${changePercentText(change)}% since snapshot #${baselineSnapshotId} ` +
    `(${change.before} → ${change.after} eligible: ${change.left} left, ${change.joined} joined), ` +
    `more than the ${maxChangePercent}% allowed`
  );
}
