import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { presentRound } from '../presenters/round.presenter.js';
import { RoundSummarySchema } from '../schemas/rounds.schemas.js';
import { presentHold } from '../presenters/snapshot-hold.presenter.js';
import { SnapshotHoldSchema } from '../schemas/candidates.schemas.js';
import type { ApiServices } from '../services.js';

/**
 * Operations: rounds, held candidate snapshots, job status. Mounted under `/v1/admin` (its paths
 * are relative to it), where the admin scope's hook guards every route.
 */
export const adminRoutes: FastifyPluginAsyncTypebox<{ services: ApiServices }> = async (app, { services }) => {
  app.post(
    '/rounds',
    {
      // No body at all is a request that says nothing: the same as `{}`.
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        tags: ['admin'],
        summary:
          'Start a round now; a dry run builds and records everything but sends nothing. Without a body, or without dryRun: a dry run',
        body: Type.Object(
          { dryRun: Type.Optional(Type.Boolean({ description: 'false to send the nominations; default true' })) },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({ round: RoundSummarySchema }) },
      },
    },
    async (req, reply) => {
      // Sending is what must be asked for: a request that says nothing only rehearses.
      const round = await services.startRound({ dryRun: req.body.dryRun ?? true });
      reply.code(202);
      return { round: presentRound(round) };
    },
  );

  app.post(
    '/candidates/confirm',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Confirm a held candidate snapshot (its eligible set changed by more than CANDIDATES_MAX_CHANGE_PERCENT): rounds may use it, and new snapshots are compared with it',
        body: Type.Object(
          {
            snapshotId: Type.String({
              pattern: '^[0-9]{1,18}$',
              description: 'The held snapshot (GET /v1/candidates)',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            snapshotId: Type.String(),
            eligibleCount: Type.Integer(),
            usable: Type.Boolean(),
            hold: SnapshotHoldSchema,
          }),
        },
      },
    },
    async (req) => {
      const s = await services.confirmSnapshot(req.body.snapshotId);
      req.log.warn({ snapshotId: s.id, reason: s.hold?.reason }, 'held candidate snapshot confirmed by an admin');
      return { snapshotId: s.id, eligibleCount: s.eligibleCount, ...presentHold(s) };
    },
  );

  app.get(
    '/jobs',
    {
      schema: {
        tags: ['admin'],
        summary: 'Queues: job counts, and the recent jobs with their progress',
        response: {
          200: Type.Object({
            queues: Type.Array(
              Type.Object({
                name: Type.String(),
                counts: Type.Record(Type.String(), Type.Integer()),
                jobs: Type.Array(
                  Type.Object({
                    id: Type.Union([Type.String(), Type.Null()]),
                    name: Type.String(),
                    state: Type.String(),
                    progress: Type.Unknown(),
                    attemptsMade: Type.Integer(),
                    failedReason: Type.Union([Type.String(), Type.Null()]),
                    timestamp: Type.Integer(),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ queues: await services.jobStatus() }),
  );
};
