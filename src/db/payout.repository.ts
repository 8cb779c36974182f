import { unavailable } from '../domain/errors.js';
import type { SignGuard } from '../domain/rounds/round.repository.js';
import { assertLatestFence } from './signer-fence.repository.js';
import { pageOutcome } from '../domain/payouts/page-outcome.js';
import type {
  EraFees,
  OpenPayoutBatch,
  PayoutInclusion,
  PayoutRepository,
} from '../domain/payouts/payout.repository.js';
import type { ItemResult } from '../domain/shared/batch-pipeline.js';
import type { PayoutItem } from '../domain/ports/payouts.js';
import type { SignedExtrinsic } from '../domain/ports/extrinsics.js';
import type { Address } from '../domain/shared/types.js';
import type { PrismaClient } from './generated/client.js';
import { includedColumns, signedColumns, signedFromColumns, toPlanck } from './mappers.js';

const itemWhere = (i: PayoutItem) => ({ era_validator_page: { era: i.era, validator: i.validator, page: i.page } });

export class PrismaPayoutRepository implements PayoutRepository {
  constructor(private readonly db: PrismaClient) {}

  async nominationHistory(): Promise<{ stashes: Set<Address>; validators: Address[] }> {
    const rows = await this.db.$queryRaw<{ stash: string; validator: string }[]>`
      SELECT DISTINCT s."stash", t AS validator
      FROM "RoundSelection" s, unnest(s."targets") AS t
      WHERE s."status" = 'succeeded'`;
    return {
      stashes: new Set(rows.map((r) => r.stash)),
      validators: [...new Set(rows.map((r) => r.validator))].sort(),
    };
  }

  async scannedEras(from: number, to: number): Promise<Set<number>> {
    const rows = await this.db.payoutEraScan.findMany({ where: { era: { gte: from, lte: to } } });
    return new Set(rows.map((r) => r.era));
  }

  async recordScan(era: number, pages: { validator: Address; page: number; stashes: Address[] }[]): Promise<void> {
    // One statement with four array parameters: an era of 100,000 delegators is hundreds of pages
    // holding 200,000 stashes, which a createMany sends as thousands of bound parameters. No
    // transaction: the insert can take longer than a transaction may last on a busy machine, and
    // it is idempotent, so marking the era scanned after it is enough (a scan interrupted between
    // the two runs again and stores nothing twice). Each page's stashes travel as JSON text.
    const validators = pages.map((p) => p.validator);
    const numbers = pages.map((p) => p.page);
    const stashes = pages.map((p) => JSON.stringify(p.stashes));
    await this.db.$executeRaw`
      INSERT INTO "Payout" ("era", "validator", "page", "status", "stashes", "updatedAt")
      SELECT ${era}::int, p.validator, p.page, 'due'::"PayoutStatus",
        ARRAY(SELECT s.who FROM json_array_elements_text(p.stashes::json) WITH ORDINALITY AS s(who, i) ORDER BY s.i),
        now()
      FROM unnest(${validators}::text[], ${numbers}::int[], ${stashes}::text[]) AS p(validator, page, stashes)
      ON CONFLICT ("era", "validator", "page") DO NOTHING`;
    await this.db.payoutEraScan.createMany({ data: [{ era }], skipDuplicates: true });
  }

  async due(minEra: number, maxAttempts: number): Promise<PayoutItem[]> {
    const rows = await this.db.payout.findMany({
      where: {
        era: { gte: minEra },
        OR: [{ status: 'due' }, { status: 'failed', attempts: { lt: maxAttempts } }],
      },
      orderBy: [{ era: 'asc' }, { validator: 'asc' }, { page: 'asc' }],
      // Only what names a page: its stashes (100,000 delegators over 84 eras are 16.8 million names) stay in the database.
      select: { era: true, validator: true, page: true },
    });
    return rows.map((r) => ({ era: r.era, validator: r.validator, page: r.page }));
  }

  async expireBefore(minEra: number): Promise<number> {
    const { count } = await this.db.payout.updateMany({
      where: { era: { lt: minEra }, status: { in: ['due', 'failed'] } },
      data: { status: 'expired', error: 'older than the history depth: can no longer be paid' },
    });
    return count;
  }

  async markClaimedByOther(items: PayoutItem[]): Promise<void> {
    await this.db.$transaction(
      items.map((i) =>
        this.db.payout.update({ where: itemWhere(i), data: { status: 'claimed_by_other', batchId: null } }),
      ),
    );
  }

  async createBatches(era: number, groups: PayoutItem[][]): Promise<string[]> {
    return this.db.$transaction(async (tx) => {
      const ids: string[] = [];
      for (const group of groups) {
        const batch = await tx.payoutBatch.create({ data: { era, status: 'planned', itemCount: group.length } });
        for (const item of group)
          await tx.payout.update({ where: itemWhere(item), data: { status: 'batched', batchId: batch.id } });
        ids.push(batch.id.toString());
      }
      return ids;
    });
  }

  async openBatches(): Promise<OpenPayoutBatch[]> {
    const rows = await this.db.payoutBatch.findMany({
      where: { status: { in: ['planned', 'signed'] } },
      orderBy: { id: 'asc' },
      // Not the pages' stashes: a sweep's batches hold tens of thousands of pages of thousands of stashes.
      include: {
        payouts: {
          orderBy: [{ validator: 'asc' }, { page: 'asc' }],
          select: { era: true, validator: true, page: true, status: true },
        },
      },
    });
    return rows.map((b) => ({
      id: b.id.toString(),
      era: b.era,
      status: b.status as OpenPayoutBatch['status'],
      items: b.payouts
        .filter((p) => p.status === (b.status === 'planned' ? 'batched' : 'sent'))
        .map((p) => ({ era: p.era, validator: p.validator, page: p.page })),
    }));
  }

  async signedExtrinsic(batchId: string): Promise<SignedExtrinsic | null> {
    const b = await this.db.payoutBatch.findUnique({ where: { id: BigInt(batchId) } });
    return signedFromColumns(b);
  }

  async markSigned(batchId: string, signed: SignedExtrinsic, items: PayoutItem[], guard: SignGuard): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await assertLatestFence(tx, guard.fence);
      const moved = await tx.payoutBatch.updateMany({
        where: {
          id: BigInt(batchId),
          ...(guard.previousHash === null
            ? { status: 'planned' }
            : { status: 'signed', extrinsicHash: guard.previousHash }),
        },
        data: { status: 'signed', itemCount: items.length, ...signedColumns(signed) },
      });
      if (moved.count !== 1)
        throw unavailable('BATCH_SIGNED_ELSEWHERE', `payout batch ${batchId} was signed by another run`);
      for (const i of items) await tx.payout.update({ where: itemWhere(i), data: { status: 'sent' } });
    });
  }

  async closeEmptyBatch(batchId: string, reason: string): Promise<void> {
    await this.db.payoutBatch.update({
      where: { id: BigInt(batchId) },
      data: { status: 'included', itemCount: 0, error: reason },
    });
  }

  async recordOutcome(batchId: string, inclusion: PayoutInclusion, results: ItemResult<PayoutItem>[]): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const moved = await tx.payoutBatch.updateMany({
        where: { id: BigInt(batchId), status: 'signed', extrinsicHash: inclusion.extrinsicHash },
        data: includedColumns(inclusion),
      });
      if (moved.count !== 1) return; // recorded already
      for (const result of results) {
        const status = pageOutcome(result);
        await tx.payout.update({
          where: itemWhere(result.item),
          data:
            status === 'paid'
              ? { status, error: null }
              : status === 'claimed_by_other'
                ? { status, error: result.error }
                : { status, error: result.error, attempts: { increment: 1 } },
        });
      }
    });
  }

  async feesByEra(): Promise<EraFees[]> {
    const rows = await this.db.payoutBatch.groupBy({
      by: ['era'],
      where: { status: 'included', itemCount: { gt: 0 } },
      _count: { _all: true },
      _sum: { fee: true, itemCount: true },
      orderBy: { era: 'asc' },
    });
    return rows.map((r) => ({
      era: r.era,
      batches: r._count._all,
      items: r._sum.itemCount ?? 0,
      fee: toPlanck(r._sum.fee) ?? 0n,
    }));
  }
}
