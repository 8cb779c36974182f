import type { ChainToken } from '../ports/chain-events.js';
import type { SignedExtrinsic } from '../ports/extrinsics.js';
import { deliverStoredBatch, type BatchSigner } from '../shared/batch-pipeline.js';
import type { SigningLock } from '../shared/signing-lock.js';
import type {
  OperatorExtrinsics,
  PoolAccountWriter,
  PoolChainReader,
  PoolTransferItem,
  PoolTransferWriter,
} from './pool-chain.js';
import type { OwedGroup, PoolAccountStore, PoolPaymentItem, PoolPaymentStore } from './pool-batches.js';
import { chainTokenOf, type PoolRegistries } from './pool-registries.js';

export interface PoolPaymentDeps {
  store: PoolPaymentStore;
  accounts: PoolAccountStore;
  chain: PoolChainReader;
  writer: PoolTransferWriter;
  accountWriter: PoolAccountWriter;
  registries: Pick<PoolRegistries, 'tokens'>;
  lock: SigningLock;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface PoolPaymentReport {
  accountsCreated: number;
  batches: number;
  paid: number;
  failed: number;
  keptOwed: number;
}

/** Groups planned per run: bounded, so that one run stays short and the next takes the rest. */
const GROUPS_PER_RUN = 2_000;
const POOLS_PER_ACCOUNT_BATCH = 100;

/**
 * The pools' side of the operator's batches, one run: (1) pure-proxy accounts for new pools,
 * (2) their existential deposit from the operator, (3) every owed line, grouped per pool,
 * beneficiary and token into one transfer. Each batch is stored before it is signed and delivered
 * exactly once (see deliverStoredBatch); a run after a crash first finishes the batches stored
 * before it. An amount below the token's minimum for an account that holds none of it would fail
 * on chain: it stays owed (with a note), never lost, until more accrues.
 */
export async function runPoolPayments(deps: PoolPaymentDeps): Promise<PoolPaymentReport> {
  const report: PoolPaymentReport = { accountsCreated: 0, batches: 0, paid: 0, failed: 0, keptOwed: 0 };
  if (!deps.writer.operatorAddress()) return report;
  report.accountsCreated = await createAccounts(deps);

  for (const open of await deps.store.openBatches()) await deliverPayments(deps, open, report);

  const [unendowed, groups] = await Promise.all([deps.store.unendowed(), deps.store.owedGroups(GROUPS_PER_RUN)]);
  // Most ticks have nothing to pay: no chain read, no registry read then.
  if (unendowed.length === 0 && groups.length === 0) return report;
  const tokens = await deps.registries.tokens();
  const tokenOf = (denom: string): ChainToken | null => {
    const t = tokens.get(denom);
    return t ? chainTokenOf(t) : null;
  };
  const planned: Parameters<PoolPaymentStore['plan']>[0] = [];
  const { value: ed } = await deps.chain.existentialDeposit();
  for (const pool of unendowed)
    planned.push({ kind: 'endow', poolId: pool.poolId, transfer: { kind: 'endow', to: pool.account, amount: ed } });
  for (const group of groups) {
    const token = tokenOf(group.denom);
    if (!token) {
      await deps.store.noteOwed(
        group,
        `token ${group.denom} is no longer in the token registry: kept owed until it is listed again`,
      );
      report.keptOwed++;
      continue;
    }
    const why = await tooSmall(deps, group, token, ed);
    if (why) {
      await deps.store.noteOwed(group, why);
      report.keptOwed++;
      continue;
    }
    planned.push({
      kind: 'pay',
      group,
      transfer: { kind: 'pay', from: group.account, to: group.address, token, amount: group.amount },
    });
  }
  if (planned.length === 0) return report;
  const packs = await deps.writer.packPoolTransfers(planned.map((p) => p.transfer));
  let offset = 0;
  for (const pack of packs) {
    const slice = planned.slice(offset, offset + pack.length);
    offset += pack.length;
    const batch = await deps.store.plan(slice);
    if (batch) await deliverPayments(deps, batch, report);
  }
  return report;
}

/** Why an amount cannot be paid now, or null: below the minimum for an account holding none of it. */
async function tooSmall(
  deps: PoolPaymentDeps,
  group: OwedGroup,
  token: ChainToken,
  ed: bigint,
): Promise<string | null> {
  const minimum = token.kind === 'native' ? ed : ((await deps.chain.assetMinBalance(token.assetId)).value ?? null);
  if (minimum === null)
    return `asset ${token.kind === 'asset' ? token.assetId : ''} does not exist on chain: kept owed`;
  if (token.kind === 'asset') {
    // A non-sufficient asset cannot create an account: the recipient needs some KSM first.
    const info = (await deps.chain.asset(token.assetId)).value;
    if (info && !info.isSufficient && !(await deps.chain.holdsAnything(group.address, { kind: 'native' })).value)
      return `${group.address} holds no KSM, and asset ${token.assetId} cannot create an account: kept owed until it does`;
  }
  if (group.amount >= minimum) return null;
  if ((await deps.chain.holdsAnything(group.address, token)).value) return null;
  return `${group.amount} planck is below the minimum balance ${minimum} of ${group.denom} for an account that holds none: kept owed until more accrues`;
}

async function deliverPayments(
  deps: PoolPaymentDeps,
  batch: Awaited<ReturnType<PoolPaymentStore['openBatches']>>[number],
  report: PoolPaymentReport,
): Promise<void> {
  const results = await deliverStoredBatch({ lock: deps.lock, store: deps.store, signer: payer(deps.writer) }, batch);
  if (!results) return;
  report.batches++;
  for (const r of results) {
    if (r.ok) report.paid++;
    else report.failed++;
  }
}

/** An operator writer as the pipeline's signer, signing items as `sign` builds them. */
function batchSigner<Item>(
  writer: OperatorExtrinsics,
  sign: (items: Item[]) => Promise<SignedExtrinsic>,
): BatchSigner<Item> {
  return {
    operatorAddress: () => writer.operatorAddress(),
    sign,
    sendAndTrack: (signed, count, options) => writer.sendAndTrack(signed, count, options),
    discard: (signed) => writer.discard(signed),
  };
}

const payer = (writer: PoolTransferWriter) =>
  batchSigner<PoolPaymentItem>(writer, (items) => writer.signPoolTransferBatch(items.map((i) => i.transfer)));

/** Pure proxies for pools that have none yet, and the accounts read from the events of an included batch. */
async function createAccounts(deps: PoolPaymentDeps): Promise<number> {
  const w = deps.accountWriter;
  const signer = batchSigner<{ index: number }>(w, (items) => w.signCreatePureBatch(items.map((i) => i.index)));
  for (const open of await deps.accounts.openBatches())
    await deliverStoredBatch({ lock: deps.lock, store: deps.accounts, signer }, open);
  const waiting = await deps.accounts.withoutAccount(POOLS_PER_ACCOUNT_BATCH);
  if (waiting.length > 0) {
    const batch = await deps.accounts.plan(waiting);
    if (batch) await deliverStoredBatch({ lock: deps.lock, store: deps.accounts, signer }, batch);
  }
  let created = 0;
  for (const done of await deps.accounts.awaitingAccounts()) {
    const accounts = await w.pureAccountsCreated(done.block, done.extrinsicIndex);
    const failed = done.items
      .filter((i) => !accounts.has(i.index))
      .map((i) => ({ poolId: i.poolId, error: "proxy.createPure did not create this pool's account" }));
    await deps.accounts.setAccounts(done.batchId, accounts, failed);
    created += done.items.length - failed.length;
    deps.log?.('pool accounts created', { batchId: done.batchId, created: done.items.length - failed.length });
  }
  return created;
}

export type { PoolTransferItem };
