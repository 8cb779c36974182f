import type { Address } from '../shared/types.js';

/**
 * Governance (DESIGN §8, Quorum): the owners of a pool or a collective propose changes and vote
 * on them. A proposal goes `voting` → `passed` | `rejected` (when its vote period ends) and a
 * passed one → `enacted` | `failed` (once its enactment delay has run, re-validated then).
 */
export const PROPOSAL_SCOPES = ['pool', 'collective'] as const;
export type ProposalScope = (typeof PROPOSAL_SCOPES)[number];

export const PROPOSAL_STATUSES = ['voting', 'passed', 'rejected', 'enacted', 'failed'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const VOTE_CHOICES = ['yes', 'no', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
}

/** The voting rules of a subject, copied into each proposal when it is made. */
export interface GovernanceSettings {
  /** Exact decimal string in [0, 1], e.g. "0.51". */
  quorum: string;
  /** Seconds the vote stays open. */
  votePeriod: number;
  /** Seconds between the end of the vote and the enactment. */
  voteEnactment: number;
}

/**
 * Who owns a subject: listed accounts, members of listed roles and the creator (an owner without
 * being listed, DESIGN §8).
 */
export interface Owners {
  accounts: Address[];
  roles: string[];
  creator: Address;
}

export interface Proposal {
  id: string;
  scope: ProposalScope;
  /** The pool's or the collective's name. */
  subject: string;
  kind: string;
  /** The proposal as the subject normalised it (a plain JSON object holding `kind`). */
  body: Record<string, unknown>;
  proposer: Address;
  status: ProposalStatus;
  /** Why it was rejected or failed, or what its decision and enactment did; null while voting. */
  reason: string | null;
  quorum: string;
  votePeriod: number;
  voteEnactment: number;
  createdAt: Date;
  /** createdAt + votePeriod: votes are taken strictly before it. */
  votingEndsAt: Date;
  /** When the vote was closed (passed or rejected). */
  decidedAt: Date | null;
  /** votingEndsAt + voteEnactment, set when it passed. */
  enactAt: Date | null;
  /** When the enactment ran to its end: enacted, or refused (failed). */
  enactedAt: Date | null;
  /** The eligible voters counted when the vote closed (empty while voting). */
  eligible: Address[];
  /**
   * While voting: the votes so far, each voter once (who counts is decided at the close). Once
   * closed: the counted votes of the eligible voters, fixed then.
   */
  tally: Tally;
}

export interface Vote {
  voter: Address;
  vote: VoteChoice;
  votedAt: Date;
}
