import type { PayoutItem } from '../ports/payouts.js';
import type { ItemResult } from '../shared/batch-pipeline.js';

/** The chain's error for a page somebody else paid first (`staking.AlreadyClaimed`). */
const ALREADY_CLAIMED = /AlreadyClaimed/;

/**
 * What an included batch makes of one page: paid; paid by someone else before ours landed (never
 * tried again); or failed, to be tried again by a later sweep up to the attempts allowed.
 */
export function pageOutcome(result: ItemResult<PayoutItem>): 'paid' | 'claimed_by_other' | 'failed' {
  if (result.ok) return 'paid';
  return result.error !== null && ALREADY_CLAIMED.test(result.error) ? 'claimed_by_other' : 'failed';
}
