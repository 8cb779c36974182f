import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '../../domain/errors.js';
import type { GovernanceDeps } from '../../domain/governance/governance-deps.js';
import { propose } from '../../domain/governance/propose.use-case.js';
import { claimFromPool, createPool, registerInPool } from '../../domain/pools/pool-actions.use-case.js';
import type { PoolDeps } from '../../domain/pools/pool-deps.js';
import { poolDetails } from '../../domain/pools/pool-details.js';
import { linkNextPage } from '../pagination.js';
import { presentProposal } from '../presenters/proposal.presenter.js';
import { SignedEnvelope } from '../schemas/common.schemas.js';
import { PageQuerySchema } from '../schemas/pagination.schemas.js';
import {
  PoolCreateFields,
  PoolDetailQuery,
  PoolDetailSchema,
  PoolNameParams,
  PoolNamesSchema,
  PoolProposeFields,
  PoolRefFields,
} from '../schemas/pools.schemas.js';
import { ProposalSchema } from '../schemas/proposals.schemas.js';

export interface SpendingPoolRoutesDeps {
  pools: PoolDeps;
  governance: GovernanceDeps;
}

const LineSchema = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true });

/** Spending pools (DESIGN §3, §7, §8), under /v1/spending-pools: create, read, register, claim, propose. */
export const spendingPoolsRoutes: FastifyPluginAsyncTypebox<{ deps: SpendingPoolRoutesDeps }> = async (
  app,
  { deps },
) => {
  const { pools } = deps;
  const details = async (name: string, page = { limit: 100, after: null as string | null }) => {
    const pool = await pools.pools.byName(name);
    if (!pool) throw notFound('POOL_NOT_FOUND', `no spending pool named ${name}`);
    return poolDetails(pools.pools, pool, pools.clock.now(), page);
  };

  app.post(
    '',
    {
      schema: {
        tags: ['spending-pools'],
        summary: 'Create a spending pool (signed `pool.create`); the signer becomes an owner',
        body: SignedEnvelope(PoolCreateFields),
        response: { 201: PoolDetailSchema },
      },
    },
    async (req, reply) => {
      const pool = await createPool(pools, req.body);
      reply.code(201);
      return details(pool.name);
    },
  );

  app.get(
    '',
    {
      schema: {
        tags: ['spending-pools'],
        summary: 'The names of every pool, oldest first',
        querystring: PageQuerySchema,
        response: { 200: PoolNamesSchema },
      },
    },
    async (req, reply) => {
      const page = await pools.pools.names({ limit: req.query.limit, after: req.query.cursor ?? null });
      linkNextPage(req, reply, page.next);
      return { names: page.items, nextCursor: page.next };
    },
  );

  app.get(
    '/:name',
    {
      schema: {
        tags: ['spending-pools'],
        summary:
          'One pool in full: account, balances and rates per token, current period, beneficiaries, registrations, claims (a page, newest first) and owed amounts',
        params: PoolNameParams,
        querystring: PoolDetailQuery,
        response: { 200: PoolDetailSchema },
      },
    },
    async (req, reply) => {
      const d = await details(req.params.name, { limit: req.query.limit, after: req.query.cursor ?? null });
      linkNextPage(req, reply, d.nextClaimsCursor);
      return d;
    },
  );

  app.post(
    '/:name/registrations',
    {
      schema: {
        tags: ['spending-pools'],
        summary: 'Register as a beneficiary (signed `pool.register`): shares in the periods that begin afterwards',
        params: PoolNameParams,
        body: SignedEnvelope(PoolRefFields),
        response: { 201: Type.Object({ pool: Type.String(), address: Type.String(), registeredAt: Type.Integer() }) },
      },
    },
    async (req, reply) => {
      const r = await registerInPool(pools, req.params.name, req.body);
      reply.code(201);
      return { pool: r.pool, address: r.address, registeredAt: Math.floor(r.registeredAt.getTime() / 1000) };
    },
  );

  app.post(
    '/:name/claims',
    {
      schema: {
        tags: ['spending-pools'],
        summary:
          'Claim what accrued since the last claim (signed `pool.claim`); paid on chain by the next payment batch',
        params: PoolNameParams,
        body: SignedEnvelope(PoolRefFields),
        response: { 201: Type.Object({ pool: Type.String(), lines: Type.Array(LineSchema) }) },
      },
    },
    async (req, reply) => {
      const lines = await claimFromPool(pools, req.params.name, req.body);
      reply.code(201);
      return {
        pool: req.params.name,
        lines: lines.map((l) => ({
          address: l.address,
          denom: l.denom,
          amount: l.amount.toString(),
          accruedFrom: l.accruedFrom ? Math.floor(l.accruedFrom.getTime() / 1000) : null,
          accruedTo: l.accruedTo ? Math.floor(l.accruedTo.getTime() / 1000) : null,
        })),
      };
    },
  );

  app.post(
    '/:name/proposals',
    {
      schema: {
        tags: ['spending-pools'],
        summary: 'Propose a change (signed `pool.propose`, owners only): update, distribute or pay',
        params: PoolNameParams,
        body: SignedEnvelope(PoolProposeFields),
        response: { 201: Type.Object({ proposal: ProposalSchema }) },
      },
    },
    async (req, reply) => {
      const request = pools.authorize('pool.propose', req.body);
      const proposal = await propose(deps.governance, {
        scope: 'pool',
        subject: req.params.name,
        request,
        proposal: request.payload.proposal,
      });
      reply.code(201);
      return { proposal: presentProposal(proposal) };
    },
  );
};
