import { unavailable } from '../domain/errors.js';
import type { ItemResult, OpenBatch } from '../domain/shared/batch-pipeline.js';
import type { Included } from '../domain/shared/deliver-batch.js';
import type { SigningFence } from '../domain/shared/signing-lock.js';
import type { ChainToken } from '../domain/ports/chain-events.js';
import type { SignedExtrinsic } from '../domain/ports/extrinsics.js';
import type {
  OwedGroup,
  PoolAccountItem,
  PoolAccountStore,
  PoolPaymentItem,
  PoolPaymentStore,
} from '../domain/pools/pool-batches.js';
import type { PoolTransferItem } from '../domain/pools/pool-chain.js';
import type { Address } from '../domain/shared/types.js';
import type { Prisma, PrismaClient } from './generated/client.js';
import { includedColumns, signedColumns, signedFromColumns, toPlanck } from './mappers.js';
import { assertLatestFence } from './signer-fence.repository.js';

type Tx = Prisma.TransactionClient;
const PAYMENTS = 'pool-payments';
/** How long an owed amount whose transfer failed waits before the next try. */
export const FAILED_PAYMENT_RETRY_MS = 10 * 60_000;
const ACCOUNTS = 'pool-accounts';

/** The operator-batch columns every store of batches shares (pools, collectives): the signature's compare-and-set and the inclusion. */
export class OperatorBatches {
  constructor(protected readonly db: PrismaClient) {}

  async signedExtrinsic(batchId: string): Promise<SignedExtrinsic | null> {
    return signedFromColumns(await this.db.operatorBatch.findUnique({ where: { id: BigInt(batchId) } }));
  }

  protected async storeSignature(
    tx: Tx,
    batchId: string,
    signed: SignedExtrinsic,
    itemCount: number,
    guard: { previousHash: string | null; fence: SigningFence },
  ): Promise<void> {
    await assertLatestFence(tx, guard.fence);
    const moved = await tx.operatorBatch.updateMany({
      where: {
        id: BigInt(batchId),
        ...(guard.previousHash === null
          ? { status: 'planned' }
          : { status: 'signed', extrinsicHash: guard.previousHash }),
      },
      data: { status: 'signed', itemCount, ...signedColumns(signed) },
    });
    if (moved.count !== 1)
      throw unavailable('BATCH_SIGNED_ELSEWHERE', `operator batch ${batchId} was signed by another run`);
  }

  async closeEmpty(batchId: string, reason: string): Promise<void> {
    await this.db.operatorBatch.update({
      where: { id: BigInt(batchId) },
      data: { status: 'included', itemCount: 0, error: reason },
    });
  }

  /** True when this call recorded the inclusion (a second call for the same extrinsic does nothing). */
  protected async markIncluded(
    tx: Tx,
    batchId: string,
    included: Included & { extrinsicHash: string },
  ): Promise<boolean> {
    const moved = await tx.operatorBatch.updateMany({
      where: { id: BigInt(batchId), status: 'signed', extrinsicHash: included.extrinsicHash },
      data: includedColumns(included),
    });
    return moved.count === 1;
  }
}

const toTransferItem = (
  t: { kind: string; address: string; amount: { toFixed(dp?: number): string }; denom: string },
  poolAccount: string | null,
  token: ChainToken,
): PoolTransferItem =>
  t.kind === 'endow'
    ? { kind: 'endow', to: t.address, amount: toPlanck(t.amount)! }
    : { kind: 'pay', from: poolAccount!, to: t.address, token, amount: toPlanck(t.amount)! };

export class PrismaPoolPaymentStore extends OperatorBatches implements PoolPaymentStore {
  async openBatches(): Promise<OpenBatch<PoolPaymentItem>[]> {
    const batches = await this.db.operatorBatch.findMany({
      where: { purpose: PAYMENTS, status: { in: ['planned', 'signed'] } },
      orderBy: { id: 'asc' },
    });
    const out: OpenBatch<PoolPaymentItem>[] = [];
    for (const b of batches) {
      const transfers = await this.db.poolTransfer.findMany({
        where: { batchId: b.id, status: b.status === 'planned' ? 'planned' : 'sent' },
        orderBy: { itemIndex: 'asc' },
        include: { pool: { select: { account: true } } },
      });
      out.push({
        id: b.id.toString(),
        status: b.status as 'planned' | 'signed',
        items: transfers.map((t) => ({
          transferId: t.id.toString(),
          // The token recorded when it was planned, whatever the registry says now.
          transfer: toTransferItem(
            t,
            t.pool.account,
            t.assetId === null ? { kind: 'native' } : { kind: 'asset', assetId: Number(t.assetId) },
          ),
        })),
      });
    }
    return out;
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

  async plan(items: Parameters<PoolPaymentStore['plan']>[0]): Promise<OpenBatch<PoolPaymentItem> | null> {
    return this.db.$transaction(async (tx) => {
      const batch = await tx.operatorBatch.create({ data: { purpose: PAYMENTS, status: 'planned', itemCount: 0 } });
      const kept: PoolPaymentItem[] = [];
      for (const item of items) {
        const index = kept.length;
        if (item.kind === 'endow') {
          const t = await tx.poolTransfer.create({
            data: {
              poolId: BigInt(item.poolId),
              batchId: batch.id,
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
            batchId: batch.id,
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
      if (kept.length === 0) {
        await tx.operatorBatch.delete({ where: { id: batch.id } });
        return null;
      }
      await tx.operatorBatch.update({ where: { id: batch.id }, data: { itemCount: kept.length } });
      return { id: batch.id.toString(), status: 'planned' as const, items: kept };
    });
  }

  async noteOwed(group: OwedGroup, note: string) {
    await this.db.poolPayoutLine.updateMany({
      where: { poolId: BigInt(group.poolId), address: group.address, denom: group.denom, status: 'owed' },
      data: { note },
    });
  }

  async markSigned(
    batchId: string,
    signed: SignedExtrinsic,
    items: PoolPaymentItem[],
    guard: { previousHash: string | null; fence: SigningFence },
  ) {
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
            await tx.spendingPool.update({
              where: { id: transfer.poolId },
              data: { endowed: true, endowment: BigInt(transfer.amount.toFixed(0)) },
            });
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

export class PrismaPoolAccountStore extends OperatorBatches implements PoolAccountStore {
  private async itemsOf(batchId: bigint): Promise<PoolAccountItem[]> {
    const pools = await this.db.spendingPool.findMany({
      where: { accountBatchId: batchId },
      orderBy: { id: 'asc' },
      select: { id: true, accountIndex: true },
    });
    return pools.map((p) => ({ poolId: p.id.toString(), index: p.accountIndex }));
  }

  async openBatches(): Promise<OpenBatch<PoolAccountItem>[]> {
    const batches = await this.db.operatorBatch.findMany({
      where: { purpose: ACCOUNTS, status: { in: ['planned', 'signed'] } },
      orderBy: { id: 'asc' },
    });
    return Promise.all(
      batches.map(async (b) => ({
        id: b.id.toString(),
        status: b.status as 'planned' | 'signed',
        items: await this.itemsOf(b.id),
      })),
    );
  }

  async withoutAccount(limit: number) {
    const pools = await this.db.spendingPool.findMany({
      where: { account: null, accountBatchId: null },
      orderBy: { id: 'asc' },
      take: limit,
      select: { id: true, accountIndex: true },
    });
    // Indices must differ within one extrinsic: two pools 65,536 apart wait for the next batch.
    const seen = new Set<number>();
    return pools
      .filter((p) => !seen.has(p.accountIndex) && seen.add(p.accountIndex))
      .map((p) => ({ poolId: p.id.toString(), index: p.accountIndex }));
  }

  async plan(items: PoolAccountItem[]) {
    return this.db.$transaction(async (tx) => {
      const batch = await tx.operatorBatch.create({
        data: { purpose: ACCOUNTS, status: 'planned', itemCount: items.length },
      });
      const moved = await tx.spendingPool.updateMany({
        where: { id: { in: items.map((i) => BigInt(i.poolId)) }, account: null, accountBatchId: null },
        data: { accountBatchId: batch.id, accountError: null },
      });
      if (moved.count !== items.length)
        throw unavailable('POOLS_MOVED', 'pools were planned by another run; try again');
      return { id: batch.id.toString(), status: 'planned' as const, items };
    });
  }

  async markSigned(
    batchId: string,
    signed: SignedExtrinsic,
    items: PoolAccountItem[],
    guard: { previousHash: string | null; fence: SigningFence },
  ) {
    await this.db.$transaction((tx) => this.storeSignature(tx, batchId, signed, items.length, guard));
  }

  async recordOutcome(batchId: string, included: Included & { extrinsicHash: string }) {
    // The accounts themselves are read from the block's events afterwards (awaitingAccounts).
    await this.db.$transaction((tx) => this.markIncluded(tx, batchId, included));
  }

  async awaitingAccounts() {
    const batches = await this.db.operatorBatch.findMany({
      where: { purpose: ACCOUNTS, status: 'included', blockHash: { not: null } },
      orderBy: { id: 'asc' },
    });
    const out = [];
    for (const b of batches) {
      const pools = await this.db.spendingPool.findMany({
        where: { accountBatchId: b.id, account: null },
        orderBy: { id: 'asc' },
        select: { id: true, accountIndex: true },
      });
      if (pools.length === 0) continue;
      out.push({
        batchId: b.id.toString(),
        block: { hash: b.blockHash!, number: b.blockNumber! },
        extrinsicIndex: b.extrinsicIndex!,
        items: pools.map((p) => ({ poolId: p.id.toString(), index: p.accountIndex })),
      });
    }
    return out;
  }

  async setAccounts(batchId: string, accounts: Map<number, Address>, failed: { poolId: string; error: string }[]) {
    await this.db.$transaction(async (tx) => {
      for (const [index, account] of accounts)
        await tx.spendingPool.updateMany({
          where: { accountBatchId: BigInt(batchId), accountIndex: index, account: null },
          data: { account },
        });
      for (const f of failed)
        await tx.spendingPool.updateMany({
          where: { id: BigInt(f.poolId), account: null },
          data: { accountBatchId: null, accountError: f.error },
        });
    });
  }
}
