import type { AtBlock } from '../pools/pool-chain.js';
import type { Address, BlockRef, Planck } from '../shared/types.js';
import type { RewardDestination } from './types.js';

/** What the chain shows of a stash, as collectives need it (commitments, breaches, rewards). */
export interface StakeView {
  stash: Address;
  /** `ledger.active` (null: not bonded). */
  active: Planck | null;
  /** `staking.payee` (null: not bonded). */
  payee: RewardDestination | null;
  /** Whether `operator` holds a Staking or Any proxy of the stash with no delay. */
  operatorProxy: boolean;
}

export interface StakeReader {
  /** Batched read of many stashes at one block (the head when `at` is absent). */
  stakes(stashes: Address[], operator: Address | null, at?: BlockRef): Promise<AtBlock<Map<Address, StakeView>>>;
}

/** Whether two reward destinations are the same. */
export function samePayee(a: RewardDestination | null, b: RewardDestination | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind !== b.kind) return false;
  return a.kind !== 'Account' || a.account === (b as { account: Address }).account;
}
