import type { RoundRepository } from '../rounds/round.repository.js';
import type { Selection } from '../rounds/types.js';
import type { Page, PageRequest } from '../shared/page.js';
import type { Address } from '../shared/types.js';
import type { DelegationHistoryReader, DelegationRepository } from './delegation.repository.js';
import type { Delegation, DelegationEvent } from './types.js';

/** A selection of the delegation in one round, with that round's id. */
export type DelegationSelection = Selection & { roundId: string };

/** What a stash's status page shows from the database: the delegation, a page of its history, its latest selections. */
export interface DelegationView {
  delegation: Delegation;
  history: Page<DelegationEvent>;
  /** Newest first. */
  selections: DelegationSelection[];
}

export interface DelegationViewReader {
  /**
   * The view of `stash` in one read (a wallet launch asks for many stashes, each once): null when
   * it has no delegation, whatever the cursor; otherwise an invalid cursor fails with INVALID_CURSOR.
   */
  view(stash: Address, history: PageRequest, selections: number): Promise<DelegationView | null>;
}

/** The three reads a view is made of, as the repositories offer them one at a time. */
export type DelegationViewParts = Pick<DelegationRepository, 'findByStash'> &
  DelegationHistoryReader &
  Pick<RoundRepository, 'selectionsOfDelegation'>;

/** The view from its parts, read in turn: what the one-read reader must return (its contract test compares both). */
export async function viewFromParts(
  parts: DelegationViewParts,
  stash: Address,
  history: PageRequest,
  selections: number,
): Promise<DelegationView | null> {
  const delegation = await parts.findByStash(stash);
  if (!delegation) return null;
  const [page, latest] = await Promise.all([
    parts.historyPage(delegation.id, history),
    parts.selectionsOfDelegation(delegation.id, selections),
  ]);
  return { delegation, history: page, selections: latest };
}
