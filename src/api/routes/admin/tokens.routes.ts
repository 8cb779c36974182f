import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { delistToken, putToken, type TokenDeps } from '../../../domain/registry/token.use-cases.js';
import { presentToken } from '../../presenters/registry.presenter.js';
import { DenomParamsSchema, TokenBodySchema, TokenResponseSchema } from '../../schemas/registry.schemas.js';

/** The token registry (admin). Paths relative to `/v1/admin`, guarded by its scope. */
export const tokensAdminRoutes: FastifyPluginAsyncTypebox<{ registry: TokenDeps }> = async (app, { registry }) => {
  app.put(
    '/tokens/:denom',
    {
      schema: {
        tags: ['admin'],
        summary:
          "List a token or replace its entry: the native token (at most one, with the chain's decimals) or a pallet-assets asset by id; only the native token may be a staking token",
        params: DenomParamsSchema,
        body: TokenBodySchema,
        response: { 200: TokenResponseSchema, 201: TokenResponseSchema },
      },
    },
    async (req, reply) => {
      const { token, created } = await putToken(registry, req.params.denom, req.body);
      req.log.info({ denom: token.denom, created }, 'token listed by an admin');
      reply.code(created ? 201 : 200);
      return { token: presentToken(token) };
    },
  );

  app.delete(
    '/tokens/:denom',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Delist a token: pools hold new transfers of it apart, collectives stop counting it; what was booked stays',
        params: DenomParamsSchema,
        response: { 200: TokenResponseSchema },
      },
    },
    async (req) => {
      const token = await delistToken(registry, req.params.denom);
      req.log.warn({ denom: token.denom }, 'token delisted by an admin');
      return { token: presentToken(token) };
    },
  );
};
