import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { eligibleInactive } from '../../domain/candidates/evaluate-candidates.js';
import { notFound } from '../../domain/errors.js';
import { replayRound } from '../../domain/rounds/replay-round.js';
import { presentBatch, presentRound, presentSelection } from '../presenters/round.presenter.js';
import {
  ReplaySchema,
  RoundDetailSchema,
  RoundIdParamsSchema,
  RoundListQuerySchema,
  RoundSummarySchema,
} from '../schemas/rounds.schemas.js';
import type { ApiServices } from '../services.js';

export const roundsRoutes: FastifyPluginAsyncTypebox<{ services: ApiServices }> = async (app, { services }) => {
  const findRound = async (id: string) => {
    const round = await services.rounds.get(id);
    if (!round) throw notFound('ROUND_NOT_FOUND', `no round ${id}`);
    return round;
  };

  app.get(
    '/v1/rounds',
    {
      schema: {
        tags: ['rounds'],
        summary: 'The round log, newest first',
        querystring: RoundListQuerySchema,
        response: { 200: Type.Object({ rounds: Type.Array(RoundSummarySchema) }) },
      },
    },
    async (req) => {
      const rounds = await services.rounds.list({ limit: req.query.limit, beforeId: req.query.before ?? null });
      return { rounds: rounds.map(presentRound) };
    },
  );

  app.get(
    '/v1/rounds/:id',
    {
      schema: {
        tags: ['rounds'],
        summary: 'One round: snapshot, seed, selections, extrinsics and outcomes',
        params: RoundIdParamsSchema,
        response: { 200: RoundDetailSchema },
      },
    },
    async (req) => {
      const round = await findRound(req.params.id);
      const [selections, batches, snapshot] = await Promise.all([
        services.rounds.selections(round.id),
        services.rounds.batches(round.id),
        round.snapshotId ? services.snapshots.get(round.snapshotId) : Promise.resolve(null),
      ]);
      return {
        round: presentRound(round),
        snapshot: snapshot && {
          id: snapshot.id,
          source: snapshot.source,
          fetchedAt: snapshot.fetchedAt.toISOString(),
          at: snapshot.at,
          eligibleInactive: eligibleInactive(snapshot.evaluations),
        },
        selections: selections.map(presentSelection),
        batches: batches.map(presentBatch),
      };
    },
  );

  app.get(
    '/v1/rounds/:id/replay',
    {
      schema: {
        tags: ['rounds'],
        summary: 'Replays the draw of a round from its stored snapshot and seed',
        params: RoundIdParamsSchema,
        response: { 200: ReplaySchema },
      },
    },
    async (req) => {
      const round = await findRound(req.params.id);
      const snapshot = round.snapshotId ? await services.snapshots.get(round.snapshotId) : null;
      if (!snapshot || !round.seed) throw notFound('ROUND_NOT_PLANNED', `round ${round.id} has no draw to replay`);
      const result = replayRound({
        seed: round.seed,
        targetsPerDelegator: round.targetsPerDelegator,
        evaluations: snapshot.evaluations,
        selections: await services.rounds.selections(round.id),
      });
      return { roundId: round.id, ...result };
    },
  );
};
