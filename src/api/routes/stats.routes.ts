import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StatsQuerySchema, StatsResponseSchema } from '../schemas/rewards.schemas.js';
import type { ApiServices } from '../services.js';

export const statsRoutes: FastifyPluginAsyncTypebox<{ services: ApiServices }> = async (app, { services }) => {
  app.get(
    '/v1/stats',
    {
      schema: {
        tags: ['stats'],
        summary:
          'What NDeST achieved: delegators, stake, validators nominated and validators that entered the active set, per era',
        querystring: StatsQuerySchema,
        response: { 200: StatsResponseSchema },
      },
    },
    async (req) => {
      const s = await services.stats(req.query.eras);
      const fees = new Map(s.fees.map((f) => [f.era, f.fee]));
      return {
        delegators: s.counts,
        latestEra: s.eras[0]?.era ?? null,
        stakeUnderManagement: (s.eras[0]?.stake ?? 0n).toString(),
        validatorsNominated: s.eras[0]?.nominated.length ?? 0,
        validatorsEnteredActiveSet: s.enteredTotal,
        payoutFees: s.fees.map((f) => ({ era: f.era, batches: f.batches, items: f.items, fee: f.fee.toString() })),
        eras: s.eras.map((e) => ({
          era: e.era,
          delegatorsActive: e.delegatorsActive,
          delegatorsPending: e.delegatorsPending,
          stake: e.stake.toString(),
          validatorsNominated: e.nominated.length,
          validatorsElected: e.elected.length,
          entered: e.entered,
          payoutFee: (fees.get(e.era) ?? 0n).toString(),
        })),
      };
    },
  );
};
