import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound, validationError } from '../../domain/errors.js';
import type { GovernanceDeps } from '../../domain/governance/governance-deps.js';
import type { ProposalFilter } from '../../domain/governance/proposal.repository.js';
import { vote } from '../../domain/governance/vote.use-case.js';
import type { Authorize } from '../../domain/wallet/authorize.js';
import { linkNextPage } from '../pagination.js';
import { presentProposal, presentProposalDetail, presentVote } from '../presenters/proposal.presenter.js';
import { SignedEnvelope } from '../schemas/common.schemas.js';
import {
  ProposalDetailSchema,
  ProposalIdParamsSchema,
  ProposalListQuerySchema,
  ProposalListSchema,
  VoteFieldsSchema,
  VoteResponseSchema,
} from '../schemas/proposals.schemas.js';

export interface ProposalRoutesDeps {
  governance: GovernanceDeps;
  authorize: Authorize;
}

/**
 * Proposals of every scope, and votes on them (DESIGN §7, §8). Proposals are made at their
 * subject's own route (POST /v1/spending-pools/{name}/proposals, /v1/collectives/{name}/proposals).
 */
export const proposalsRoutes: FastifyPluginAsyncTypebox<{ deps: ProposalRoutesDeps }> = async (app, { deps }) => {
  const { governance } = deps;

  app.get(
    '',
    {
      schema: {
        tags: ['governance'],
        summary: "Proposals, newest first: all, a spending pool's (`pool`) or a collective's (`collective`)",
        querystring: ProposalListQuerySchema,
        response: { 200: ProposalListSchema },
      },
    },
    async (req, reply) => {
      const { pool, collective, limit, cursor } = req.query;
      if (pool !== undefined && collective !== undefined)
        throw validationError('FILTER_INVALID', 'filter by pool or by collective, not both', { field: '/collective' });
      const filter: ProposalFilter =
        pool !== undefined
          ? { scope: 'pool', subject: pool }
          : collective !== undefined
            ? { scope: 'collective', subject: collective }
            : {};
      const page = await governance.proposals.list(filter, { limit, after: cursor ?? null });
      linkNextPage(req, reply, page.next);
      return { proposals: page.items.map(presentProposal), nextCursor: page.next };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['governance'],
        summary: 'One proposal: status, reasons, times, tally and every voter’s last vote',
        params: ProposalIdParamsSchema,
        response: { 200: ProposalDetailSchema },
      },
    },
    async (req) => {
      const proposal = await governance.proposals.get(req.params.id);
      if (!proposal) throw notFound('PROPOSAL_NOT_FOUND', `no proposal ${req.params.id}`);
      return presentProposalDetail(proposal, await governance.proposals.votes(proposal.id));
    },
  );

  app.post(
    '/:id/votes',
    {
      schema: {
        tags: ['governance'],
        summary:
          'Vote (signed `proposal.vote`) as an owner of the proposal’s pool or collective, while it is voting; a later vote replaces an earlier one',
        params: ProposalIdParamsSchema,
        body: SignedEnvelope(VoteFieldsSchema),
        response: { 201: VoteResponseSchema },
      },
    },
    async (req, reply) => {
      const request = deps.authorize('proposal.vote', req.body);
      const result = await vote(governance, { id: req.params.id, request });
      reply.code(201);
      return {
        vote: presentVote(result.vote),
        ...presentProposalDetail(result.proposal, result.votes),
      };
    },
  );
};
