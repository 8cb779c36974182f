import type { ChainToken } from '../ports/chain-events.js';
import { deliverStoredBatch, planInPacks } from '../shared/batch-pipeline.js';
import { batchSigner, createPureAccounts, whyTooSmall } from '../shared/operator-accounts.js';
import type { SigningLock } from '../shared/signing-lock.js';
import type { PoolAccountWriter, PoolChainReader, PoolTransferItem, PoolTransferWriter } from './pool-chain.js';
import type { PoolAccountStore, PoolPaymentItem, PoolPaymentStore } from './pool-batches.js';
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
  report.accountsCreated = await createPureAccounts({
    lock: deps.lock,
    writer: deps.accountWriter,
    store: deps.accounts,
    perBatch: POOLS_PER_ACCOUNT_BATCH,
    failure: (item, error) => ({ poolId: item.poolId, error }),
    owner: 'pool',
    log: deps.log,
  });

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
    const why = await whyTooSmall(
      deps.chain,
      { to: group.address, denom: group.denom, token, amount: group.amount },
      ed,
    );
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
  await planInPacks(planned, {
    call: (p) => p.transfer,
    pack: (calls) => deps.writer.packPoolTransfers(calls),
    plan: (slice) => deps.store.plan(slice),
    deliver: (batch) => deliverPayments(deps, batch, report),
  });
  return report;
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

const payer = (writer: PoolTransferWriter) =>
  batchSigner<PoolPaymentItem>(writer, (items) => writer.signPoolTransferBatch(items.map((i) => i.transfer)));

export type { PoolTransferItem };
