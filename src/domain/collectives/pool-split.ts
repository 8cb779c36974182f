import { FIXED_ONE, parseDecimalText, type Fixed } from '../shared/fixed-point.js';
import type { Planck } from '../shared/types.js';
import type { PoolShare } from './types.js';

/** One spending pool's part of an amount. */
export interface PoolPart {
  name: string;
  amount: Planck;
}

/**
 * `amount` split among a collective's spending pools: floor(amount × share) each, in the order of
 * the shares. The remainder (less than one planck per pool, since the shares sum to 1) is not
 * sent: it stays awaiting in the collective's books and goes out with a later claim.
 */
export function splitAmongPools(amount: Planck, shares: readonly PoolShare[]): PoolPart[] {
  if (amount < 0n) throw new RangeError(`an amount to split cannot be negative: ${amount}`);
  const rates = shares.map((s) => shareRate(s));
  // Shares above 1 in total would send more than the collective has: the settings were validated
  // at creation and at every update, so this is a bug, never a request to honour.
  const total = rates.reduce((sum, r) => sum + r, 0n);
  if (total > FIXED_ONE) throw new RangeError(`the pools' shares sum to more than 1`);
  return shares.map((s, i) => ({ name: s.name, amount: (amount * rates[i]!) / FIXED_ONE }));
}

function shareRate(s: PoolShare): Fixed {
  const rate = parseDecimalText(s.share);
  if (rate === null || rate > FIXED_ONE)
    throw new RangeError(`pool ${s.name}: a share is a decimal in [0, 1], not ${JSON.stringify(s.share)}`);
  return rate;
}
