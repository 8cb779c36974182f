import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { notFound, validationError } from '../../domain/errors.js';
import { prepareFailure, sendFailure, type PreparedFailure } from '../error-handler.js';
import { linkNextPage } from '../pagination.js';
import { READ_TABLES, readCache, sendJson, serialized } from '../read-cache.js';
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

/** Views kept (a view is a few kB): a wallet launch reads the same few stashes again and again. */
const CACHED_VIEWS = 10_000;

/**
 * The database's part of a stash's view, as the JSON sent: the text before and after the
 * warnings (which are read per request). `missing`: no delegation for that stash, the 404 as sent
 * (kept too, since wallets ask for stashes that never opted in as often as for those that did).
 */
type CachedView = { head: string; tail: string; nextCursor: string | null } | { missing: PreparedFailure };

/** Selections shown, newest first: the rounds of the last few weeks. */
const LATEST_SELECTIONS = 20;

/** The serializer writes `warnings` (second in the schema) like this when the list is empty. */
const EMPTY_WARNINGS = '"warnings":[]';

export const delegationsRoutes: FastifyPluginAsyncTypebox<{ services: ApiServices }> = async (app, { services }) => {
  const views = readCache<CachedView>(services.changes, READ_TABLES.delegationView, CACHED_VIEWS);

  const readView = async (
    reply: FastifyReply,
    stash: string,
    limit: number,
    after: string | null,
  ): Promise<CachedView> => {
    const read = await services.delegations.view(stash, { limit, after }, LATEST_SELECTIONS);
    if (!read) return { missing: prepareFailure(notFound('DELEGATION_NOT_FOUND', `no delegation for ${stash}`)) };
    const { delegation, history, selections } = read;
    const json = serialized(reply, {
      delegation: presentDelegation(delegation),
      warnings: [],
      history: history.items.map(presentHistory),
      nextCursor: history.next,
      selections: selections.map(presentDelegationSelection),
    } satisfies Static<typeof DelegationViewSchema>);
    // The first `"warnings":` outside a string: `"` inside strings is escaped, and the delegation
    // (before it) has no such property.
    const at = json.indexOf(EMPTY_WARNINGS) + EMPTY_WARNINGS.length - 2;
    return { head: json.slice(0, at), tail: json.slice(at + 2), nextCursor: history.next };
  };

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
      const { limit, cursor } = req.query;
      const key = `${stash} ${limit} ${cursor ?? ''}`;
      // A hit needs no promise; a kept "not found" is a hit too.
      const kept = views.peek(key);
      const view =
        kept !== undefined ? kept : await views.get(key, () => readView(reply, stash, limit, cursor ?? null));
      if ('missing' in view) return sendFailure(req, reply, view.missing);
      // They depend on the chain's head, not on these tables: asked on every request.
      const warnings = await services.warnings(stash);
      linkNextPage(req, reply, view.nextCursor);
      return sendJson(reply, `${view.head}${JSON.stringify(warnings)}${view.tail}`);
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
