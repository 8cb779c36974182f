import type { BlockRef, Planck } from './types.js';

/**
 * One token's books checked against the chain's balance of an account the operator controls (a
 * pool's, a collective's).
 */
export interface BookCheck {
  denom: string;
  chainBalance: Planck;
  expected: Planck;
  /** chainBalance − expected. */
  difference: Planck;
  /** The block the balance was read at. */
  at: BlockRef;
  checkedAt: Date;
}
