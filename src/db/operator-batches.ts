import { unavailable } from '../domain/errors.js';
import type { PoolTransferItem } from '../domain/pools/pool-chain.js';
import type { ChainToken } from '../domain/ports/chain-events.js';
import type { SignedExtrinsic } from '../domain/ports/extrinsics.js';
import type { SignGuard } from '../domain/rounds/round.repository.js';
import type { OpenBatch } from '../domain/shared/batch-pipeline.js';
import type { Included } from '../domain/shared/deliver-batch.js';
import type { PureAccountStore } from '../domain/shared/operator-accounts.js';
import type { Address } from '../domain/shared/types.js';
import type { Prisma, PrismaClient } from './generated/client.js';
import { includedColumns, signedColumns, signedFromColumns, toPlanck } from './mappers.js';
import { assertLatestFence } from './signer-fence.repository.js';

/**
 * What the stores of the operator's batches share, whoever owns the accounts (spending pools,
 * staking collectives; DESIGN §8 Accounts): the OperatorBatch rows, the pure-proxy accounts kept in
 * the same columns of each owner's table, and the transfers out of the accounts.
 */

type Tx = Prisma.TransactionClient;

/**
 * How long an owed amount whose transfer out of an owner's account (a pool's, a collective's)
 * failed waits before its retry is planned.
 */
export const FAILED_PAYMENT_RETRY_MS = 10 * 60_000;

/** A stored batch as the pipeline takes it. */
export const openBatch = <Item>(id: bigint, status: string, items: Item[]): OpenBatch<Item> => ({
  id: id.toString(),
  status: status as 'planned' | 'signed',
  items,
});

/** The item rows of an open batch: a signed batch holds exactly the rows marked sent. */
export const itemsOfBatch = (batch: { id: bigint; status: string }) => ({
  batchId: batch.id,
  status: batch.status === 'planned' ? 'planned' : 'sent',
});

/** The operator-batch columns every store of batches shares (pools, collectives): the signature's compare-and-set and the inclusion. */
export class OperatorBatches {
  constructor(protected readonly db: PrismaClient) {}

  async signedExtrinsic(batchId: string): Promise<SignedExtrinsic | null> {
    return signedFromColumns(await this.db.operatorBatch.findUnique({ where: { id: BigInt(batchId) } }));
  }

  /** The batches of `purpose` stored and not yet included, oldest first, each with its items. */
  protected async openBatchesOf<Item>(
    purpose: string,
    itemsOf: (batch: { id: bigint; status: string }) => Promise<Item[]>,
  ): Promise<OpenBatch<Item>[]> {
    const batches = await this.db.operatorBatch.findMany({
      where: { purpose, status: { in: ['planned', 'signed'] } },
      orderBy: { id: 'asc' },
    });
    const out: OpenBatch<Item>[] = [];
    for (const b of batches) out.push(openBatch(b.id, b.status, await itemsOf(b)));
    return out;
  }

  /**
   * Plans a batch of `purpose` in one transaction: `keep` stores the items it keeps (their position
   * is their index in what it returns). A batch that kept none is not stored: null.
   */
  protected planBatch<Item>(
    purpose: string,
    keep: (tx: Tx, batchId: bigint) => Promise<Item[]>,
  ): Promise<OpenBatch<Item> | null> {
    return this.db.$transaction(async (tx) => {
      const batch = await tx.operatorBatch.create({ data: { purpose, status: 'planned', itemCount: 0 } });
      const kept = await keep(tx, batch.id);
      if (kept.length === 0) {
        await tx.operatorBatch.delete({ where: { id: batch.id } });
        return null;
      }
      await tx.operatorBatch.update({ where: { id: batch.id }, data: { itemCount: kept.length } });
      return openBatch(batch.id, 'planned', kept);
    });
  }

  protected async storeSignature(
    tx: Tx,
    batchId: string,
    signed: SignedExtrinsic,
    itemCount: number,
    guard: SignGuard,
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

// ------------------------------------------------------------------ pure-proxy accounts

/** The account columns, the same in every owner's table (SpendingPool, StakingCollective). */
export interface AccountWhere {
  id?: bigint | { in: bigint[] };
  account?: null;
  accountBatchId?: bigint | null;
  accountIndex?: number;
}

/** What the account batches set of those columns. */
export interface AccountColumns {
  account?: Address;
  accountBatchId?: bigint | null;
  accountError?: string | null;
}

/** An owner as an item of its account batch: its id and `proxy.createPure`'s index. */
export interface AccountRow {
  id: bigint;
  accountIndex: number;
}

/** How an owner's rows are read for its account items: the id and index, oldest first. */
export const ACCOUNT_ROWS = { orderBy: { id: 'asc' }, select: { id: true, accountIndex: true } } as const;

/** Owners without an account and without a batch creating one. */
export const UNPLANNED_ACCOUNT = { account: null, accountBatchId: null } as const;

/** One owner's table, as its account batches read and write it. */
export interface AccountTable {
  /** The purpose of the operator batches that create these accounts. */
  purpose: string;
  /** The owners `where` selects (read as ACCOUNT_ROWS). */
  find(where: AccountWhere): Promise<AccountRow[]>;
  /** Owners that need an account and have none, nor a batch creating one (UNPLANNED_ACCOUNT), oldest first. */
  withoutAccount(take: number): Promise<AccountRow[]>;
  update(tx: Tx, where: AccountWhere, data: AccountColumns): Promise<{ count: number }>;
  /** The error when some of the owners being planned were planned by another run meanwhile. */
  moved(): Error;
}

/** An item (or failure) of an owner whose id is under `Key` (poolId, collectiveId). */
type Owned<Key extends string, T> = Record<Key, string> & T;
type AccountItem<Key extends string> = Owned<Key, { index: number }>;

/** The pure-proxy batches of one kind of owner, over its table's account columns. */
export class PureAccountBatches<Key extends string>
  extends OperatorBatches
  implements PureAccountStore<AccountItem<Key>, Owned<Key, { error: string }>>
{
  constructor(
    db: PrismaClient,
    private readonly key: Key,
    private readonly table: AccountTable,
  ) {
    super(db);
  }

  private item(row: AccountRow): AccountItem<Key> {
    return { [this.key]: row.id.toString(), index: row.accountIndex } as AccountItem<Key>;
  }

  async openBatches(): Promise<OpenBatch<AccountItem<Key>>[]> {
    return this.openBatchesOf(this.table.purpose, async (b) =>
      (await this.table.find({ accountBatchId: b.id })).map((r) => this.item(r)),
    );
  }

  async withoutAccount(limit: number): Promise<AccountItem<Key>[]> {
    const rows = await this.table.withoutAccount(limit);
    // Indices must differ within one extrinsic: two owners 65,536 apart wait for the next batch.
    const seen = new Set<number>();
    return rows.filter((r) => !seen.has(r.accountIndex) && seen.add(r.accountIndex)).map((r) => this.item(r));
  }

  async plan(items: AccountItem<Key>[]): Promise<OpenBatch<AccountItem<Key>> | null> {
    return this.db.$transaction(async (tx) => {
      const batch = await tx.operatorBatch.create({
        data: { purpose: this.table.purpose, status: 'planned', itemCount: items.length },
      });
      const moved = await this.table.update(
        tx,
        { id: { in: items.map((i) => BigInt(i[this.key])) }, ...UNPLANNED_ACCOUNT },
        { accountBatchId: batch.id, accountError: null },
      );
      if (moved.count !== items.length) throw this.table.moved();
      return openBatch(batch.id, 'planned', items);
    });
  }

  async markSigned(batchId: string, signed: SignedExtrinsic, items: AccountItem<Key>[], guard: SignGuard) {
    await this.db.$transaction((tx) => this.storeSignature(tx, batchId, signed, items.length, guard));
  }

  async recordOutcome(batchId: string, included: Included & { extrinsicHash: string }) {
    // The accounts themselves are read from the block's events afterwards (awaitingAccounts).
    await this.db.$transaction((tx) => this.markIncluded(tx, batchId, included));
  }

  async awaitingAccounts() {
    const batches = await this.db.operatorBatch.findMany({
      where: { purpose: this.table.purpose, status: 'included', blockHash: { not: null } },
      orderBy: { id: 'asc' },
    });
    const out = [];
    for (const b of batches) {
      const rows = await this.table.find({ accountBatchId: b.id, account: null });
      if (rows.length === 0) continue;
      out.push({
        batchId: b.id.toString(),
        block: { hash: b.blockHash!, number: b.blockNumber! },
        extrinsicIndex: b.extrinsicIndex!,
        items: rows.map((r) => this.item(r)),
      });
    }
    return out;
  }

  async setAccounts(
    batchId: string,
    accounts: Map<number, Address>,
    failed: Owned<Key, { error: string }>[],
  ): Promise<void> {
    await this.db.$transaction(async (tx) => {
      for (const [index, account] of accounts)
        await this.table.update(
          tx,
          { accountBatchId: BigInt(batchId), accountIndex: index, account: null },
          { account },
        );
      for (const f of failed)
        await this.table.update(
          tx,
          { id: BigInt(f[this.key]), account: null },
          { accountBatchId: null, accountError: f.error },
        );
    });
  }
}

// ------------------------------------------------------------------ transfers out of the accounts

/** The token on chain a row moves, fixed when it was owed or planned (null: native). */
export const tokenOf = (assetId: bigint | null): ChainToken =>
  assetId === null ? { kind: 'native' } : { kind: 'asset', assetId: Number(assetId) };

/**
 * The call a stored transfer row makes: an endowment from the operator, or a payment out of the
 * owner's account in the token recorded with the row, whatever the registry says now.
 */
export function transferOf(
  row: { kind: string; address: string; assetId: bigint | null },
  amount: bigint,
  account: Address | null,
): PoolTransferItem {
  if (row.kind === 'endow') return { kind: 'endow', to: row.address, amount };
  return { kind: 'pay', from: account!, to: row.address, token: tokenOf(row.assetId), amount };
}

/** The owner's columns once its endowment is in a block. */
export const endowedColumns = (amount: { toFixed(dp?: number): string }) => ({
  endowed: true,
  endowment: toPlanck(amount)!,
});
