import type { Transaction } from '../governance/proposal.repository.js';
import type { BookCheck } from '../shared/book-check.js';
import type { Page, PageRequest } from '../shared/page.js';
import type { Address, Planck } from '../shared/types.js';
import type { NonceUse } from '../wallet/authorize.js';
import type {
  Bond,
  Breach,
  CollectiveSettings,
  CollectiveStatus,
  CollectiveTokenSums,
  CollectiveTransferView,
  Contributor,
  Distribution,
  NewCollectiveTransfer,
  RewardBooking,
  RewardDestination,
  StakingCollective,
} from './types.js';

/** What a contribution writes for its stash (a new contributor, or more bonds of one). */
export interface ContributionWrite {
  address: Address;
  /** The stash's whole commitment after this request (replaces the bonds stored). */
  bonds: Bond[];
  /** Set when the contribution (re)starts counting: the destination to restore on release. */
  previousPayee: RewardDestination | null;
  at: Date;
}

/**
 * A collective locked for one change: everything read and written through it commits together,
 * and no other change of the same collective runs meanwhile (requests, bookings, claims,
 * enactments, breaches).
 */
export interface CollectiveUnit {
  readonly collective: StakingCollective;
  /** Spends a signed request's nonce in this change (first, so that a replay writes nothing). */
  spendNonce(use: NonceUse): Promise<void>;
  /** Every contributor row, counting or not, oldest first. */
  contributors(): Promise<Contributor[]>;
  /**
   * Makes `address` a counting contributor with these bonds (inserting the row, or updating it and
   * setting status counting). 409 STASH_COMMITTED when the stash counts in another collective
   * (a stash has one reward destination); the check and the write hold a lock on the stash, so
   * two collectives never both take it.
   */
  saveContribution(write: ContributionWrite): Promise<void>;
  /** Sets a contributor's lock and donation terms. */
  setTerms(address: Address, terms: { locking: number; donation: string; donationLock: boolean }): Promise<void>;
  /** The contribution stops counting: its bonds are cleared, the reason and time kept. */
  endContribution(address: Address, status: 'released' | 'breached', reason: string, at: Date): Promise<void>;
  addBreach(breach: Breach): Promise<void>;
  /**
   * Queues a setPayee for the operator's next payee batch (status pending). `payee` null (kind
   * set): the collective's account, resolved when the batch is planned (it may not exist yet).
   */
  queuePayeeChange(change: {
    stash: Address;
    kind: 'set' | 'restore';
    payee: RewardDestination | null;
    at: Date;
  }): Promise<void>;
  /** Sums per registry denom (see CollectiveTokenSums). */
  sums(): Promise<Map<string, CollectiveTokenSums>>;
  /** Books a reward once (by block hash and event key); false when it was booked already. */
  bookReward(reward: RewardBooking): Promise<boolean>;
  /** Stores transfers out of the account as owed (paid by the next transfer batch). */
  addTransfers(transfers: NewCollectiveTransfer[], at: Date): Promise<void>;
  /** Records a claim and sets lastDistro to `distribution.at`; returns its id. */
  recordDistribution(distribution: Omit<Distribution, 'id'>): Promise<string>;
  updateSettings(settings: CollectiveSettings): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
  /** Stores the status computed now; `reachedMinimumAt` is set once (the first time, never cleared). */
  setStatus(status: CollectiveStatus, reachedMinimumAt: Date | null): Promise<void>;
  /** Status removed, with reason and time (the record stays readable, the name taken). */
  markRemoved(reason: string, at: Date): Promise<void>;
}

export interface CollectiveRepository {
  /**
   * Creates the collective, its creator's contribution (status counting, previousPayee as given)
   * and the creator's pending `set` payee change (to the collective's account) in one transaction
   * that first spends the nonce; 409 NAME_TAKEN when the name is in
   * use (names are never re-used, removed collectives keep theirs); 409 STASH_COMMITTED as in
   * saveContribution.
   */
  create(
    input: {
      name: string;
      creator: Address;
      settings: CollectiveSettings;
      bondingDeadline: number;
      contribution: ContributionWrite;
      at: Date;
    },
    nonce: NonceUse,
  ): Promise<StakingCollective>;
  byName(name: string): Promise<StakingCollective | null>;
  /** The collectives, by account, whose account is one of these (one read for a block's rewards). */
  namesByAccount(accounts: Address[]): Promise<Map<Address, string>>;
  /** Names, removed ones included, in name order. */
  names(page: PageRequest): Promise<Page<string>>;
  /** Collectives where the address contributes (or did), owns (listed or creator) or is whitelisted by account or role. */
  namesOf(address: Address, roles: string[]): Promise<string[]>;
  /** The collective where the stash's contribution counts now, or null. */
  countingCollectiveOf(stash: Address): Promise<string | null>;
  /** Of these stashes, those with a counting contribution: stash → collective name. */
  countingOf(stashes: Address[]): Promise<Map<Address, string>>;
  /** Names of the collectives not removed (for the worker's tick), in id order. */
  liveNames(): Promise<string[]>;
  /** Runs `work` with the collective locked; 404 COLLECTIVE_NOT_FOUND when there is no such collective. */
  withCollective<T>(name: string, work: (unit: CollectiveUnit) => Promise<T>): Promise<T>;
  /** The same, inside a governance enactment's transaction (the change commits with the status). */
  withCollectiveIn<T>(tx: Transaction, name: string, work: (unit: CollectiveUnit) => Promise<T>): Promise<T>;
  // reads for the details
  contributors(collectiveId: string): Promise<Contributor[]>;
  breaches(collectiveId: string): Promise<Breach[]>;
  sums(collectiveId: string): Promise<Map<string, CollectiveTokenSums>>;
  distributions(collectiveId: string, page: PageRequest): Promise<Page<Distribution>>;
  transfers(collectiveId: string, page: PageRequest): Promise<Page<CollectiveTransferView>>;
  rewards(collectiveId: string, page: PageRequest): Promise<Page<RewardBooking>>;
  /** Every collective's name and account (null until it exists on chain), removed ones included. */
  accounts(): Promise<{ id: string; name: string; account: Address | null; endowment: Planck }[]>;
  bookChecks(collectiveId: string): Promise<BookCheck[]>;
  saveBookChecks(collectiveId: string, checks: BookCheck[]): Promise<void>;
  allBookChecks(): Promise<{ collective: string; check: BookCheck }[]>;
}
