import type { BatchStore, OpenBatch } from '../shared/batch-pipeline.js';
import type { Address, BlockRef, Planck } from '../shared/types.js';
import type { PoolTransferItem } from './pool-chain.js';

/** One item of a pool payment batch: the stored transfer it pays, and the call it makes. */
export interface PoolPaymentItem {
  transferId: string;
  transfer: PoolTransferItem;
}

/** What a pool owes one address in one token, over every owed line (paid by one transfer). */
export interface OwedGroup {
  poolId: string;
  poolName: string;
  /** The pool's account (groups of pools without one are not listed: nothing can be paid yet). */
  account: Address;
  address: Address;
  denom: string;
  amount: Planck;
}

export interface PoolPaymentStore extends BatchStore<PoolPaymentItem> {
  /** Batches stored and not yet included, oldest first. */
  openBatches(): Promise<OpenBatch<PoolPaymentItem>[]>;
  /** What is owed, grouped by pool, address and token, for pools whose account exists and is endowed. */
  owedGroups(limit: number): Promise<OwedGroup[]>;
  /** Pools whose account exists but has not received its existential deposit from the operator. */
  unendowed(): Promise<{ poolId: string; account: Address }[]>;
  /**
   * Stores a planned batch: its transfers, and the owed lines of each group moved to `sending`
   * with their transfer (a line that is no longer owed keeps the group out: nothing twice).
   */
  plan(
    items: (
      | { kind: 'pay'; group: OwedGroup; transfer: PoolTransferItem }
      | { kind: 'endow'; poolId: string; transfer: PoolTransferItem }
    )[],
  ): Promise<OpenBatch<PoolPaymentItem> | null>;
  /** Keeps a group owed with a note (e.g. below the token's minimum for an empty account). */
  noteOwed(group: OwedGroup, note: string): Promise<void>;
}

export interface PoolAccountItem {
  poolId: string;
  index: number;
}

export interface PoolAccountStore extends BatchStore<PoolAccountItem> {
  openBatches(): Promise<OpenBatch<PoolAccountItem>[]>;
  /** Pools with no account and no batch creating one, oldest first. */
  withoutAccount(limit: number): Promise<PoolAccountItem[]>;
  plan(items: PoolAccountItem[]): Promise<OpenBatch<PoolAccountItem> | null>;
  /** Included batches whose pools still lack their account: their events are read (again). */
  awaitingAccounts(): Promise<{ batchId: string; block: BlockRef; extrinsicIndex: number; items: PoolAccountItem[] }[]>;
  /** Sets the accounts read from the batch's events; pools whose item failed may be planned again. */
  setAccounts(
    batchId: string,
    accounts: Map<number, Address>,
    failed: { poolId: string; error: string }[],
  ): Promise<void>;
}
