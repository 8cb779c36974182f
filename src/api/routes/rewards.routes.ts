import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { validationError } from '../../domain/errors.js';
import { presentReward, rewardsCsv } from '../presenters/rewards.presenter.js';
import { AddressParamsSchema } from '../schemas/delegations.schemas.js';
import { RewardsQuerySchema, RewardsResponseSchema } from '../schemas/rewards.schemas.js';
import type { ApiServices } from '../services.js';

export const rewardsRoutes: FastifyPluginAsyncTypebox<{ services: ApiServices }> = async (app, { services }) => {
  app.get(
    '/v1/delegations/:address/rewards',
    {
      schema: {
        tags: ['delegations'],
        summary: 'Every reward the stash received (whoever paid it out), as JSON or CSV',
        params: AddressParamsSchema,
        querystring: RewardsQuerySchema,
        response: { 200: RewardsResponseSchema },
        produces: ['application/json', 'text/csv'],
      },
    },
    async (req, reply) => {
      const stash = services.codec.normalize(req.params.address);
      if (!stash)
        throw validationError('ADDRESS_INVALID', 'not a valid address of this network', { field: '/address' });
      const { fromEra, toEra, format } = req.query;
      if (fromEra !== undefined && toEra !== undefined && fromEra > toEra)
        throw validationError('ERA_RANGE_INVALID', 'fromEra must not be after toEra', { field: '/fromEra' });
      const rewards = await services.rewards(stash, { fromEra: fromEra ?? null, toEra: toEra ?? null });
      const token = services.token();
      if (format === 'csv') {
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="ndest-rewards-${stash}.csv"`);
        // The CSV body bypasses the JSON response schema.
        return reply.serializer((body: unknown) => body as string).send(rewardsCsv(rewards, token) as never);
      }
      return {
        stash,
        token: token.symbol,
        total: rewards.reduce((sum, r) => sum + r.amount, 0n).toString(),
        rewards: rewards.map((r) => presentReward(r, token.decimals)),
      };
    },
  );
};
