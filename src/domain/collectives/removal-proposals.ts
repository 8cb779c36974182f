import type { Address } from '../shared/types.js';
import type { NonceUse } from '../wallet/authorize.js';

/**
 * The automatic removal of DESIGN §2 / the seed: a withdrawal that would take the collective below
 * `minCollectiveBond` is refused, and a removal proposal is raised instead, as if it had been
 * raised and passed: it is enacted after the collective's enactment delay. One at a time: while a
 * removal proposal of the collective is voting or passed, that one is returned.
 */
export interface RemovalProposals {
  /** The proposal's id. Spends the withdrawer's nonce in the same transaction. */
  raise(input: { collective: string; proposer: Address; reason: string; at: Date }, nonce: NonceUse): Promise<string>;
}
