import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  contribute,
  createCollective,
  donate,
  withdraw,
} from '../../domain/collectives/collective-actions.use-case.js';
import type { CollectiveDeps } from '../../domain/collectives/collective-deps.js';
import { collectiveDetails } from '../../domain/collectives/collective-details.js';
import { notFound } from '../../domain/errors.js';
import type { GovernanceDeps } from '../../domain/governance/governance-deps.js';
import { propose } from '../../domain/governance/propose.use-case.js';
import type { PageRequest } from '../../domain/shared/page.js';
import { linkNextPage } from '../pagination.js';
import { presentCollectiveDetails, presentContribution } from '../presenters/collective.presenter.js';
import { presentProposal } from '../presenters/proposal.presenter.js';
import {
  CollectiveContributeFields,
  CollectiveCreateFields,
  CollectiveDetailQuery,
  CollectiveDetailSchema,
  CollectiveDonateFields,
  CollectiveNameParams,
  CollectiveNamesSchema,
  CollectiveProposeFields,
  CollectiveWithdrawFields,
  ContributionResponseSchema,
} from '../schemas/collectives.schemas.js';
import { SignedEnvelope } from '../schemas/common.schemas.js';
import { PageQuerySchema } from '../schemas/pagination.schemas.js';
import { ProposalSchema } from '../schemas/proposals.schemas.js';

export interface CollectiveRoutesDeps {
  collectives: CollectiveDeps;
  governance: GovernanceDeps;
}

/**
 * Staking collectives (DESIGN §2, §7, §8), under /v1/collectives: create, list, read, contribute,
 * lock and donate, withdraw, propose. Proposals are listed and voted on under /v1/proposals.
 */
export const collectivesRoutes: FastifyPluginAsyncTypebox<{ deps: CollectiveRoutesDeps }> = async (app, { deps }) => {
  const { collectives } = deps;
  const details = async (name: string, page?: PageRequest) => {
    const d = await collectiveDetails(collectives, name, page);
    if (!d) throw notFound('COLLECTIVE_NOT_FOUND', `no collective named ${name}`);
    return presentCollectiveDetails(d);
  };

  app.post(
    '',
    {
      schema: {
        tags: ['collectives'],
        summary:
          'Create a collective (signed `collective.create`): the signer commits at least 10% of minCollectiveBond from their own stash and becomes an owner',
        body: SignedEnvelope(CollectiveCreateFields),
        response: { 201: CollectiveDetailSchema },
      },
    },
    async (req, reply) => {
      const collective = await createCollective(collectives, req.body);
      reply.code(201);
      return details(collective.name);
    },
  );

  app.get(
    '',
    {
      schema: {
        tags: ['collectives'],
        summary: 'The names of every collective, removed ones included, in name order',
        querystring: PageQuerySchema,
        response: { 200: CollectiveNamesSchema },
      },
    },
    async (req, reply) => {
      const page = await collectives.collectives.names({ limit: req.query.limit, after: req.query.cursor ?? null });
      linkNextPage(req, reply, page.next);
      return { names: page.items, nextCursor: page.next };
    },
  );

  app.get(
    '/:name',
    {
      schema: {
        tags: ['collectives'],
        summary:
          'One collective in full: status (computed now), bonded value, whitelists, pools and shares, schedule, vote settings, lastDistro, account, contributors, breaches, books, donations and rewards per token, distributions (a page, newest first)',
        params: CollectiveNameParams,
        querystring: CollectiveDetailQuery,
        response: { 200: CollectiveDetailSchema },
      },
    },
    async (req, reply) => {
      const d = await details(req.params.name, { limit: req.query.limit, after: req.query.cursor ?? null });
      linkNextPage(req, reply, d.nextDistributionsCursor);
      return d;
    },
  );

  app.post(
    '/:name/contributions',
    {
      schema: {
        tags: ['collectives'],
        summary:
          'Commit stake of your own stash (signed `collective.contribute`, whitelisted accounts): an active NDeST delegation whose bond covers every commitment; its reward destination becomes the collective’s account',
        params: CollectiveNameParams,
        body: SignedEnvelope(CollectiveContributeFields),
        response: { 201: ContributionResponseSchema },
      },
    },
    async (req, reply) => {
      const contributor = await contribute(collectives, req.params.name, req.body);
      reply.code(201);
      return presentContribution(req.params.name, contributor);
    },
  );

  app.post(
    '/:name/donation',
    {
      schema: {
        tags: ['collectives'],
        summary:
          'Set your lock and donation (signed `collective.donate`): the unlock date at most a year ahead and never earlier, the donation 0 to 1, frozen by donationLock until the unlock date',
        params: CollectiveNameParams,
        body: SignedEnvelope(CollectiveDonateFields),
        response: { 200: ContributionResponseSchema },
      },
    },
    async (req) => presentContribution(req.params.name, await donate(collectives, req.params.name, req.body)),
  );

  app.post(
    '/:name/withdrawal',
    {
      schema: {
        tags: ['collectives'],
        summary:
          'Withdraw some or all of your commitment (signed `collective.withdraw`), refused while locked; one that would take the collective below the minimum is refused with 409 WITHDRAWAL_BELOW_MINIMUM and raises a removal proposal instead (details.proposalId)',
        params: CollectiveNameParams,
        body: SignedEnvelope(CollectiveWithdrawFields),
        response: { 200: ContributionResponseSchema },
      },
    },
    async (req) => presentContribution(req.params.name, await withdraw(collectives, req.params.name, req.body)),
  );

  app.post(
    '/:name/proposals',
    {
      schema: {
        tags: ['collectives'],
        summary:
          'Propose a change (signed `collective.propose`, owners only): update, send-donation or remove; voted on at /v1/proposals/{id}/votes',
        params: CollectiveNameParams,
        body: SignedEnvelope(CollectiveProposeFields),
        response: { 201: Type.Object({ proposal: ProposalSchema }, { additionalProperties: false }) },
      },
    },
    async (req, reply) => {
      const request = collectives.authorize('collective.propose', req.body);
      const proposal = await propose(deps.governance, {
        scope: 'collective',
        subject: req.params.name,
        request,
        proposal: request.payload.proposal,
      });
      reply.code(201);
      return { proposal: presentProposal(proposal) };
    },
  );
};
