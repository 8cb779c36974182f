import type { Page, PageRequest } from '../shared/page.js';
import type { NonceUse } from '../wallet/authorize.js';
import type { Decision } from './tally.js';
import type { Proposal, ProposalScope, Vote } from './types.js';

declare const transactionBrand: unique symbol;

/**
 * An open transaction of the store that holds the proposals, opaque to the domain. A subject
 * whose state lives in the same store (pools, collectives: PostgreSQL) writes its enactment
 * through it; the adapter of that store converts it back (src/db/governance-transaction.ts).
 */
export interface Transaction {
  readonly [transactionBrand]: 'Transaction';
}

export type NewProposal = Omit<
  Proposal,
  'id' | 'status' | 'reason' | 'decidedAt' | 'enactAt' | 'enactedAt' | 'eligible' | 'tally'
>;

/** What closing a vote writes. */
export interface Closing extends Decision {
  decidedAt: Date;
  /** votingEndsAt + voteEnactment when passed; null when rejected. */
  enactAt: Date | null;
}

export interface ProposalFilter {
  scope?: ProposalScope;
  subject?: string;
}

export interface ProposalRepository {
  /** Stores a proposal in `voting`, spending the proposer's nonce in the same transaction. */
  create(input: NewProposal, nonceUse: NonceUse): Promise<Proposal>;
  /**
   * Records a vote, replacing the voter's earlier vote on this proposal, spending the nonce in the
   * same transaction (NONCE_REPLAYED first). Throws 409 VOTING_CLOSED, writing nothing, when the
   * proposal no longer takes votes at `vote.votedAt` (closed meanwhile, or its period ended): the
   * proposal is locked while the vote is written, so a vote never lands after its close read the votes.
   */
  addVote(id: string, vote: Vote, nonceUse: NonceUse): Promise<void>;
  /** Null for an unknown id (anything that is not one, too). */
  get(id: string): Promise<Proposal | null>;
  /** The votes of a proposal, one per voter, oldest first. */
  votes(id: string): Promise<Vote[]>;
  /** Newest first (by id). */
  list(filter: ProposalFilter, page: PageRequest): Promise<Page<Proposal>>;
  /** Proposals still `voting` whose period ended at or before `now`, oldest first. */
  dueForClose(now: Date, limit: number): Promise<Proposal[]>;
  /** Proposals `passed` whose enactAt is at or before `now`, oldest first. */
  dueForEnactment(now: Date, limit: number): Promise<Proposal[]>;
  /**
   * Compare-and-set `voting` → decided, in one transaction that locks the proposal, reads its
   * votes, asks `decide` and writes the result. Null (nothing written) when it was not `voting`.
   */
  close(id: string, decide: (votes: Vote[]) => Closing): Promise<Proposal | null>;
  /**
   * Compare-and-set `passed` → `enacted`, in one transaction that locks the proposal, runs
   * `apply` with that transaction (the subject's change) and records its result as the reason.
   * Null (nothing written, `apply` not run) when it was not `passed`. When `apply` throws,
   * everything rolls back and the error is thrown again.
   */
  enact(id: string, at: Date, apply: (tx: Transaction) => Promise<string>): Promise<Proposal | null>;
  /** Compare-and-set `passed` → `failed` with the reason. Null when it was not `passed`. */
  fail(id: string, at: Date, reason: string): Promise<Proposal | null>;
}
