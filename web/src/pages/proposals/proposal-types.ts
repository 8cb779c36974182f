/** Proposals and votes as the API shows them (GET /v1/proposals, GET /v1/proposals/{id}). */

export type ProposalStatus = 'voting' | 'passed' | 'rejected' | 'enacted' | 'failed';
export type VoteChoice = 'yes' | 'no' | 'abstain';

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
}

export interface Proposal {
  id: string;
  scope: 'pool' | 'collective';
  /** The pool's or the collective's name. */
  subject: string;
  kind: string;
  body: Record<string, unknown>;
  proposer: string;
  status: ProposalStatus;
  reason: string | null;
  quorum: string;
  votePeriod: number;
  voteEnactment: number;
  createdAt: number;
  votingEndsAt: number;
  decidedAt: number | null;
  enactAt: number | null;
  enactedAt: number | null;
  /** The voters counted at the close; empty while voting. */
  eligible: string[];
  tally: Tally;
}

export interface Vote {
  voter: string;
  vote: VoteChoice;
  votedAt: number;
}

export interface ProposalDetail {
  proposal: Proposal;
  votes: Vote[];
}

export interface ProposalList {
  proposals: Proposal[];
  nextCursor: string | null;
}
