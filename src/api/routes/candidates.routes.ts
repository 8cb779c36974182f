import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import type { CandidateSnapshot } from '../../domain/candidates/snapshot.repository.js';
import { notFound } from '../../domain/errors.js';
import { presentHold } from '../presenters/snapshot-hold.presenter.js';
import { invalidCursor, linkNextPage, pageOfList } from '../pagination.js';
import { READ_TABLES, readCache, sendJson, serialized, type CachedPage } from '../read-cache.js';
import { CandidatesQuerySchema, CandidatesResponseSchema } from '../schemas/candidates.schemas.js';
import type { ApiServices } from '../services.js';

/** Pages kept (each up to 1000 candidates, about 200 kB), and snapshots (the whole list each). */
const CACHED_PAGES = 128;
const CACHED_SNAPSHOTS = 4;

export const candidatesRoutes: FastifyPluginAsyncTypebox<{ services: ApiServices }> = async (app, { services }) => {
  // Every page of a snapshot reads the same row: read once, until a snapshot is taken or confirmed.
  const snapshots = readCache<CandidateSnapshot | null>(services.changes, READ_TABLES.candidates, CACHED_SNAPSHOTS);
  const pages = readCache<CachedPage>(services.changes, READ_TABLES.candidates, CACHED_PAGES);

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
      const page = await pages.get(`${wanted ?? 'latest'} ${limit} ${at?.[2] ?? ''}`, async () => {
        const s =
          wanted !== undefined
            ? await snapshots.get(`id ${wanted}`, () => services.snapshots.get(wanted))
            : await snapshots.get('latest', () => services.snapshots.latest());
        if (!s) {
          if (at) throw invalidCursor();
          if (snapshot !== undefined) throw notFound('SNAPSHOT_NOT_FOUND', `no candidate snapshot ${snapshot}`);
          throw notFound('SNAPSHOT_NOT_FOUND', 'no candidate snapshot has been taken yet');
        }
        const list = pageOfList(s.evaluations, limit, at?.[2]);
        const nextCursor = list.nextCursor === null ? null : `${s.id}-${list.nextCursor}`;
        const json = serialized(reply, {
          snapshotId: s.id,
          source: s.source,
          fetchedAt: s.fetchedAt.toISOString(),
          activeEra: s.activeEra,
          at: s.at,
          commissionCap: s.commissionCap,
          eligibleCount: s.eligibleCount,
          ...presentHold(s),
          candidateCount: s.evaluations.length,
          candidates: list.items,
          nextCursor,
          rejected: s.rejected,
        } satisfies Static<typeof CandidatesResponseSchema>);
        return { json, nextCursor };
      });
      linkNextPage(req, reply, page.nextCursor);
      return sendJson(reply, page.json);
    },
  );
};
