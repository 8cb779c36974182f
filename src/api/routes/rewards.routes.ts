import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { validationError } from '../../domain/errors.js';
import { linkNextPage } from '../pagination.js';
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
        summary:
          'Every reward the stash received (whoever paid it out): JSON a page at a time, or CSV with every reward of the era range',
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
      const { fromEra, toEra, format, limit, cursor } = req.query;
      if (fromEra !== undefined && toEra !== undefined && fromEra > toEra)
        throw validationError('ERA_RANGE_INVALID', 'fromEra must not be after toEra', { field: '/fromEra' });
      const range = { fromEra: fromEra ?? null, toEra: toEra ?? null };
      const token = services.token();
      if (format === 'csv') {
        // A download for the books: the whole era range in one file. One stash gets a few rewards
        // per era (one per elected nominee), so even years of them stay a small file.
        const rewards = await services.rewards.rewards(stash, range);
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="ndest-rewards-${stash}.csv"`);
        // The CSV body bypasses the JSON response schema.
        return reply.serializer((body: unknown) => body as string).send(rewardsCsv(rewards, token) as never);
      }
      const [page, total] = await Promise.all([
        services.rewards.rewardsPage(stash, range, { limit, after: cursor ?? null }),
        services.rewards.rewardTotal(stash, range),
      ]);
      linkNextPage(req, reply, page.next);
      return {
        stash,
        token: token.symbol,
        total: total.toString(),
        rewards: page.items.map((r) => presentReward(r, token.decimals)),
        nextCursor: page.next,
      };
    },
  );
};
