import { unavailable } from '../domain/errors.js';
import type { ItemResult, OpenBatch } from '../domain/shared/batch-pipeline.js';
import type { SignGuard } from '../domain/rounds/round.repository.js';
import type { Included } from '../domain/shared/deliver-batch.js';
import type { SignedExtrinsic } from '../domain/ports/extrinsics.js';
import type { OwedGroup, PoolAccountStore, PoolPaymentItem, PoolPaymentStore } from '../domain/pools/pool-batches.js';
import type { PrismaClient } from './generated/client.js';
import { toPlanck } from './mappers.js';
import {
  ACCOUNT_ROWS,
  endowedColumns,
  FAILED_PAYMENT_RETRY_MS,
  itemsOfBatch,
  OperatorBatches,
  PureAccountBatches,
  transferOf,
  UNPLANNED_ACCOUNT,
} from './operator-batches.js';

const PAYMENTS = 'pool-payments';
const ACCOUNTS = 'pool-accounts';
export { FAILED_PAYMENT_RETRY_MS };

export class PrismaPoolPaymentStore extends OperatorBatches implements PoolPaymentStore {
  openBatches(): Promise<OpenBatch<PoolPaymentItem>[]> {
    return this.openBatchesOf(PAYMENTS, async (b) => {
      const transfers = await this.db.poolTransfer.findMany({
        where: itemsOfBatch(b),
        orderBy: { itemIndex: 'asc' },
        include: { pool: { select: { account: true } } },
      });
      return transfers.map((t) => ({
        transferId: t.id.toString(),
        // The token recorded when it was planned, whatever the registry says now.
        transfer: transferOf(t, toPlanck(t.amount)!, t.pool.account),
      }));
    });
  }

  async owedGroups(limit: number): Promise<OwedGroup[]> {
    // A payment the chain refused waits before it is tried again (its fee is the operator's).
    // Prisma keeps DateTime as UTC in a column without time zone: compare with the UTC text.
    const retryAfter = new Date(Date.now() - FAILED_PAYMENT_RETRY_MS);
    const rows = await this.db.$queryRaw<
      { poolId: bigint; name: string; account: string; address: string; denom: string; amount: string }[]
    >`
      SELECT l."poolId", p."name", p."account", l."address", l."denom", SUM(l."amount")::text AS "amount"
      FROM "PoolPayoutLine" l JOIN "SpendingPool" p ON p."id" = l."poolId"
      WHERE l."status" = 'owed' AND p."account" IS NOT NULL AND p."endowed"
        AND NOT EXISTS (
          SELECT 1 FROM "PoolTransfer" t
          WHERE t."poolId" = l."poolId" AND t."address" = l."address" AND t."denom" = l."denom"
            AND t."status" = 'failed' AND t."createdAt" > CAST(${retryAfter.toISOString()} AS timestamp(3)))
      GROUP BY l."poolId", p."name", p."account", l."address", l."denom"
      ORDER BY l."poolId", l."address", l."denom"
      LIMIT ${limit}`;
    return rows.map((r) => ({
      poolId: r.poolId.toString(),
      poolName: r.name,
      account: r.account,
      address: r.address,
      denom: r.denom,
      amount: BigInt(r.amount),
    }));
  }

  async unendowed() {
    const rows = await this.db.spendingPool.findMany({
      where: {
        account: { not: null },
        endowed: false,
        transfers: { none: { kind: 'endow', status: { in: ['planned', 'sent'] } } },
      },
      select: { id: true, account: true },
    });
    return rows.map((r) => ({ poolId: r.id.toString(), account: r.account! }));
  }

  plan(items: Parameters<PoolPaymentStore['plan']>[0]): Promise<OpenBatch<PoolPaymentItem> | null> {
    return this.planBatch(PAYMENTS, async (tx, batchId) => {
      const kept: PoolPaymentItem[] = [];
      for (const item of items) {
        const index = kept.length;
        if (item.kind === 'endow') {
          const t = await tx.poolTransfer.create({
            data: {
              poolId: BigInt(item.poolId),
              batchId,
              itemIndex: index,
              kind: 'endow',
              address: item.transfer.to,
              denom: 'native',
              amount: item.transfer.amount.toString(),
              status: 'planned',
            },
          });
          kept.push({ transferId: t.id.toString(), transfer: item.transfer });
          continue;
        }
        const g = item.group;
        const where = { poolId: BigInt(g.poolId), address: g.address, denom: g.denom, status: 'owed' };
        const lines = await tx.poolPayoutLine.findMany({ where, select: { id: true, amount: true } });
        const total = lines.reduce((s, l) => s + toPlanck(l.amount)!, 0n);
        // Lines moved meanwhile (another run took them): leave the group to that run.
        if (total !== g.amount) continue;
        const t = await tx.poolTransfer.create({
          data: {
            poolId: BigInt(g.poolId),
            batchId,
            itemIndex: index,
            kind: 'pay',
            address: g.address,
            denom: g.denom,
            assetId:
              item.transfer.kind === 'pay' && item.transfer.token.kind === 'asset'
                ? BigInt(item.transfer.token.assetId)
                : null,
            amount: g.amount.toString(),
            status: 'planned',
          },
        });
        const moved = await tx.poolPayoutLine.updateMany({
          where: { id: { in: lines.map((l) => l.id) }, status: 'owed' },
          data: { status: 'sending', transferId: t.id, note: null },
        });
        if (moved.count !== lines.length)
          throw unavailable('POOL_LINES_MOVED', 'owed lines moved while planning; try again');
        kept.push({ transferId: t.id.toString(), transfer: item.transfer });
      }
      return kept;
    });
  }

  async noteOwed(group: OwedGroup, note: string) {
    await this.db.poolPayoutLine.updateMany({
      where: { poolId: BigInt(group.poolId), address: group.address, denom: group.denom, status: 'owed' },
      data: { note },
    });
  }

  async markSigned(batchId: string, signed: SignedExtrinsic, items: PoolPaymentItem[], guard: SignGuard) {
    await this.db.$transaction(async (tx) => {
      await this.storeSignature(tx, batchId, signed, items.length, guard);
      await tx.poolTransfer.updateMany({
        where: { id: { in: items.map((i) => BigInt(i.transferId)) } },
        data: { status: 'sent' },
      });
    });
  }

  async recordOutcome(
    batchId: string,
    included: Included & { extrinsicHash: string },
    results: ItemResult<PoolPaymentItem>[],
  ) {
    await this.db.$transaction(async (tx) => {
      if (!(await this.markIncluded(tx, batchId, included))) return;
      for (const r of results) {
        const id = BigInt(r.item.transferId);
        const transfer = await tx.poolTransfer.update({
          where: { id },
          data: { status: r.ok ? 'paid' : 'failed', error: r.error },
        });
        if (transfer.kind === 'endow') {
          if (r.ok)
            await tx.spendingPool.update({ where: { id: transfer.poolId }, data: endowedColumns(transfer.amount) });
          continue;
        }
        // Paid lines are paid; a failed transfer's lines are owed again, with the chain's reason.
        await tx.poolPayoutLine.updateMany({
          where: { transferId: id, status: 'sending' },
          data: r.ok ? { status: 'paid' } : { status: 'owed', transferId: null, note: `transfer failed: ${r.error}` },
        });
      }
    });
  }
}

/** The pools' pure-proxy batches over SpendingPool's account columns. */
export class PrismaPoolAccountStore extends PureAccountBatches<'poolId'> implements PoolAccountStore {
  constructor(db: PrismaClient) {
    super(db, 'poolId', {
      purpose: ACCOUNTS,
      find: (where) => db.spendingPool.findMany({ where, ...ACCOUNT_ROWS }),
      withoutAccount: (take) => db.spendingPool.findMany({ where: UNPLANNED_ACCOUNT, ...ACCOUNT_ROWS, take }),
      update: (tx, where, data) => tx.spendingPool.updateMany({ where, data }),
      moved: () => unavailable('POOLS_MOVED', 'pools were planned by another run; try again'),
    });
  }
}
