import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound, validationError } from '../../domain/errors.js';
import { linkNextPage } from '../pagination.js';
import { presentDelegation, presentDelegationSelection, presentHistory } from '../presenters/delegation.presenter.js';
import { SignedEnvelope } from '../schemas/common.schemas.js';
import {
  AddressParamsSchema,
  DelegationSchema,
  DelegationViewQuerySchema,
  DelegationViewSchema,
  OptInFieldsSchema,
  OptInResponseSchema,
} from '../schemas/delegations.schemas.js';
import type { ApiServices } from '../services.js';

export const delegationsRoutes: FastifyPluginAsyncTypebox<{ services: ApiServices }> = async (app, { services }) => {
  app.post(
    '/v1/delegations',
    {
      schema: {
        tags: ['delegations'],
        summary: 'Opt in (signed `opt-in`); returns the call data the wallet signs next',
        body: SignedEnvelope(OptInFieldsSchema),
        response: { 201: OptInResponseSchema },
      },
    },
    async (req, reply) => {
      const result = await services.optIn(req.body);
      reply.code(201);
      return {
        delegation: presentDelegation(result.delegation),
        operator: result.operator,
        setup: result.setup,
        chain: {
          bonded: result.chain.bonded?.toString() ?? null,
          minNominatorBond: result.chain.minNominatorBond.toString(),
          proxy: result.chain.proxy,
        },
        notes: result.notes,
      };
    },
  );

  app.get(
    '/v1/delegations/:address',
    {
      schema: {
        tags: ['delegations'],
        summary: 'Status, history (a page at a time) and latest nominations of a stash',
        params: AddressParamsSchema,
        querystring: DelegationViewQuerySchema,
        response: { 200: DelegationViewSchema },
      },
    },
    async (req, reply) => {
      const stash = services.codec.normalize(req.params.address);
      if (!stash) throw validationError('ADDRESS_INVALID', 'not a valid address of this network', { field: 'address' });
      const delegation = await services.delegations.findByStash(stash);
      if (!delegation) throw notFound('DELEGATION_NOT_FOUND', `no delegation for ${stash}`);
      const [history, selections, warnings] = await Promise.all([
        services.delegations.historyPage(delegation.id, { limit: req.query.limit, after: req.query.cursor ?? null }),
        services.rounds.selectionsOfDelegation(delegation.id, 20),
        services.warnings(stash),
      ]);
      linkNextPage(req, reply, history.next);
      return {
        delegation: presentDelegation(delegation),
        warnings,
        history: history.items.map(presentHistory),
        nextCursor: history.next,
        selections: selections.map(presentDelegationSelection),
      };
    },
  );

  app.delete(
    '/v1/delegations/:address',
    {
      schema: {
        tags: ['delegations'],
        summary: 'Opt out (signed `opt-out`): the service stops nominating for this stash',
        params: AddressParamsSchema,
        body: SignedEnvelope(undefined),
        response: { 200: Type.Object({ delegation: DelegationSchema }) },
      },
    },
    async (req) => {
      const delegation = await services.optOut(req.params.address, req.body);
      return { delegation: presentDelegation(delegation) };
    },
  );
};
