import { checkSameResource } from '../shared/resource-name.js';
import { conflict, DomainError, notFound, validationError } from '../errors.js';
import type { AuthorizedRequest } from '../wallet/authorize.js';
import type { GovernanceDeps } from './governance-deps.js';
import { isOwner } from './owners.js';
import { VOTE_CHOICES, type Proposal, type Vote, type VoteChoice } from './types.js';

export interface VoteInput {
  /** The proposal's id, from the URL. */
  id: string;
  /** A signed `proposal.vote` request: payload `proposal` (the id) and `vote`. */
  request: AuthorizedRequest;
}

export interface VoteResult {
  vote: Vote;
  proposal: Proposal;
  votes: Vote[];
}

/**
 * An owner votes on a proposal (DESIGN §8). A second vote by the same owner replaces the first
 * (the last one counts; an owner may change their mind until the vote closes). Checks, in order,
 * writing nothing on failure: the payload names the URL's proposal (400 RESOURCE_MISMATCH), the
 * vote is yes, no or abstain (400 VOTE_INVALID), the proposal exists (404 PROPOSAL_NOT_FOUND), it
 * is still voting (409 VOTING_CLOSED), the signer owns its subject now (403 NOT_OWNER). Whether a
 * vote counts is decided again at the close, against the owners then.
 */
export async function vote(deps: GovernanceDeps, input: VoteInput): Promise<VoteResult> {
  const { id, request } = input;
  if (request.action !== 'proposal.vote') throw new Error(`vote: a ${request.action} request cannot vote`);
  checkSameResource(id, request.payload.proposal, 'proposal');
  const choice = request.payload.vote;
  if (!isVoteChoice(choice))
    throw validationError('VOTE_INVALID', 'vote must be yes, no or abstain', { field: '/payload/vote' });

  const proposal = await deps.proposals.get(id);
  if (!proposal) throw notFound('PROPOSAL_NOT_FOUND', `no proposal ${id}`);
  const now = deps.clock.now();
  if (proposal.status !== 'voting' || now.getTime() >= proposal.votingEndsAt.getTime()) throw votingClosed(id);

  const owners = await deps.subjects.of(proposal.scope).owners(proposal.subject);
  if (!owners || !(await isOwner(deps.roles, owners, request.address)))
    throw new DomainError(
      'forbidden',
      'NOT_OWNER',
      `${request.address} is not an owner of the ${proposal.scope} ${proposal.subject}`,
    );

  const cast: Vote = { voter: request.address, vote: choice, votedAt: now };
  await deps.proposals.addVote(id, cast, request.nonceUse);
  const [after, votes] = await Promise.all([deps.proposals.get(id), deps.proposals.votes(id)]);
  return { vote: cast, proposal: after ?? proposal, votes };
}

export const votingClosed = (id: string) =>
  conflict('VOTING_CLOSED', `the vote on proposal ${id} is closed`, { proposal: id });

const isVoteChoice = (value: unknown): value is VoteChoice =>
  typeof value === 'string' && (VOTE_CHOICES as readonly string[]).includes(value);
