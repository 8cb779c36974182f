import type { ChainEvent } from '../ports/chain-events.js';
import type { Page, PageRequest } from '../shared/page.js';
import type { Address, BlockRef, Planck } from '../shared/types.js';

export interface RewardRecord {
  era: number | null;
  validator: Address | null;
  amount: Planck;
  destination: string | null;
  block: BlockRef;
  extrinsicHash: string | null;
  /** Who sent the payout (the operator, the validator, anyone). */
  paidBy: Address | null;
}

export interface IndexedEventRepository {
  /** The last block indexed (null: never ran). */
  cursor(): Promise<number | null>;
  /** Stores the block's events (each once, whatever the number of runs) and moves the cursor to it, atomically. */
  saveBlock(block: BlockRef, events: ChainEvent[]): Promise<number>;
  /** Every account the indexer records events for. */
  trackedAccounts(): Promise<Set<Address>>;
  rewards(account: Address, range: { fromEra: number | null; toEra: number | null }): Promise<RewardRecord[]>;
}

export interface EraRange {
  fromEra: number | null;
  toEra: number | null;
}

/** A stash's public reward record, a page at a time. */
export interface RewardReader {
  /** Rewards in the era range, in chain order (oldest first). */
  rewardsPage(account: Address, range: EraRange, page: PageRequest): Promise<Page<RewardRecord>>;
  /** The sum of every reward in the era range, over all pages. */
  rewardTotal(account: Address, range: EraRange): Promise<Planck>;
}
