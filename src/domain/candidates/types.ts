import type { Address, Perbill } from '../shared/types.js';

/** A programme entry after tolerant parsing. */
export interface CandidateEntry {
  stash: Address;
  name: string | null;
  /** The programme's own verdict (1KV `valid`), null where the source has none (a plain list). */
  programmeValid: boolean | null;
  /** Why the programme says invalid (1KV `validity[].details` of failed checks). */
  programmeDetails: string[];
}

/** An entry of the source that could not be used at all. */
export interface RejectedEntry {
  /** What identified it in the source (the raw stash text, or `#<index>`). */
  entry: string;
  reason: 'INVALID_ADDRESS' | 'MISSING_STASH' | 'DUPLICATE';
  detail: string;
}

export interface ParsedCandidates {
  entries: CandidateEntry[];
  rejected: RejectedEntry[];
}

/** Why a listed candidate is not in the eligible inactive set. */
export type IneligibleReason =
  | 'PROGRAMME_INVALID' // the programme's own checks say invalid
  | 'NOT_VALIDATING' // not in staking.validators
  | 'BLOCKED' // prefs.blocked: nominations refused
  | 'COMMISSION_TOO_HIGH' // above the configured cap
  | 'ACTIVE'; // already elected in the active era

export interface CandidateEvaluation {
  stash: Address;
  name: string | null;
  eligible: boolean;
  /** Null when eligible. */
  reason: IneligibleReason | null;
  detail: string | null;
  validating: boolean;
  commission: Perbill | null;
  blocked: boolean | null;
  elected: boolean;
  programmeValid: boolean | null;
}
