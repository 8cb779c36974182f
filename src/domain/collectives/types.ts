import type { Address, BlockRef, Planck } from '../shared/types.js';

/**
 * Staking Collectives (DESIGN §2, §8). Stake never leaves a contributor's stash: a contribution
 * commits bonded stake of an active NDeST delegation, and the stash's reward destination becomes
 * the collective's account (`staking.setPayee({Account})` through the Staking proxy). Times are
 * unix seconds (`number`), amounts planck (`bigint`), shares, donations and quorums exact decimal
 * strings (canonical, see shared/fixed-point.ts).
 */
export const COLLECTIVE_STATUSES = ['inactive', 'active', 'paused', 'removed'] as const;
export type CollectiveStatus = (typeof COLLECTIVE_STATUSES)[number];

/** A bond in one token: `amount` planck of registry token `denom` (a staking token). */
export interface Bond {
  denom: string;
  amount: Planck;
}

export interface PoolShare {
  /** An existing spending pool's name. */
  name: string;
  /** Exact decimal string in (0, 1]; the shares of a collective sum to exactly 1. */
  share: string;
}

/** What a create request sets and an update proposal may change (everything but name and bonds). */
export interface CollectiveSettings {
  /** At most 256 characters. */
  description: string;
  depositWhitelist: { any: boolean; roles: string[]; accounts: Address[] };
  ownersWhitelist: { roles: string[]; accounts: Address[] };
  /** 1 to maxCollectiveOutputs pools, in the order given. */
  spendingPools: PoolShare[];
  /** Unix seconds (default: creation). */
  claimStart: number;
  /** Seconds, at least minCollectiveClaimPeriod (default 86,400). */
  claimPeriod: number;
  /** Unix seconds; 0: none. */
  claimEnd: number;
  voteQuorum: string;
  votePeriod: number;
  voteEnactment: number;
}

export interface StakingCollective extends CollectiveSettings {
  id: string;
  name: string;
  creator: Address;
  /** The owners' decision (update proposal `status: "paused"`); withdrawals still allowed. */
  paused: boolean;
  /** As last stored; reads compute the status afresh (computeStatus). */
  status: CollectiveStatus;
  /** Unix seconds: creation + minCollectiveBondingTime (as it was at creation). */
  bondingDeadline: number;
  /** When the bonded value was first at or above the minimum; null: never. */
  reachedMinimumAt: Date | null;
  /** Unix seconds of the last claim; null: none yet. */
  lastDistro: number | null;
  removedAt: Date | null;
  removedReason: string | null;
  /** The collective's pure proxy once it exists on chain (rewards are paid to it). */
  account: Address | null;
  accountIndex: number;
  accountError: string | null;
  /** Native planck the operator gave the account (0 until its transfer is in a block). */
  endowment: Planck;
  endowed: boolean;
  createdAt: Date;
}

/** A stash's reward destination (`staking.payee`). */
export type RewardDestination =
  | { kind: 'Staked' }
  | { kind: 'Stash' }
  | { kind: 'Controller' }
  | { kind: 'None' }
  | { kind: 'Account'; account: Address };

export const CONTRIBUTION_STATUSES = ['counting', 'released', 'breached'] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

/** A contributor: the stash that signed, what it commits and on what terms. */
export interface Contributor {
  id: string;
  address: Address;
  /** Unix seconds before which nothing can be withdrawn (0: not locked). */
  locking: number;
  /** Exact decimal string in [0, 1]. */
  donation: string;
  donationLock: boolean;
  /** Only `counting` contributions count towards the bonded value and a share of rewards. */
  status: ContributionStatus;
  /** Why it stopped counting (released: withdrawal or removal; breached: what the chain showed). */
  endedReason: string | null;
  endedAt: Date | null;
  joinedAt: Date;
  /** The destination before the collective's, restored on release; null when not read yet. */
  previousPayee: RewardDestination | null;
  /** Per staking token, amount > 0 (empty once released or breached). */
  bonds: Bond[];
}

export const BREACH_KINDS = ['proxy_removed', 'payee_changed', 'unbonded', 'left_ndest'] as const;
export type BreachKind = (typeof BREACH_KINDS)[number];

/** A contribution broken on chain: public in the collective's record, never deleted. */
export interface Breach {
  address: Address;
  kind: BreachKind;
  detail: string;
  /** The block where it was seen (null: seen without one, e.g. an opt-out through the API). */
  block: BlockRef | null;
  at: Date;
}

/** A `staking.Rewarded` paid to the collective's account, split once when booked. */
export interface RewardBooking {
  stash: Address;
  era: number | null;
  denom: string;
  /** amount = returned + donation + forPools. */
  amount: Planck;
  returned: Planck;
  donation: Planck;
  forPools: Planck;
  block: BlockRef;
  /** The event's key in its block (ChainEvent.key): unique with the block hash. */
  eventKey: string;
  bookedAt: Date;
}

export type CollectiveTransferKind = 'pool' | 'return' | 'donation' | 'endow';
export type CollectiveTransferStatus = 'owed' | 'planned' | 'sent' | 'paid' | 'failed';

/** A transfer out of the collective's account to be made (stored `owed`, paid by a batch). */
export interface NewCollectiveTransfer {
  kind: Exclude<CollectiveTransferKind, 'endow'>;
  address: Address;
  /** The spending pool it goes to (kind pool, or a final donation to a pool). */
  poolName: string | null;
  denom: string;
  amount: Planck;
  distributionId: string | null;
  proposalId: string | null;
}

export interface CollectiveTransferView extends NewCollectiveTransfer {
  id: string;
  status: CollectiveTransferStatus;
  error: string | null;
  createdAt: Date;
}

export interface Distribution {
  id: string;
  kind: 'claim' | 'final';
  /** Unix seconds. */
  at: number;
  amounts: Bond[];
}

/**
 * One token's books (DESIGN §8 Accounts): received = distributed + donationsHeld + awaiting +
 * returned, to the planck, by construction from the rows (see collectiveBooks).
 */
export interface CollectiveTokenSums {
  /** Σ rewards booked. */
  received: Planck;
  /** Σ of the rewards' uncommitted shares (sent back to the stashes, or on their way). */
  returned: Planck;
  /** Σ of the rewards' donation shares. */
  donations: Planck;
  /** Σ of the rewards' shares for the pools. */
  forPools: Planck;
  /** Σ transfers of kind pool, not failed (paid, or on their way). */
  toPools: Planck;
  /** Σ transfers of kind donation, not failed. */
  donationsSent: Planck;
  /** Σ transfers out of the account that are paid (any kind but endow): for the chain's balance. */
  paidOut: Planck;
}

/** A `staking.setPayee` the operator makes through a stash's Staking proxy. */
export interface PayeeChange {
  id: string;
  collective: string;
  stash: Address;
  kind: 'set' | 'restore';
  /** Null for kind set: the collective's account (resolved when planned). */
  payee: RewardDestination | null;
  status: 'pending' | 'planned' | 'sent' | 'done' | 'failed' | 'skipped';
  error: string | null;
}
