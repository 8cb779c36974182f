import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import { eligibleInactive } from '../../domain/candidates/evaluate-candidates.js';
import { notFound } from '../../domain/errors.js';
import { DEFAULT_PACING, runInSlices } from '../../domain/rounds/pacing.js';
import { replayRoundInSlices, type ReplayedSelection } from '../../domain/rounds/replay-round.js';
import { deriveRoundSeed } from '../../domain/rounds/round-seed.js';
import type { Round, RoundStatus, Selection } from '../../domain/rounds/types.js';
import { invalidCursor, linkNextPage, pageOfList } from '../pagination.js';
import { presentBatch, presentRound, presentSelection } from '../presenters/round.presenter.js';
import { READ_TABLES, readCache, sendJson, serialized, type CachedPage } from '../read-cache.js';
import { WeightedLruCache } from '../replay-cache.js';
import {
  ReplaySchema,
  RoundDetailSchema,
  RoundIdParamsSchema,
  RoundListQuerySchema,
  RoundListSchema,
  RoundSelectionsQuerySchema,
} from '../schemas/rounds.schemas.js';
import type { ApiServices } from '../services.js';

export interface RoundsRoutesOptions {
  services: ApiServices;
  /** Replays of finished rounds kept in memory: at most `rounds` of them and `selections` in all. */
  replayCache?: { rounds: number; selections: number };
}

/** Pages of the round log, and of rounds' details, kept as sent (a page of 1000 is a few hundred kB). */
const CACHED_LIST_PAGES = 128;
const CACHED_ROUND_PAGES = 256;

/** A round in one of these states never changes again, nor does its replay. */
const FINISHED: ReadonlySet<RoundStatus> = new Set(['completed', 'skipped']);

interface SeedCheck {
  blockNumber: number | null;
  recordedBlockHash: string | null;
  chainBlockHash: string | null;
  derivedSeed: string | null;
  matches: boolean;
  detail: string;
}

interface Replay {
  roundId: string;
  matches: boolean;
  seed: SeedCheck;
  selections: ReplayedSelection[];
}

export const roundsRoutes: FastifyPluginAsyncTypebox<RoundsRoutesOptions> = async (app, { services, replayCache }) => {
  const listPages = readCache<CachedPage>(services.changes, READ_TABLES.roundList, CACHED_LIST_PAGES);
  const roundPages = readCache<CachedPage>(services.changes, READ_TABLES.round, CACHED_ROUND_PAGES);
  const findRound = async (id: string) => {
    const round = await services.rounds.get(id);
    if (!round) throw notFound('ROUND_NOT_FOUND', `no round ${id}`);
    return round;
  };

  // A replay redraws every selection of the round (100,000 draws for 100,000 delegators) from the
  // whole snapshot: done once per finished round, not once per page or per visitor.
  const replays = new WeightedLruCache<Replay>(replayCache?.rounds ?? 32, replayCache?.selections ?? 100_000);
  const computing = new Map<string, Promise<Replay>>();
  const replayOf = (id: string): Promise<Replay> => {
    const cached = replays.get(id);
    if (cached) return Promise.resolve(cached);
    let pending = computing.get(id);
    if (!pending) {
      pending = computeReplay(id).finally(() => computing.delete(id));
      computing.set(id, pending);
    }
    return pending;
  };
  const allSelections = async (roundId: string): Promise<Selection[]> => {
    const all: Selection[] = [];
    for (let after: string | null = null; ;) {
      const page = await services.rounds.selectionsPage(roundId, { limit: DEFAULT_PACING.pageSize, after });
      for (const s of page.items) all.push(s);
      if (page.next === null) return all;
      after = page.next;
      await DEFAULT_PACING.pause();
    }
  };
  const computeReplay = async (id: string): Promise<Replay> => {
    const round = await findRound(id);
    const snapshot = round.snapshotId ? await services.snapshots.get(round.snapshotId) : null;
    if (!snapshot || !round.seed) throw notFound('ROUND_NOT_PLANNED', `round ${round.id} has no draw to replay`);
    const seed = await checkSeed(round);
    const replay = {
      roundId: round.id,
      seed,
      // A page of selections, then a slice of draws, at a time: 100,000 of either at once would
      // hold the event loop for seconds while other visitors wait.
      ...(await runInSlices(
        replayRoundInSlices({
          seed: round.seed,
          targetsPerDelegator: round.targetsPerDelegator,
          evaluations: snapshot.evaluations,
          selections: await allSelections(round.id),
        }),
        DEFAULT_PACING,
      )),
    };
    // A finalized block never changes: only a check the chain could not answer is done again.
    if (FINISHED.has(round.status) && seed.chainBlockHash !== null)
      replays.set(id, replay, replay.selections.length + 1);
    return replay;
  };

  /** The seed came from a block nobody could know in advance: its hash, read from the chain now. */
  const checkSeed = async (round: Round): Promise<SeedCheck> => {
    const recorded = { blockNumber: round.seedBlockNumber, recordedBlockHash: round.seedBlockHash };
    if (round.seedBlockNumber == null || round.seedBlockHash == null)
      return {
        ...recorded,
        chainBlockHash: null,
        derivedSeed: null,
        matches: false,
        detail: 'this round recorded no seed block',
      };
    const derivedSeed = deriveRoundSeed(round.id, round.seedBlockHash);
    const chainBlockHash = await services.finalizedBlockHash(round.seedBlockNumber).catch(() => null);
    const matches = chainBlockHash === round.seedBlockHash && derivedSeed === round.seed;
    const detail =
      chainBlockHash === null
        ? 'the chain could not be read just now (or the block is not finalized): try again'
        : chainBlockHash !== round.seedBlockHash
          ? `the chain's block ${round.seedBlockNumber} has another hash than the one recorded`
          : derivedSeed !== round.seed
            ? 'the recorded seed does not derive from the seed block'
            : `the seed derives from block ${round.seedBlockNumber} of the chain, committed to at block ${round.commitBlockNumber}`;
    return { ...recorded, chainBlockHash, derivedSeed, matches, detail };
  };

  app.get(
    '/v1/rounds',
    {
      schema: {
        tags: ['rounds'],
        summary: 'The round log, newest first',
        querystring: RoundListQuerySchema,
        response: { 200: RoundListSchema },
      },
    },
    async (req, reply) => {
      const { limit, cursor, before } = req.query;
      if (cursor !== undefined && !/^[0-9]{1,18}$/.test(cursor)) throw invalidCursor();
      const beforeId = cursor ?? before ?? null;
      const page = await listPages.get(`${limit} ${beforeId ?? ''}`, async () => {
        // One more than asked: whether it exists says whether there is a next page.
        const rounds = await services.rounds.list({ limit: limit + 1, beforeId });
        const listed = rounds.slice(0, limit);
        const nextCursor = rounds.length > limit ? (listed[listed.length - 1]?.id ?? null) : null;
        const counts = await services.rounds.selectionCounts(listed.map((r) => r.id));
        const json = serialized(reply, {
          rounds: listed.map((r) => ({ ...presentRound(r), selectionCount: counts.get(r.id) ?? 0 })),
          nextCursor,
        } satisfies Static<typeof RoundListSchema>);
        return { json, nextCursor };
      });
      linkNextPage(req, reply, page.nextCursor);
      return sendJson(reply, page.json);
    },
  );

  app.get(
    '/v1/rounds/:id',
    {
      schema: {
        tags: ['rounds'],
        summary: 'One round: snapshot, seed, a page of its selections, extrinsics and outcomes',
        params: RoundIdParamsSchema,
        querystring: RoundSelectionsQuerySchema,
        response: { 200: RoundDetailSchema },
      },
    },
    async (req, reply) => {
      const { limit, cursor } = req.query;
      const page = await roundPages.get(`${req.params.id} ${limit} ${cursor ?? ''}`, async () => {
        const round = await findRound(req.params.id);
        const [selections, batches, snapshot] = await Promise.all([
          services.rounds.selectionsPage(round.id, { limit, after: cursor ?? null }),
          services.rounds.batches(round.id),
          round.snapshotId ? services.snapshots.get(round.snapshotId) : Promise.resolve(null),
        ]);
        const json = serialized(reply, {
          round: presentRound(round),
          snapshot: snapshot && {
            id: snapshot.id,
            source: snapshot.source,
            fetchedAt: snapshot.fetchedAt.toISOString(),
            at: snapshot.at,
            eligibleInactive: eligibleInactive(snapshot.evaluations),
          },
          selections: selections.items.map(presentSelection),
          nextCursor: selections.next,
          batches: batches.map(presentBatch),
        } satisfies Static<typeof RoundDetailSchema>);
        return { json, nextCursor: selections.next };
      });
      linkNextPage(req, reply, page.nextCursor);
      return sendJson(reply, page.json);
    },
  );

  app.get(
    '/v1/rounds/:id/replay',
    {
      schema: {
        tags: ['rounds'],
        summary: 'Replays the draw of a round from its stored snapshot and seed (a page of its selections)',
        params: RoundIdParamsSchema,
        querystring: RoundSelectionsQuerySchema,
        response: { 200: ReplaySchema },
      },
    },
    async (req, reply) => {
      // One key per round however its id is spelled (`7`, `007`).
      const replay = await replayOf(BigInt(req.params.id).toString());
      const page = pageOfList(replay.selections, req.query.limit, req.query.cursor);
      linkNextPage(req, reply, page.nextCursor);
      return {
        roundId: replay.roundId,
        matches: replay.matches,
        seed: replay.seed,
        nextCursor: page.nextCursor,
        selections: page.items,
      };
    },
  );
};
