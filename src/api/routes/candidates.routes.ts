import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../domain/errors.js';
import { presentHold } from '../presenters/snapshot-hold.presenter.js';
import { CandidatesResponseSchema } from '../schemas/candidates.schemas.js';
import type { ApiServices } from '../services.js';

export const candidatesRoutes: FastifyPluginAsyncTypebox<{ services: ApiServices }> = async (app, { services }) => {
  app.get(
    '/v1/candidates',
    {
      schema: {
        tags: ['candidates'],
        summary: 'The latest candidate snapshot: each candidate with its on-chain status and why it is (not) eligible',
        response: { 200: CandidatesResponseSchema },
      },
    },
    async () => {
      const s = await services.snapshots.latest();
      if (!s) throw notFound('SNAPSHOT_NOT_FOUND', 'no candidate snapshot has been taken yet');
      return {
        snapshotId: s.id,
        source: s.source,
        fetchedAt: s.fetchedAt.toISOString(),
        activeEra: s.activeEra,
        at: s.at,
        commissionCap: s.commissionCap,
        eligibleCount: s.eligibleCount,
        ...presentHold(s),
        candidates: s.evaluations,
        rejected: s.rejected,
      };
    },
  );
};
