import type {
  CollectiveAccountStore,
  CollectivePayeeStore,
  CollectiveTransferItem,
  CollectiveTransferStore,
  OwedTransferGroup,
  PayeeItem,
  PendingPayeeChange,
} from '../domain/collectives/collective-batches.js';
import type { RewardDestination } from '../domain/collectives/types.js';
import { unavailable } from '../domain/errors.js';
import type { SignedExtrinsic } from '../domain/ports/extrinsics.js';
import type { ItemResult, OpenBatch } from '../domain/shared/batch-pipeline.js';
import type { SignGuard } from '../domain/rounds/round.repository.js';
import type { Included } from '../domain/shared/deliver-batch.js';
import type { Address } from '../domain/shared/types.js';
import type { Prisma, PrismaClient } from './generated/client.js';
import { toPlanck } from './mappers.js';
import {
  ACCOUNT_ROWS,
  endowedColumns,
  FAILED_PAYMENT_RETRY_MS,
  itemsOfBatch,
  openBatch,
  OperatorBatches,
  PureAccountBatches,
  tokenOf,
  transferOf,
  UNPLANNED_ACCOUNT,
} from './operator-batches.js';

const ACCOUNTS = 'collective-accounts';
const PAYEES = 'collective-payees';
const TRANSFERS = 'collective-transfers';
export { FAILED_PAYMENT_RETRY_MS };

const ids = (values: string[]) => values.map((v) => BigInt(v));

// ------------------------------------------------------------------ accounts

/** The collectives' pure-proxy batches over StakingCollective's account columns. */
export class PrismaCollectiveAccountStore extends PureAccountBatches<'collectiveId'> implements CollectiveAccountStore {
  constructor(db: PrismaClient) {
    super(db, 'collectiveId', {
      purpose: ACCOUNTS,
      find: (where) => db.stakingCollective.findMany({ where, ...ACCOUNT_ROWS }),
      withoutAccount: (take) =>
        db.stakingCollective.findMany({
          // A removed collective needs no account: nothing can be paid to it any more.
          where: { ...UNPLANNED_ACCOUNT, status: { not: 'removed' } },
          ...ACCOUNT_ROWS,
          take,
        }),
      update: (tx, where, data) => tx.stakingCollective.updateMany({ where, data }),
      moved: () => unavailable('COLLECTIVES_MOVED', 'collectives were planned by another run; try again'),
    });
  }
}

// ------------------------------------------------------------------ payee changes

const destination = (json: Prisma.JsonValue | null): RewardDestination | null => json as RewardDestination | null;

/** The reward-destination batches over CollectivePayeeChange. */
export class PrismaCollectivePayeeStore extends OperatorBatches implements CollectivePayeeStore {
  openBatches(): Promise<OpenBatch<PayeeItem>[]> {
    return this.openBatchesOf(PAYEES, async (b) => {
      const rows = await this.db.collectivePayeeChange.findMany({
        // Skipped changes are out: a signed batch holds exactly the changes marked sent, in order.
        where: itemsOfBatch(b),
        orderBy: [{ itemIndex: 'asc' }, { id: 'asc' }],
        include: { collective: { select: { name: true, account: true } } },
      });
      return rows.map((r) => ({
        changeId: r.id.toString(),
        collective: r.collective.name,
        collectiveAccount: r.collective.account,
        kind: r.kind as PayeeItem['kind'],
        // Resolved when planned.
        call: { stash: r.stash, payee: destination(r.payee)! },
      }));
    });
  }

  async pending(limit: number): Promise<PendingPayeeChange[]> {
    const rows = await this.db.collectivePayeeChange.findMany({
      where: {
        status: 'pending',
        // A set waits for its collective's account, endowed (see CollectivePayeeStore.pending).
        OR: [{ kind: 'restore' }, { collective: { account: { not: null }, endowed: true } }],
      },
      orderBy: { id: 'asc' },
      take: limit,
      include: { collective: { select: { name: true, account: true } } },
    });
    return rows.map((r) => ({
      changeId: r.id.toString(),
      collective: r.collective.name,
      collectiveAccount: r.collective.account,
      stash: r.stash,
      kind: r.kind as PendingPayeeChange['kind'],
      payee: destination(r.payee),
    }));
  }

  async plan(items: PayeeItem[]): Promise<OpenBatch<PayeeItem> | null> {
    if (items.length === 0) return null;
    return this.db.$transaction(async (tx) => {
      const batch = await tx.operatorBatch.create({
        data: { purpose: PAYEES, status: 'planned', itemCount: items.length },
      });
      for (const [index, item] of items.entries()) {
        const moved = await tx.collectivePayeeChange.updateMany({
          where: { id: BigInt(item.changeId), status: 'pending' },
          data: {
            status: 'planned',
            batchId: batch.id,
            itemIndex: index,
            payee: item.call.payee as unknown as Prisma.InputJsonValue,
            error: null,
          },
        });
        if (moved.count !== 1)
          throw unavailable('PAYEE_CHANGES_MOVED', 'payee changes were planned by another run; try again');
      }
      return openBatch(batch.id, 'planned', items);
    });
  }

  async skip(skips: { changeId: string; reason: string }[]): Promise<void> {
    await this.db.$transaction(async (tx) => {
      for (const s of skips)
        await tx.collectivePayeeChange.updateMany({
          where: { id: BigInt(s.changeId), status: { in: ['pending', 'planned', 'sent'] } },
          data: { status: 'skipped', error: s.reason },
        });
    });
  }

  async markSigned(batchId: string, signed: SignedExtrinsic, items: PayeeItem[], guard: SignGuard) {
    await this.db.$transaction(async (tx) => {
      await this.storeSignature(tx, batchId, signed, items.length, guard);
      // The position in the signed extrinsic: skipped changes left the batch before signing.
      for (const [index, item] of items.entries())
        await tx.collectivePayeeChange.update({
          where: { id: BigInt(item.changeId) },
          data: { status: 'sent', itemIndex: index },
        });
    });
  }

  async recordOutcome(
    batchId: string,
    included: Included & { extrinsicHash: string },
    results: ItemResult<PayeeItem>[],
  ) {
    await this.db.$transaction(async (tx) => {
      if (!(await this.markIncluded(tx, batchId, included))) return;
      for (const r of results)
        await tx.collectivePayeeChange.update({
          where: { id: BigInt(r.item.changeId) },
          data: { status: r.ok ? 'done' : 'failed', error: r.error },
        });
    });
  }
}

// ------------------------------------------------------------------ transfers

/** The transfer batches over CollectiveTransfer: endowments from the operator, payments from the accounts. */
export class PrismaCollectiveTransferStore extends OperatorBatches implements CollectiveTransferStore {
  openBatches(): Promise<OpenBatch<CollectiveTransferItem>[]> {
    return this.openBatchesOf(TRANSFERS, async (b) => {
      const rows = await this.db.collectiveTransfer.findMany({
        where: itemsOfBatch(b),
        orderBy: [{ itemIndex: 'asc' }, { id: 'asc' }],
        include: { collective: { select: { account: true } } },
      });
      // The rows of one item share its position: one call pays them together.
      const items = new Map<number, { rows: typeof rows; account: Address | null }>();
      for (const r of rows) {
        const entry = items.get(r.itemIndex!) ?? { rows: [], account: r.collective.account };
        entry.rows.push(r);
        items.set(r.itemIndex!, entry);
      }
      // The call of each item, in the token fixed when it was owed, whatever the registry says now.
      return [...items.values()].map(({ rows: group, account }) => ({
        transferIds: group.map((r) => r.id.toString()),
        transfer: transferOf(
          group[0]!,
          group.reduce((sum, r) => sum + toPlanck(r.amount)!, 0n),
          account,
        ),
      }));
    });
  }

  async owedGroups(limit: number): Promise<OwedTransferGroup[]> {
    // A transfer the chain refused is tried again later (its fee is the operator's).
    const retryAfter = new Date(Date.now() - FAILED_PAYMENT_RETRY_MS);
    const rows = await this.db.collectiveTransfer.findMany({
      where: {
        status: 'owed',
        kind: { not: 'endow' },
        collective: { account: { not: null }, endowed: true },
        OR: [{ retryOf: null }, { createdAt: { lte: retryAfter } }],
      },
      orderBy: { id: 'asc' },
      take: limit,
      include: { collective: { select: { name: true, account: true } } },
    });
    const groups = new Map<string, OwedTransferGroup>();
    for (const r of rows) {
      const key = `${r.collectiveId}/${r.address}/${r.denom}/${r.assetId ?? 'native'}`;
      const group = groups.get(key) ?? {
        collectiveId: r.collectiveId.toString(),
        collective: r.collective.name,
        account: r.collective.account!,
        address: r.address,
        denom: r.denom,
        token: tokenOf(r.assetId),
        amount: 0n,
        transferIds: [],
      };
      group.amount += toPlanck(r.amount)!;
      group.transferIds.push(r.id.toString());
      groups.set(key, group);
    }
    return [...groups.values()];
  }

  async unendowed(): Promise<{ collectiveId: string; account: Address }[]> {
    const retryAfter = new Date(Date.now() - FAILED_PAYMENT_RETRY_MS);
    const rows = await this.db.stakingCollective.findMany({
      where: {
        account: { not: null },
        endowed: false,
        transfers: {
          none: {
            kind: 'endow',
            OR: [{ status: { in: ['planned', 'sent'] } }, { status: 'failed', updatedAt: { gt: retryAfter } }],
          },
        },
      },
      orderBy: { id: 'asc' },
      select: { id: true, account: true },
    });
    return rows.map((r) => ({ collectiveId: r.id.toString(), account: r.account! }));
  }

  plan(items: Parameters<CollectiveTransferStore['plan']>[0]): Promise<OpenBatch<CollectiveTransferItem> | null> {
    return this.planBatch(TRANSFERS, async (tx, batchId) => {
      const kept: CollectiveTransferItem[] = [];
      for (const item of items) {
        const itemIndex = kept.length;
        if (item.kind === 'endow') {
          const row = await tx.collectiveTransfer.create({
            data: {
              collectiveId: BigInt(item.collectiveId),
              kind: 'endow',
              address: item.transfer.to,
              denom: item.denom,
              amount: item.transfer.amount.toString(),
              status: 'planned',
              batchId,
              itemIndex,
              createdAt: new Date(),
            },
          });
          kept.push({ transferIds: [row.id.toString()], transfer: item.transfer });
          continue;
        }
        const rowIds = ids(item.group.transferIds);
        // Rows taken meanwhile (another run planned them): leave the group to that run.
        if ((await tx.collectiveTransfer.count({ where: { id: { in: rowIds }, status: 'owed' } })) !== rowIds.length)
          continue;
        const moved = await tx.collectiveTransfer.updateMany({
          where: { id: { in: rowIds }, status: 'owed' },
          data: {
            status: 'planned',
            batchId,
            itemIndex,
            error: null,
          },
        });
        if (moved.count !== rowIds.length)
          throw unavailable('COLLECTIVE_TRANSFERS_MOVED', 'owed transfers moved while planning; try again');
        kept.push({ transferIds: item.group.transferIds, transfer: item.transfer });
      }
      return kept;
    });
  }

  async noteOwed(group: OwedTransferGroup, note: string): Promise<void> {
    await this.db.collectiveTransfer.updateMany({
      where: { id: { in: ids(group.transferIds) }, status: 'owed' },
      data: { error: note },
    });
  }

  async markSigned(batchId: string, signed: SignedExtrinsic, items: CollectiveTransferItem[], guard: SignGuard) {
    await this.db.$transaction(async (tx) => {
      await this.storeSignature(tx, batchId, signed, items.length, guard);
      await tx.collectiveTransfer.updateMany({
        where: { id: { in: ids(items.flatMap((i) => i.transferIds)) } },
        data: { status: 'sent' },
      });
    });
  }

  async recordOutcome(
    batchId: string,
    included: Included & { extrinsicHash: string },
    results: ItemResult<CollectiveTransferItem>[],
  ) {
    await this.db.$transaction(async (tx) => {
      if (!(await this.markIncluded(tx, batchId, included))) return;
      const at = new Date();
      for (const r of results) {
        for (const id of ids(r.item.transferIds)) {
          const row = await tx.collectiveTransfer.update({
            where: { id },
            data: { status: r.ok ? 'paid' : 'failed', error: r.error },
          });
          if (row.kind === 'endow') {
            if (r.ok)
              await tx.stakingCollective.update({ where: { id: row.collectiveId }, data: endowedColumns(row.amount) });
            continue;
          }
          if (r.ok) continue;
          // Owed again as a new row, so that the failed one stays in the record and the books
          // count the amount once (failed rows count nowhere).
          await tx.collectiveTransfer.create({
            data: {
              collectiveId: row.collectiveId,
              kind: row.kind,
              address: row.address,
              poolName: row.poolName,
              denom: row.denom,
              assetId: row.assetId,
              amount: row.amount,
              status: 'owed',
              error: `the previous try (transfer ${row.id}) failed: ${r.error}`,
              distributionId: row.distributionId,
              proposalId: row.proposalId,
              rewardId: row.rewardId,
              retryOf: row.id,
              createdAt: at,
            },
          });
        }
      }
    });
  }
}
