import { checkSameResource } from '../shared/resource-name.js';
import { DomainError, notFound, validationError } from '../errors.js';
import type { AuthorizedRequest } from '../wallet/authorize.js';
import type { GovernanceDeps } from './governance-deps.js';
import { subjectNotFoundCode } from './governed-subject.js';
import { isOwner } from './owners.js';
import type { Proposal, ProposalScope } from './types.js';

export interface ProposeInput {
  scope: ProposalScope;
  /** The pool's or collective's name, from the URL. */
  subject: string;
  /** A signed `<scope>.propose` request (`pool.propose`, `collective.propose`). */
  request: AuthorizedRequest;
  /** The payload's `proposal`: `{kind, …}` as signed. */
  proposal: unknown;
}

/**
 * An owner proposes a change to a pool or a collective (DESIGN §8). Proposing is not voting: the
 * proposer votes like any other owner. Checks, in order, writing nothing on failure: the payload
 * names the URL's subject (400 RESOURCE_MISMATCH), the proposal is an object with a kind (400
 * PROPOSAL_INVALID), the subject exists (404 POOL_NOT_FOUND / COLLECTIVE_NOT_FOUND), the signer
 * owns it (403 NOT_OWNER), the subject accepts the body (its own errors). Then the proposal is
 * stored with the subject's settings of now, in the transaction that spends the nonce.
 */
export async function propose(deps: GovernanceDeps, input: ProposeInput): Promise<Proposal> {
  const { scope, subject, request } = input;
  if (request.action !== `${scope}.propose`)
    throw new Error(`propose: a ${request.action} request cannot propose on a ${scope}`);
  checkSameResource(subject, request.payload[scope], scope);
  const proposal = input.proposal;
  if (!isPlainObject(proposal) || typeof proposal.kind !== 'string')
    throw validationError('PROPOSAL_INVALID', 'proposal must be an object with a kind', { field: '/payload/proposal' });

  const subjects = deps.subjects.of(scope);
  const owners = await subjects.owners(subject);
  if (!owners) throw notFound(subjectNotFoundCode(scope), `no ${scope} named ${subject}`);
  if (!(await isOwner(deps.roles, owners, request.address)))
    throw new DomainError('forbidden', 'NOT_OWNER', `${request.address} is not an owner of the ${scope} ${subject}`);

  const body = await subjects.validate(subject, proposal);
  const settings = await subjects.settings(subject);
  // Whole seconds: the API shows unix seconds, and a vote is taken strictly before votingEndsAt as shown.
  const createdAt = new Date(Math.floor(deps.clock.now().getTime() / 1000) * 1000);
  return deps.proposals.create(
    {
      scope,
      subject,
      kind: typeof body.kind === 'string' ? body.kind : proposal.kind,
      body,
      proposer: request.address,
      quorum: settings.quorum,
      votePeriod: settings.votePeriod,
      voteEnactment: settings.voteEnactment,
      createdAt,
      votingEndsAt: new Date(createdAt.getTime() + settings.votePeriod * 1000),
    },
    request.nonceUse,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
