import type { PoolTransferItem } from '../pools/pool-chain.js';
import type { ChainToken } from '../ports/chain-events.js';
import type { SignedExtrinsic } from '../ports/extrinsics.js';
import type { BatchStore, OpenBatch } from '../shared/batch-pipeline.js';
import type { OperatorSigning, PureAccountStore } from '../shared/operator-accounts.js';
import type { Address, Planck } from '../shared/types.js';
import type { PayeeChange, RewardDestination } from './types.js';

/**
 * The collectives' side of the operator's batches (DESIGN §2, §8 Accounts): each collective's
 * account (a pure proxy, endowed by the operator), the stashes' reward destinations set through
 * their Staking proxy, and the transfers out of the accounts. Every batch is stored before it is
 * signed and delivered once through the one pipeline (shared/batch-pipeline.ts).
 */

// ------------------------------------------------------------------ accounts

export interface CollectiveAccountItem {
  collectiveId: string;
  /** `proxy.createPure`'s disambiguation index (StakingCollective.accountIndex). */
  index: number;
}

/** Collectives without an account are those not removed (a removed one needs none). */
export type CollectiveAccountStore = PureAccountStore<CollectiveAccountItem, { collectiveId: string; error: string }>;

// ------------------------------------------------------------------ payee changes

/** `proxy.proxy(stash, 'Staking', staking.setPayee(payee))`, signed by the operator. */
export interface PayeeCall {
  stash: Address;
  payee: RewardDestination;
}

/** One item of a payee batch: the stored change and the destination it sets. */
export interface PayeeItem {
  changeId: string;
  collective: string;
  /** The collective's account when planned (null: it had none, so no `set` of it was ever sent). */
  collectiveAccount: Address | null;
  kind: PayeeChange['kind'];
  call: PayeeCall;
}

/** A pending change, with what planning needs of its collective. */
export interface PendingPayeeChange {
  changeId: string;
  collective: string;
  collectiveAccount: Address | null;
  stash: Address;
  kind: PayeeChange['kind'];
  /** As queued: null for a `set` (the collective's account, resolved when planned). */
  payee: RewardDestination | null;
}

/** Changes move pending → planned → sent (signed) → done | failed (the chain's error), or skipped (with the reason). */
export interface CollectivePayeeStore extends BatchStore<PayeeItem> {
  /** Batches stored and not yet included, oldest first, with the items still to send in order. */
  openBatches(): Promise<OpenBatch<PayeeItem>[]>;
  /**
   * Pending changes, oldest first: every `restore`, and each `set` whose collective's account
   * exists and is endowed (before that, rewards paid to it could be below the existential
   * deposit and lost).
   */
  pending(limit: number): Promise<PendingPayeeChange[]>;
  /**
   * Stores a planned batch: each change pending → planned with its batch, position and the
   * destination resolved. Null when no item is left. A change that is no longer pending keeps
   * the whole plan out (another run took it).
   */
  plan(items: PayeeItem[]): Promise<OpenBatch<PayeeItem> | null>;
  /** Changes that must not be sent (the user's choice won): status skipped, with the reason. */
  skip(skips: { changeId: string; reason: string }[]): Promise<void>;
}

/** Sets stashes' reward destinations through the operator's Staking proxy. */
export interface PayeeWriter extends OperatorSigning {
  /** Splits calls into batches that each fit one extrinsic within the block limits, in order. */
  packPayeeCalls(calls: PayeeCall[]): Promise<PayeeCall[][]>;
  /** `utility.forceBatch` of one proxied `staking.setPayee` per call: one's failure never stops the others. */
  signPayeeBatch(calls: PayeeCall[]): Promise<SignedExtrinsic>;
}

// ------------------------------------------------------------------ transfers

/**
 * One item of a transfer batch: one call, paying one or more stored transfers of one collective
 * to one address in one token (grouped: one fee, and small amounts together reach the minimum).
 */
export interface CollectiveTransferItem {
  transferIds: string[];
  transfer: PoolTransferItem;
}

/** What a collective owes one address in one token, over every owed transfer row. */
export interface OwedTransferGroup {
  collectiveId: string;
  collective: string;
  /** The collective's account (collectives without an endowed one are not listed). */
  account: Address;
  address: Address;
  denom: string;
  /** The token on chain, fixed when the transfers were owed (a later registry change never alters it). */
  token: ChainToken;
  amount: Planck;
  transferIds: string[];
}

/**
 * Transfers move owed → planned (batch and position) → sent (signed) → paid | failed. A failed
 * transfer (not an endowment) is followed, when its outcome is recorded, by a new owed row for the
 * same kind, address and amount (`retryOf` the failed one), so the books count each amount once;
 * a paid endowment marks the collective endowed.
 */
export interface CollectiveTransferStore extends BatchStore<CollectiveTransferItem> {
  openBatches(): Promise<OpenBatch<CollectiveTransferItem>[]>;
  /**
   * Owed transfers grouped by collective, address and token (denom and token on chain), oldest first, of collectives whose
   * account exists and is endowed; a retry of a failed transfer only FAILED_PAYMENT_RETRY_MS after
   * the failure. At most `limit` rows.
   */
  owedGroups(limit: number): Promise<OwedTransferGroup[]>;
  /** Collectives whose account exists but has no endowment from the operator (nor one on its way). */
  unendowed(): Promise<{ collectiveId: string; account: Address }[]>;
  /**
   * Stores a planned batch: the endowments as new transfers of kind endow, and each group's rows
   * owed → planned (a row that is no longer owed keeps its group out: nothing twice). Null when
   * nothing is left.
   */
  plan(
    items: (
      | { kind: 'pay'; group: OwedTransferGroup; transfer: PoolTransferItem }
      | { kind: 'endow'; collectiveId: string; denom: string; transfer: PoolTransferItem }
    )[],
  ): Promise<OpenBatch<CollectiveTransferItem> | null>;
  /** Keeps a group owed with a note (e.g. below the token's minimum for an empty account). */
  noteOwed(group: OwedTransferGroup, note: string): Promise<void>;
}
