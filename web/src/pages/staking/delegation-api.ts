/**
 * What the NDeST API answers about a delegation (src/api/schemas/delegations.schemas.ts,
 * rewards.schemas.ts, candidates.schemas.ts, rounds.schemas.ts), as far as these pages read it.
 */

export type DelegationStatus = 'pending' | 'active' | 'opted_out' | 'revoked' | 'manual';

export interface Delegation {
  stash: string;
  status: DelegationStatus;
  statusReason: string;
  statusSince: string;
  /** Validators the service last nominated for this stash. */
  targets: string[];
  drawnInEra: number | null;
  nominatedAt: string | null;
  createdAt: string;
}

export interface HistoryEntry {
  fromStatus: DelegationStatus | null;
  toStatus: DelegationStatus;
  reason: string;
  source: string;
  at: string;
}

export interface DelegationSelection {
  roundId: string;
  /** new, rotation, target_invalid or incomplete */
  reason: string;
  targets: string[];
  keptTargets: string[];
  status: string;
  error: string | null;
  extrinsicHash: string | null;
  block: { hash: string; number: number } | null;
}

/** `GET /v1/delegations/{address}` */
export interface DelegationView {
  delegation: Delegation;
  warnings: string[];
  /** A page of the status changes, oldest first. */
  history: HistoryEntry[];
  nextCursor: string | null;
  /** The latest round selections (at most 20), newest first. */
  selections: DelegationSelection[];
}

export interface SetupCall {
  callData: string;
  callHash: string;
  description: string[];
}

/** `POST /v1/delegations` (201) */
export interface OptInResponse {
  delegation: Delegation;
  operator: string;
  setup: SetupCall | null;
  chain: { bonded: string | null; minNominatorBond: string; proxy: boolean };
  notes: string[];
}

export interface Reward {
  era: number | null;
  validator: string | null;
  amount: string;
  amountUnits: string;
  destination: string | null;
  block: { hash: string; number: number };
  extrinsicHash: string | null;
  paidBy: string | null;
}

/** `GET /v1/delegations/{address}/rewards` */
export interface RewardsPage {
  stash: string;
  token: string;
  total: string;
  rewards: Reward[];
  nextCursor: string | null;
}

export interface Candidate {
  stash: string;
  name: string | null;
  eligible: boolean;
  elected: boolean;
}

/** `GET /v1/candidates` */
export interface CandidatesPage {
  candidates: Candidate[];
  nextCursor: string | null;
}

/** `GET /v1/rounds/{id}`, the part these pages read. */
export interface RoundDetail {
  round: {
    id: string;
    status: string;
    activeEra: number | null;
    seed: string | null;
    seedBlockNumber: number | null;
    completedAt: string | null;
  };
}

/** Statuses in which NDeST nominates (or is about to) for the stash. */
export const isDelegating = (status: DelegationStatus | undefined | null) =>
  status === 'pending' || status === 'active';

/** Each status in words, for people. */
export const STATUS_WORDS: Record<DelegationStatus, string> = {
  pending: 'Pending: waiting for the bond and the Staking proxy on chain',
  active: 'Active: NDeST nominates for this account',
  opted_out: 'Opted out: NDeST no longer nominates for this account',
  revoked: 'Revoked: the Staking proxy was removed, so NDeST stopped',
  manual: 'Manual: the account nominated by hand, so NDeST stepped aside',
};

/** Why a round drew validators for the stash (a selection's `reason`), in words. */
export function selectionReasonInWords(reason: string): string {
  switch (reason) {
    case 'new':
      return 'First draw for this account after it joined';
    case 'rotation':
      return 'Regular rotation: NDeST draws again after a set number of eras';
    case 'target_invalid':
      return 'A previous nominee stopped being eligible, so it was replaced';
    case 'incomplete':
      return 'The account had fewer nominees than it should, so more were drawn';
    default:
      return reason;
  }
}
