import type { SignedExtrinsic } from '../domain/ports/extrinsics.js';
import type {
  BatchInclusion,
  BatchItem,
  NewRound,
  PlanlessOutcome,
  RoundLogReader,
  RoundPlan,
  NominationResultItem,
  RoundRepository,
  SeedCommitment,
  SignGuard,
} from '../domain/rounds/round.repository.js';
import { unavailable } from '../domain/errors.js';
import { assertLatestFence } from './signer-fence.repository.js';
import type { Batch, Round, Selection } from '../domain/rounds/types.js';
import type { ItemResult } from '../domain/shared/batch-pipeline.js';
import type { Page, PageRequest } from '../domain/shared/page.js';
import type {
  PrismaClient,
  Round as RoundRow,
  RoundBatch as BatchRow,
  RoundSelection as SelectionRow,
} from './generated/client.js';
import { idCursor, pageOf } from './page-cursor.js';
import { blockRef, isUniqueViolation, includedColumns, signedColumns, signedFromColumns, toPlanck } from './mappers.js';

const toRound = (r: RoundRow): Round => ({
  id: r.id.toString(),
  trigger: r.trigger as Round['trigger'],
  dryRun: r.dryRun,
  status: r.status,
  activeEra: r.activeEra,
  seed: r.seed,
  commitBlockNumber: r.commitBlockNumber,
  seedBlockNumber: r.seedBlockNumber,
  seedBlockHash: r.seedBlockHash,
  snapshotId: r.snapshotId?.toString() ?? null,
  targetsPerDelegator: r.targetsPerDelegator,
  rotationEras: r.rotationEras,
  note: r.note,
  createdAt: r.createdAt,
  plannedAt: r.plannedAt,
  completedAt: r.completedAt,
});

const toSelection = (s: SelectionRow): Selection => ({
  delegationId: s.delegationId,
  stash: s.stash,
  reason: s.reason as Selection['reason'],
  detail: s.detail,
  keptTargets: s.keptTargets,
  drawnTargets: s.drawnTargets,
  targets: s.targets,
  batchIndex: s.batchIndex,
  status: s.status,
  error: s.error,
  extrinsicHash: s.extrinsicHash,
  block: blockRef(s.blockHash, s.blockNumber),
});

const toBatch = (b: BatchRow): Batch => ({
  index: b.index,
  status: b.status,
  itemCount: b.itemCount,
  nonce: b.nonce,
  extrinsicHash: b.extrinsicHash,
  block: blockRef(b.blockHash, b.blockNumber),
  fee: toPlanck(b.fee),
  error: b.error,
});

export interface RoundRepositoryOptions {
  /** Selections per INSERT when a plan is stored (SELECTION_CHUNK). */
  selectionChunk?: number;
}

/**
 * A plan's selections are inserted this many per statement: one statement of 100,000 rows would
 * be built on the event loop at once; a chunk takes a few milliseconds to prepare, and the API's
 * requests are served while the database writes it.
 */
export const SELECTION_CHUNK = 2_000;

/** A plan of 100,000 selections is stored in one transaction: far more than the client's default 5 s. */
const SAVE_PLAN_TIMEOUT_MS = 10 * 60_000;

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * One multi-row INSERT of selections, the rows as one JSON parameter that PostgreSQL unpacks
 * (jsonb_to_recordset): about ten times faster than the client's createMany, whose statement the
 * client builds row by row, and nothing but JSON.stringify runs on the event loop.
 */
async function insertSelections(
  tx: Transaction,
  roundId: bigint,
  selections: RoundPlan['selections'],
  status: 'planned' | 'dry_run',
): Promise<void> {
  const rows = JSON.stringify(
    selections.map((s) => ({
      delegationId: s.delegationId,
      stash: s.stash,
      reason: s.reason,
      detail: s.detail,
      keptTargets: s.keptTargets,
      drawnTargets: s.drawnTargets,
      targets: s.targets,
      batchIndex: s.batchIndex,
    })),
  );
  await tx.$executeRaw`
    INSERT INTO "RoundSelection"
      ("roundId", "delegationId", "stash", "reason", "detail", "keptTargets", "drawnTargets", "targets", "batchIndex", "status")
    SELECT ${roundId}, r."delegationId", r."stash", r."reason", r."detail", r."keptTargets", r."drawnTargets", r."targets",
      r."batchIndex", ${status}::"SelectionStatus"
    FROM jsonb_to_recordset(${rows}::jsonb) AS r(
      "delegationId" uuid, "stash" text, "reason" text, "detail" text,
      "keptTargets" text[], "drawnTargets" text[], "targets" text[], "batchIndex" integer
    )`;
}

export class PrismaRoundRepository implements RoundRepository, RoundLogReader {
  readonly #selectionChunk: number;

  constructor(
    private readonly db: PrismaClient,
    options: RoundRepositoryOptions = {},
  ) {
    this.#selectionChunk = options.selectionChunk ?? SELECTION_CHUNK;
  }

  async create(input: NewRound): Promise<{ round: Round; created: boolean }> {
    if (input.eraKey !== null) {
      const existing = await this.db.round.findUnique({ where: { eraKey: input.eraKey } });
      if (existing) return { round: toRound(existing), created: false };
    }
    try {
      const row = await this.db.round.create({ data: { ...input, status: 'planning' } });
      return { round: toRound(row), created: true };
    } catch (e) {
      if (input.eraKey !== null && isUniqueViolation(e)) {
        const row = await this.db.round.findUniqueOrThrow({ where: { eraKey: input.eraKey } });
        return { round: toRound(row), created: false };
      }
      throw e;
    }
  }

  async get(id: string): Promise<Round | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const row = await this.db.round.findUnique({ where: { id: BigInt(id) } });
    return row ? toRound(row) : null;
  }

  async list({ limit, beforeId }: { limit: number; beforeId: string | null }): Promise<Round[]> {
    const rows = await this.db.round.findMany({
      where: beforeId ? { id: { lt: BigInt(beforeId) } } : {},
      orderBy: { id: 'desc' },
      take: limit,
    });
    return rows.map(toRound);
  }

  async selectionCounts(roundIds: string[]): Promise<Map<string, number>> {
    const counts = new Map(roundIds.map((id) => [id, 0]));
    if (roundIds.length === 0) return counts;
    const groups = await this.db.roundSelection.groupBy({
      by: ['roundId'],
      where: { roundId: { in: roundIds.map((id) => BigInt(id)) } },
      _count: { _all: true },
    });
    for (const g of groups) counts.set(g.roundId.toString(), g._count._all);
    return counts;
  }

  async unfinished(): Promise<Round[]> {
    const rows = await this.db.round.findMany({
      where: { status: { in: ['planning', 'planned', 'sending'] } },
      orderBy: { id: 'asc' },
    });
    return rows.map(toRound);
  }

  async selections(roundId: string): Promise<Selection[]> {
    const rows = await this.db.roundSelection.findMany({ where: { roundId: BigInt(roundId) }, orderBy: { id: 'asc' } });
    return rows.map(toSelection);
  }

  async selectionsPage(roundId: string, page: PageRequest): Promise<Page<Selection>> {
    const after = idCursor(page.after);
    const rows = await this.db.roundSelection.findMany({
      where: { roundId: BigInt(roundId), ...(after !== null ? { id: { gt: after } } : {}) },
      orderBy: { id: 'asc' },
      take: page.limit + 1,
    });
    return pageOf(rows, page.limit, toSelection, (r) => r.id.toString());
  }

  async selectionsOfDelegation(delegationId: string, limit: number): Promise<(Selection & { roundId: string })[]> {
    const rows = await this.db.roundSelection.findMany({
      where: { delegationId },
      orderBy: { id: 'desc' },
      take: limit,
    });
    return rows.map((r) => ({ ...toSelection(r), roundId: r.roundId.toString() }));
  }

  async batches(roundId: string): Promise<Batch[]> {
    const rows = await this.db.roundBatch.findMany({ where: { roundId: BigInt(roundId) }, orderBy: { index: 'asc' } });
    return rows.map(toBatch);
  }

  /** All or nothing: the selections, in chunks, and the batches are written in one transaction. */
  async savePlan(roundId: string, plan: RoundPlan, dryRun: boolean, at: Date): Promise<void> {
    const id = BigInt(roundId);
    const status = dryRun ? ('dry_run' as const) : ('planned' as const);
    await this.db.$transaction(
      async (tx) => {
        const moved = await tx.round.updateMany({
          where: { id, status: 'planning' },
          data: {
            status: dryRun ? 'completed' : 'planned',
            activeEra: plan.activeEra,
            seed: plan.seed,
            seedBlockHash: plan.seedBlockHash,
            snapshotId: BigInt(plan.snapshotId),
            note: plan.note,
            plannedAt: at,
            ...(dryRun ? { completedAt: at } : {}),
          },
        });
        if (moved.count !== 1) return; // planned by another run already
        for (let start = 0; start < plan.selections.length; start += this.#selectionChunk) {
          await insertSelections(tx, id, plan.selections.slice(start, start + this.#selectionChunk), status);
        }
        await tx.roundBatch.createMany({
          data: plan.batchSizes.map((itemCount, index) => ({
            roundId: id,
            index,
            itemCount,
            status: 'planned' as const,
          })),
        });
      },
      { timeout: SAVE_PLAN_TIMEOUT_MS },
    );
  }

  async commitSeed(roundId: string, commitment: SeedCommitment, previous: number | null): Promise<boolean> {
    const moved = await this.db.round.updateMany({
      where: { id: BigInt(roundId), status: 'planning', seedBlockNumber: previous },
      data: {
        commitBlockNumber: commitment.commitBlockNumber,
        seedBlockNumber: commitment.seedBlockNumber,
        snapshotId: BigInt(commitment.snapshotId),
        activeEra: commitment.activeEra,
      },
    });
    return moved.count === 1;
  }

  async finishWithoutPlan(roundId: string, outcome: PlanlessOutcome, at: Date): Promise<void> {
    await this.db.round.updateMany({
      where: { id: BigInt(roundId), status: 'planning' },
      data: {
        status: outcome.status,
        note: outcome.note,
        activeEra: outcome.activeEra,
        seed: outcome.seed,
        seedBlockHash: outcome.seedBlockHash,
        snapshotId: outcome.snapshotId ? BigInt(outcome.snapshotId) : null,
        plannedAt: at,
        completedAt: at,
      },
    });
  }

  async batchItems(roundId: string, batchIndex: number): Promise<BatchItem[]> {
    const rows = await this.db.roundSelection.findMany({
      where: { roundId: BigInt(roundId), batchIndex },
      orderBy: { id: 'asc' },
    });
    return rows.map((r) => ({
      selectionId: r.id.toString(),
      delegationId: r.delegationId,
      stash: r.stash,
      targets: r.targets,
      reason: r.reason as BatchItem['reason'],
      status: r.status,
      extrinsicHash: r.extrinsicHash,
    }));
  }

  async cancelItems(selectionIds: string[], reason: string): Promise<void> {
    await this.db.roundSelection.updateMany({
      where: { id: { in: selectionIds.map(BigInt) }, status: { in: ['planned', 'sent'] } },
      data: { status: 'cancelled', error: reason },
    });
  }

  async skipBatch(roundId: string, batchIndex: number, reason: string): Promise<void> {
    await this.db.roundBatch.update({
      where: { roundId_index: { roundId: BigInt(roundId), index: batchIndex } },
      data: { status: 'included', error: reason },
    });
  }

  async markBatchSigned(
    roundId: string,
    batchIndex: number,
    signed: SignedExtrinsic,
    selectionIds: string[],
    guard: SignGuard,
  ): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await assertLatestFence(tx, guard.fence);
      const moved = await tx.roundBatch.updateMany({
        where: {
          roundId: BigInt(roundId),
          index: batchIndex,
          ...(guard.previousHash === null
            ? { status: 'planned' }
            : { status: 'signed', extrinsicHash: guard.previousHash }),
        },
        data: { status: 'signed', ...signedColumns(signed) },
      });
      if (moved.count !== 1)
        throw unavailable(
          'BATCH_SIGNED_ELSEWHERE',
          `batch ${batchIndex} of round ${roundId} was signed by another run`,
        );
      const sent = await tx.roundSelection.updateMany({
        where: { id: { in: selectionIds.map(BigInt) }, status: { in: ['planned', 'sent'] } },
        data: { status: 'sent', extrinsicHash: signed.hash },
      });
      if (sent.count !== selectionIds.length)
        throw unavailable('BATCH_ITEMS_CHANGED', `items of batch ${batchIndex} of round ${roundId} changed meanwhile`);
    });
  }

  async signedExtrinsic(roundId: string, batchIndex: number): Promise<SignedExtrinsic | null> {
    const b = await this.db.roundBatch.findUnique({
      where: { roundId_index: { roundId: BigInt(roundId), index: batchIndex } },
    });
    return signedFromColumns(b);
  }

  async recordBatchOutcome(
    roundId: string,
    batchIndex: number,
    inclusion: BatchInclusion,
    results: ItemResult<NominationResultItem>[],
    activeEra: number,
  ): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const moved = await tx.roundBatch.updateMany({
        where: {
          roundId: BigInt(roundId),
          index: batchIndex,
          status: 'signed',
          extrinsicHash: inclusion.extrinsicHash,
        },
        data: includedColumns(inclusion),
      });
      if (moved.count !== 1) return; // recorded already
      for (const { item, ok, error } of results) {
        await tx.roundSelection.update({
          where: { id: BigInt(item.selectionId) },
          data: {
            status: ok ? 'succeeded' : 'failed',
            error,
            blockHash: inclusion.block.hash,
            blockNumber: inclusion.block.number,
          },
        });
        if (!ok) continue;
        // A stash that left meanwhile keeps its own record: its choice wins over what landed.
        await tx.delegation.updateMany({
          where: { id: item.delegationId, status: 'active' },
          data: {
            targets: item.targets,
            nominatedAt: inclusion.at,
            ...(item.fullDraw ? { drawnInEra: activeEra } : {}),
          },
        });
      }
    });
  }

  async markSending(roundId: string): Promise<void> {
    await this.db.round.updateMany({ where: { id: BigInt(roundId), status: 'planned' }, data: { status: 'sending' } });
  }

  async complete(roundId: string, at: Date, note: string | null): Promise<void> {
    await this.db.round.updateMany({
      where: { id: BigInt(roundId), status: { in: ['planned', 'sending'] } },
      data: { status: 'completed', completedAt: at, ...(note ? { note } : {}) },
    });
  }
}
