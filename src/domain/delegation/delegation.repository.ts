import type { Page, PageRequest } from '../shared/page.js';
import type { Address } from '../shared/types.js';
import type { ChangeSource, Delegation, DelegationEvent, DelegationStatus } from './types.js';

import type { NonceUse } from '../wallet/authorize.js';

export interface TransitionInput {
  stash: Address;
  /** The status the change was decided from (null: no delegation yet). The write fails with a conflict if it moved. */
  expectedFrom: DelegationStatus | null;
  to: DelegationStatus;
  reason: string;
  source: ChangeSource;
  at: Date;
  /** Recorded in the same transaction; a nonce already used fails the whole write with NONCE_REPLAYED. */
  nonce?: NonceUse;
  /**
   * The write happens only if the current status began at or before this instant (an expiry must
   * not hit a status that started afresh meanwhile); otherwise it fails with a conflict.
   */
  statusSinceAtMost?: Date;
}

export interface DelegationRepository {
  findByStash(stash: Address): Promise<Delegation | null>;
  listByStatus(statuses: DelegationStatus[]): Promise<Delegation[]>;
  /**
   * The delegations in these statuses, oldest first as `listByStatus` (by creation, then id), that
   * come after `after` (null: from the first), at most `limit`: a list of 100,000 read a page at a
   * time, each page starting after the last delegation of the one before (none is read twice).
   */
  pageByStatus(
    statuses: DelegationStatus[],
    after: Pick<Delegation, 'createdAt' | 'id'> | null,
    limit: number,
  ): Promise<Delegation[]>;
  /** The delegations of these stashes (those that have one), in one read. */
  findByStashes(stashes: Address[]): Promise<Delegation[]>;
  /** The current status of each of these stashes that has a delegation, in one read. */
  statusesOf(stashes: Address[]): Promise<Map<Address, DelegationStatus>>;
  history(delegationId: string): Promise<DelegationEvent[]>;
  /** Creates or updates the delegation and records the event, atomically. */
  transition(input: TransitionInput): Promise<Delegation>;
  /**
   * Targets of nominations sent on chain whose outcome is not recorded yet, by stash:
   * the watcher must not take them for manual nominations.
   */
  inFlightTargets(stashes: Address[]): Promise<Map<Address, Address[]>>;
}

/** A delegation's public history, a page at a time. */
export interface DelegationHistoryReader {
  /** Status changes, oldest first. */
  historyPage(delegationId: string, page: PageRequest): Promise<Page<DelegationEvent>>;
}
