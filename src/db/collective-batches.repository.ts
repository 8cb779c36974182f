import type {
  CollectiveAccountItem,
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
import type { PoolTransferItem } from '../domain/pools/pool-chain.js';
import type { ChainToken } from '../domain/ports/chain-events.js';
import type { SignedExtrinsic } from '../domain/ports/extrinsics.js';
import type { ItemResult, OpenBatch } from '../domain/shared/batch-pipeline.js';
import type { Included } from '../domain/shared/deliver-batch.js';
import type { SigningFence } from '../domain/shared/signing-lock.js';
import type { Address } from '../domain/shared/types.js';
import type { Prisma } from './generated/client.js';
import { toPlanck } from './mappers.js';
import { OperatorBatches } from './pool-batches.repository.js';

const ACCOUNTS = 'collective-accounts';
const PAYEES = 'collective-payees';
const TRANSFERS = 'collective-transfers';
/** How long a transfer out of a collective's account that failed waits before its retry is planned. */
export const FAILED_PAYMENT_RETRY_MS = 10 * 60_000;

type Guard = { previousHash: string | null; fence: SigningFence };
const ids = (values: string[]) => values.map((v) => BigInt(v));
const asBatch = <Item>(id: bigint, status: string, items: Item[]): OpenBatch<Item> => ({
  id: id.toString(),
  status: status as 'planned' | 'signed',
  items,
});

// ------------------------------------------------------------------ accounts

/** The collectives' pure-proxy batches over StakingCollective's account columns. */
export class PrismaCollectiveAccountStore extends OperatorBatches implements CollectiveAccountStore {
  private async itemsOf(batchId: bigint): Promise<CollectiveAccountItem[]> {
    const rows = await this.db.stakingCollective.findMany({
      where: { accountBatchId: batchId },
      orderBy: { id: 'asc' },
      select: { id: true, accountIndex: true },
    });
    return rows.map((r) => ({ collectiveId: r.id.toString(), index: r.accountIndex }));
  }

  async openBatches(): Promise<OpenBatch<CollectiveAccountItem>[]> {
    const batches = await this.db.operatorBatch.findMany({
      where: { purpose: ACCOUNTS, status: { in: ['planned', 'signed'] } },
      orderBy: { id: 'asc' },
    });
    return Promise.all(batches.map(async (b) => asBatch(b.id, b.status, await this.itemsOf(b.id))));
  }

  async withoutAccount(limit: number): Promise<CollectiveAccountItem[]> {
    const rows = await this.db.stakingCollective.findMany({
      // A removed collective needs no account: nothing can be paid to it any more.
      where: { account: null, accountBatchId: null, status: { not: 'removed' } },
      orderBy: { id: 'asc' },
      take: limit,
      select: { id: true, accountIndex: true },
    });
    // Indices must differ within one extrinsic: two collectives 65,536 apart wait for the next batch.
    const seen = new Set<number>();
    return rows
      .filter((r) => !seen.has(r.accountIndex) && seen.add(r.accountIndex))
      .map((r) => ({ collectiveId: r.id.toString(), index: r.accountIndex }));
  }

  async plan(items: CollectiveAccountItem[]): Promise<OpenBatch<CollectiveAccountItem> | null> {
    return this.db.$transaction(async (tx) => {
      const batch = await tx.operatorBatch.create({
        data: { purpose: ACCOUNTS, status: 'planned', itemCount: items.length },
      });
      const moved = await tx.stakingCollective.updateMany({
        where: { id: { in: ids(items.map((i) => i.collectiveId)) }, account: null, accountBatchId: null },
        data: { accountBatchId: batch.id, accountError: null },
      });
      if (moved.count !== items.length)
        throw unavailable('COLLECTIVES_MOVED', 'collectives were planned by another run; try again');
      return asBatch(batch.id, 'planned', items);
    });
  }

  async markSigned(batchId: string, signed: SignedExtrinsic, items: CollectiveAccountItem[], guard: Guard) {
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
      const rows = await this.db.stakingCollective.findMany({
        where: { accountBatchId: b.id, account: null },
        orderBy: { id: 'asc' },
        select: { id: true, accountIndex: true },
      });
      if (rows.length === 0) continue;
      out.push({
        batchId: b.id.toString(),
        block: { hash: b.blockHash!, number: b.blockNumber! },
        extrinsicIndex: b.extrinsicIndex!,
        items: rows.map((r) => ({ collectiveId: r.id.toString(), index: r.accountIndex })),
      });
    }
    return out;
  }

  async setAccounts(
    batchId: string,
    accounts: Map<number, Address>,
    failed: { collectiveId: string; error: string }[],
  ): Promise<void> {
    await this.db.$transaction(async (tx) => {
      for (const [index, account] of accounts)
        await tx.stakingCollective.updateMany({
          where: { accountBatchId: BigInt(batchId), accountIndex: index, account: null },
          data: { account },
        });
      for (const f of failed)
        await tx.stakingCollective.updateMany({
          where: { id: BigInt(f.collectiveId), account: null },
          data: { accountBatchId: null, accountError: f.error },
        });
    });
  }
}

// ------------------------------------------------------------------ payee changes

const destination = (json: Prisma.JsonValue | null): RewardDestination | null => json as RewardDestination | null;

/** The reward-destination batches over CollectivePayeeChange. */
export class PrismaCollectivePayeeStore extends OperatorBatches implements CollectivePayeeStore {
  async openBatches(): Promise<OpenBatch<PayeeItem>[]> {
    const batches = await this.db.operatorBatch.findMany({
      where: { purpose: PAYEES, status: { in: ['planned', 'signed'] } },
      orderBy: { id: 'asc' },
    });
    const out: OpenBatch<PayeeItem>[] = [];
    for (const b of batches) {
      const rows = await this.db.collectivePayeeChange.findMany({
        // Skipped changes are out: a signed batch holds exactly the changes marked sent, in order.
        where: { batchId: b.id, status: b.status === 'planned' ? 'planned' : 'sent' },
        orderBy: [{ itemIndex: 'asc' }, { id: 'asc' }],
        include: { collective: { select: { name: true, account: true } } },
      });
      out.push(
        asBatch(
          b.id,
          b.status,
          rows.map((r) => ({
            changeId: r.id.toString(),
            collective: r.collective.name,
            collectiveAccount: r.collective.account,
            kind: r.kind as PayeeItem['kind'],
            // Resolved when planned.
            call: { stash: r.stash, payee: destination(r.payee)! },
          })),
        ),
      );
    }
    return out;
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
      return asBatch(batch.id, 'planned', items);
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

  async markSigned(batchId: string, signed: SignedExtrinsic, items: PayeeItem[], guard: Guard) {
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

interface TransferRow {
  id: bigint;
  kind: string;
  address: string;
  denom: string;
  assetId: bigint | null;
  amount: { toFixed(dp?: number): string };
  itemIndex: number | null;
}

/** The token on chain a row moves, fixed when it was owed (null: native). */
const tokenOf = (assetId: bigint | null): ChainToken =>
  assetId === null ? { kind: 'native' } : { kind: 'asset', assetId: Number(assetId) };

/** The call a stored row makes, in the token fixed when it was owed, whatever the registry says now. */
function transferOf(row: TransferRow, amount: bigint, account: Address | null): PoolTransferItem {
  if (row.kind === 'endow') return { kind: 'endow', to: row.address, amount };
  return {
    kind: 'pay',
    from: account!,
    to: row.address,
    token: tokenOf(row.assetId),
    amount,
  };
}

/** The transfer batches over CollectiveTransfer: endowments from the operator, payments from the accounts. */
export class PrismaCollectiveTransferStore extends OperatorBatches implements CollectiveTransferStore {
  async openBatches(): Promise<OpenBatch<CollectiveTransferItem>[]> {
    const batches = await this.db.operatorBatch.findMany({
      where: { purpose: TRANSFERS, status: { in: ['planned', 'signed'] } },
      orderBy: { id: 'asc' },
    });
    const out: OpenBatch<CollectiveTransferItem>[] = [];
    for (const b of batches) {
      const rows = await this.db.collectiveTransfer.findMany({
        where: { batchId: b.id, status: b.status === 'planned' ? 'planned' : 'sent' },
        orderBy: [{ itemIndex: 'asc' }, { id: 'asc' }],
        include: { collective: { select: { account: true } } },
      });
      // The rows of one item share its position: one call pays them together.
      const items = new Map<number, { rows: TransferRow[]; account: Address | null }>();
      for (const r of rows) {
        const entry = items.get(r.itemIndex!) ?? { rows: [], account: r.collective.account };
        entry.rows.push(r);
        items.set(r.itemIndex!, entry);
      }
      out.push(
        asBatch(
          b.id,
          b.status,
          [...items.values()].map(({ rows: group, account }) => ({
            transferIds: group.map((r) => r.id.toString()),
            transfer: transferOf(
              group[0]!,
              group.reduce((sum, r) => sum + toPlanck(r.amount)!, 0n),
              account,
            ),
          })),
        ),
      );
    }
    return out;
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

  async plan(items: Parameters<CollectiveTransferStore['plan']>[0]): Promise<OpenBatch<CollectiveTransferItem> | null> {
    return this.db.$transaction(async (tx) => {
      const batch = await tx.operatorBatch.create({ data: { purpose: TRANSFERS, status: 'planned', itemCount: 0 } });
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
              batchId: batch.id,
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
            batchId: batch.id,
            itemIndex,
            error: null,
          },
        });
        if (moved.count !== rowIds.length)
          throw unavailable('COLLECTIVE_TRANSFERS_MOVED', 'owed transfers moved while planning; try again');
        kept.push({ transferIds: item.group.transferIds, transfer: item.transfer });
      }
      if (kept.length === 0) {
        await tx.operatorBatch.delete({ where: { id: batch.id } });
        return null;
      }
      await tx.operatorBatch.update({ where: { id: batch.id }, data: { itemCount: kept.length } });
      return asBatch(batch.id, 'planned', kept);
    });
  }

  async noteOwed(group: OwedTransferGroup, note: string): Promise<void> {
    await this.db.collectiveTransfer.updateMany({
      where: { id: { in: ids(group.transferIds) }, status: 'owed' },
      data: { error: note },
    });
  }

  async markSigned(batchId: string, signed: SignedExtrinsic, items: CollectiveTransferItem[], guard: Guard) {
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
              await tx.stakingCollective.update({
                where: { id: row.collectiveId },
                data: { endowed: true, endowment: BigInt(row.amount.toFixed(0)) },
              });
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
