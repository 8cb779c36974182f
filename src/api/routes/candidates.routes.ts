import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../domain/errors.js';
import { presentHold } from '../presenters/snapshot-hold.presenter.js';
import { invalidCursor, linkNextPage, pageOfList } from '../pagination.js';
import { CandidatesQuerySchema, CandidatesResponseSchema } from '../schemas/candidates.schemas.js';
import type { ApiServices } from '../services.js';

export const candidatesRoutes: FastifyPluginAsyncTypebox<{ services: ApiServices }> = async (app, { services }) => {
  app.get(
    '/v1/candidates',
    {
      schema: {
        tags: ['candidates'],
        summary:
          'The latest candidate snapshot (or the one `snapshot` names), a page of candidates at a time: each with its on-chain status and why it is (not) eligible',
        querystring: CandidatesQuerySchema,
        response: { 200: CandidatesResponseSchema },
      },
    },
    async (req, reply) => {
      const { limit, cursor, snapshot } = req.query;
      // `<snapshot id>-<position>`: the next pages stay on the snapshot of the first one.
      const at = cursor === undefined ? null : /^([0-9]{1,18})-([0-9]{1,9})$/.exec(cursor);
      if (at === null && cursor !== undefined) throw invalidCursor();
      // A cursor from another snapshot's pages would mix two snapshots in one listing.
      if (at && snapshot !== undefined && BigInt(at[1]!) !== BigInt(snapshot)) throw invalidCursor();
      const wanted = at?.[1] ?? snapshot;
      const s = wanted !== undefined ? await services.snapshots.get(wanted) : await services.snapshots.latest();
      if (!s) {
        if (at) throw invalidCursor();
        if (snapshot !== undefined) throw notFound('SNAPSHOT_NOT_FOUND', `no candidate snapshot ${snapshot}`);
        throw notFound('SNAPSHOT_NOT_FOUND', 'no candidate snapshot has been taken yet');
      }
      const page = pageOfList(s.evaluations, limit, at?.[2]);
      const nextCursor = page.nextCursor === null ? null : `${s.id}-${page.nextCursor}`;
      linkNextPage(req, reply, nextCursor);
      return {
        snapshotId: s.id,
        source: s.source,
        fetchedAt: s.fetchedAt.toISOString(),
        activeEra: s.activeEra,
        at: s.at,
        commissionCap: s.commissionCap,
        eligibleCount: s.eligibleCount,
        ...presentHold(s),
        candidateCount: s.evaluations.length,
        candidates: page.items,
        nextCursor,
        rejected: s.rejected,
      };
    },
  );
};
