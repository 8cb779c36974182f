import { FIXED_ONE, parseDecimalText, type Fixed } from '../shared/fixed-point.js';
import type { Planck } from '../shared/types.js';

/** How one `staking.Rewarded` paid to a collective's account is split (DESIGN §2 money flow). */
export interface RewardSplit {
  /** The uncommitted share: goes back to the stash. */
  returned: Planck;
  /** The committed share's donation part: held by the collective for its owners to send. */
  donation: Planck;
  /** The committed share's rest: awaits the next claim, then goes to the spending pools by share. */
  forPools: Planck;
}

/**
 * The reward of a stash whose active bond is `active` and of which `committed` counts in the
 * collective: the collective's share is floor(amount × min(committed, active) / active) (a stash
 * unbonded below its commitment only gives what it still bonds); of that share,
 * floor(share × donation) is the donation and the rest goes to the pools. Each rounding goes down,
 * so the planck it leaves goes to the part that is not rounded (back to the stash, to the pools):
 * returned + donation + forPools = amount exactly. Nothing commits (all returned) when the stash
 * bonds nothing (`active` null or 0) or commits nothing.
 */
export function splitReward(input: {
  amount: Planck;
  committed: Planck;
  active: Planck | null;
  donation: string;
}): RewardSplit {
  const { amount, committed, active } = input;
  if (amount < 0n) throw new RangeError(`a reward cannot be negative: ${amount}`);
  if (committed < 0n) throw new RangeError(`a commitment cannot be negative: ${committed}`);
  if (active !== null && active < 0n) throw new RangeError(`an active bond cannot be negative: ${active}`);
  const rate = donationRate(input.donation);
  if (active === null || active === 0n || committed === 0n) return { returned: amount, donation: 0n, forPools: 0n };
  const counted = committed < active ? committed : active;
  const committedShare = (amount * counted) / active;
  const donation = (committedShare * rate) / FIXED_ONE;
  return { returned: amount - committedShare, donation, forPools: committedShare - donation };
}

/** A stored donation (canonical decimal in [0, 1]); anything else is a bug in the rows, not input. */
function donationRate(text: string): Fixed {
  const rate = parseDecimalText(text);
  if (rate === null || rate > FIXED_ONE)
    throw new RangeError(`a donation is a decimal in [0, 1], not ${JSON.stringify(text)}`);
  return rate;
}
