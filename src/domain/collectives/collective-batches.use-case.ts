import type { DelegationRepository } from '../delegation/delegation.repository.js';
import type { PoolChainReader, PoolTransferWriter } from '../pools/pool-chain.js';
import { deliverStoredBatch, planInPacks, type OpenBatch } from '../shared/batch-pipeline.js';
import { batchSigner, createPureAccounts, whyTooSmall, type PureProxyWriter } from '../shared/operator-accounts.js';
import type { SigningLock } from '../shared/signing-lock.js';
import type { Address } from '../shared/types.js';
import type {
  CollectiveAccountStore,
  CollectivePayeeStore,
  CollectiveTransferItem,
  CollectiveTransferStore,
  PayeeItem,
  PayeeWriter,
} from './collective-batches.js';
import { samePayee, type StakeReader, type StakeView } from './collective-chain.js';
import type { CollectiveRegistries } from './collective-deps.js';
import type { CollectiveRepository } from './collective.repository.js';
import type { RewardDestination } from './types.js';

export interface CollectiveBatchDeps {
  accounts: CollectiveAccountStore;
  payees: CollectivePayeeStore;
  transfers: CollectiveTransferStore;
  /** Creates the pure proxies (the pools' writer serves: the same call). */
  accountWriter: PureProxyWriter;
  /** Endowments and transfers out of the accounts (the pools' writer serves: the same calls). */
  transferWriter: PoolTransferWriter;
  payeeWriter: PayeeWriter;
  chain: Pick<PoolChainReader, 'existentialDeposit' | 'asset' | 'assetMinBalance' | 'holdsAnything'>;
  stakes: StakeReader;
  /** For the native token's denom (an endowment's row). */
  registries: Pick<CollectiveRegistries, 'nativeDenom'>;
  delegations: Pick<DelegationRepository, 'statusesOf'>;
  collectives: Pick<CollectiveRepository, 'countingOf'>;
  lock: SigningLock;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export type CollectiveBatchReport = {
  accountsCreated: number;
  /** Transfer batches included (endowments and payments). */
  transferBatches: number;
  paid: number;
  failed: number;
  keptOwed: number;
  payeeBatches: number;
  payeesDone: number;
  payeesFailed: number;
  payeesSkipped: number;
};

/** Bounded per run, so that one run stays short and the next takes the rest. */
const TRANSFERS_PER_RUN = 2_000;
const CHANGES_PER_RUN = 2_000;
const COLLECTIVES_PER_ACCOUNT_BATCH = 100;

/**
 * One run of the collectives' side of the operator's batches (the worker calls it every tick):
 * (1) pure-proxy accounts for new collectives; (2) batches stored before a crash, finished first;
 * (3) each new account's existential deposit from the operator, and the owed transfers out of the
 * accounts, grouped per collective, address and token; (4) the pending reward-destination changes,
 * after (3) so that a `set` finds its collective's account endowed in the same run. Every batch is
 * stored before it is signed and delivered exactly once (deliverStoredBatch).
 */
export async function runCollectiveBatches(deps: CollectiveBatchDeps): Promise<CollectiveBatchReport> {
  const report: CollectiveBatchReport = {
    accountsCreated: 0,
    transferBatches: 0,
    paid: 0,
    failed: 0,
    keptOwed: 0,
    payeeBatches: 0,
    payeesDone: 0,
    payeesFailed: 0,
    payeesSkipped: 0,
  };
  if (!deps.transferWriter.operatorAddress()) return report;
  report.accountsCreated = await createPureAccounts({
    lock: deps.lock,
    writer: deps.accountWriter,
    store: deps.accounts,
    perBatch: COLLECTIVES_PER_ACCOUNT_BATCH,
    failure: (item, error) => ({ collectiveId: item.collectiveId, error }),
    owner: 'collective',
    log: deps.log,
  });
  for (const open of await deps.transfers.openBatches()) await deliverTransfers(deps, open, report);
  for (const open of await deps.payees.openBatches()) await deliverPayees(deps, open, report);
  await sendTransfers(deps, report);
  await sendPayeeChanges(deps, report);
  return report;
}

// ------------------------------------------------------------------ transfers

async function sendTransfers(deps: CollectiveBatchDeps, report: CollectiveBatchReport): Promise<void> {
  const [unendowed, groups] = await Promise.all([
    deps.transfers.unendowed(),
    deps.transfers.owedGroups(TRANSFERS_PER_RUN),
  ]);
  // Most ticks have nothing to pay: no chain read, no registry read then.
  if (unendowed.length === 0 && groups.length === 0) return;
  const { value: ed } = await deps.chain.existentialDeposit();
  const planned: Parameters<CollectiveTransferStore['plan']>[0] = [];
  if (unendowed.length > 0) {
    // The endowment's row is in the native token, whatever the registry lists now.
    const denom = await deps.registries.nativeDenom();
    for (const c of unendowed)
      planned.push({
        kind: 'endow',
        collectiveId: c.collectiveId,
        denom,
        transfer: { kind: 'endow', to: c.account, amount: ed },
      });
  }
  for (const group of groups) {
    const why = await whyTooSmall(
      deps.chain,
      { to: group.address, denom: group.denom, token: group.token, amount: group.amount },
      ed,
    );
    if (why) {
      await deps.transfers.noteOwed(group, why);
      report.keptOwed += group.transferIds.length;
      continue;
    }
    planned.push({
      kind: 'pay',
      group,
      transfer: { kind: 'pay', from: group.account, to: group.address, token: group.token, amount: group.amount },
    });
  }
  await planInPacks(planned, {
    call: (p) => p.transfer,
    pack: (calls) => deps.transferWriter.packPoolTransfers(calls),
    plan: (slice) => deps.transfers.plan(slice),
    deliver: (batch) => deliverTransfers(deps, batch, report),
  });
}

async function deliverTransfers(
  deps: CollectiveBatchDeps,
  batch: OpenBatch<CollectiveTransferItem>,
  report: CollectiveBatchReport,
): Promise<void> {
  const writer = deps.transferWriter;
  const signer = batchSigner<CollectiveTransferItem>(writer, (items) =>
    writer.signPoolTransferBatch(items.map((i) => i.transfer)),
  );
  const results = await deliverStoredBatch({ lock: deps.lock, store: deps.transfers, signer }, batch);
  if (!results) return;
  report.transferBatches++;
  for (const r of results) {
    if (r.ok) report.paid += r.item.transferIds.length;
    else report.failed += r.item.transferIds.length;
  }
}

// ------------------------------------------------------------------ reward destinations

async function sendPayeeChanges(deps: CollectiveBatchDeps, report: CollectiveBatchReport): Promise<void> {
  const pending = await deps.payees.pending(CHANGES_PER_RUN);
  const items: PayeeItem[] = [];
  for (const p of pending) {
    const payee: RewardDestination | null =
      p.payee ?? (p.collectiveAccount ? { kind: 'Account', account: p.collectiveAccount } : null);
    // A set of an account that does not exist yet waits (the store does not list it either).
    if (!payee) continue;
    items.push({
      changeId: p.changeId,
      collective: p.collective,
      collectiveAccount: p.collectiveAccount,
      kind: p.kind,
      call: { stash: p.stash, payee },
    });
  }
  await planInPacks(items, {
    call: (i) => i.call,
    pack: (calls) => deps.payeeWriter.packPayeeCalls(calls),
    plan: (slice) => deps.payees.plan(slice),
    deliver: (batch) => deliverPayees(deps, batch, report),
  });
}

async function deliverPayees(
  deps: CollectiveBatchDeps,
  batch: OpenBatch<PayeeItem>,
  report: CollectiveBatchReport,
): Promise<void> {
  const writer = deps.payeeWriter;
  const signer = batchSigner<PayeeItem>(writer, (items) => writer.signPayeeBatch(items.map((i) => i.call)));
  const results = await deliverStoredBatch({ lock: deps.lock, store: deps.payees, signer }, batch, {
    // Under the lock, before every signature: the user's choice always wins.
    recheck: async (items) => {
      const { kept, skipped } = await checkPayeeChanges(deps, items);
      if (skipped.length > 0) {
        await deps.payees.skip(skipped);
        report.payeesSkipped += skipped.length;
      }
      return kept;
    },
    // A stored signature is handed to a node again only while every change in it may still go out;
    // otherwise it is only watched until it lands or expires (then signed anew without those).
    submitStored: async (_stored, items) => (await checkPayeeChanges(deps, items)).skipped.length === 0,
    emptyReason: 'every change was skipped before signing',
  });
  if (!results) return;
  report.payeeBatches++;
  for (const r of results) {
    if (r.ok) report.payeesDone++;
    else report.payeesFailed++;
  }
}

/**
 * Which changes may still go out, read now: NDeST's record of each stash, the chain (at one block)
 * and the collectives' commitments. Items are taken in order, each against the destination the
 * earlier items of the batch leave on chain.
 */
async function checkPayeeChanges(
  deps: CollectiveBatchDeps,
  items: PayeeItem[],
): Promise<{ kept: PayeeItem[]; skipped: { changeId: string; reason: string }[] }> {
  const stashes = [...new Set(items.map((i) => i.call.stash))];
  const setStashes = [...new Set(items.filter((i) => i.kind === 'set').map((i) => i.call.stash))];
  const [{ value: views }, statuses, counting] = await Promise.all([
    deps.stakes.stakes(stashes, deps.payeeWriter.operatorAddress()),
    deps.delegations.statusesOf(stashes),
    setStashes.length > 0 ? deps.collectives.countingOf(setStashes) : Promise.resolve(new Map<Address, string>()),
  ]);
  const payeeNow = new Map<Address, RewardDestination | null>();
  const kept: PayeeItem[] = [];
  const skipped: { changeId: string; reason: string }[] = [];
  for (const item of items) {
    const { stash } = item.call;
    const view = views.get(stash) ?? null;
    if (!payeeNow.has(stash)) payeeNow.set(stash, view?.payee ?? null);
    const reason = payeeSkipReason(item, {
      delegation: statuses.get(stash) ?? null,
      view,
      countingIn: counting.get(stash) ?? null,
      payeeNow: payeeNow.get(stash) ?? null,
    });
    if (reason) {
      skipped.push({ changeId: item.changeId, reason });
      continue;
    }
    kept.push(item);
    payeeNow.set(stash, item.call.payee);
  }
  return { kept, skipped };
}

/**
 * Why a change must not be sent, or null. The user's choice always wins: a stash that is no longer
 * an active delegation, or whose Staking proxy to the operator is gone, is left alone; a `restore`
 * only undoes the collective's own destination (the user may have chosen another since); a `set`
 * only serves a contribution that still counts in its collective.
 */
export function payeeSkipReason(
  item: Pick<PayeeItem, 'kind' | 'collective' | 'collectiveAccount'>,
  now: {
    /** NDeST's delegation status of the stash (null: none). */
    delegation: string | null;
    /** The chain's view of the stash (null: not read). */
    view: StakeView | null;
    /** The collective where the stash's contribution counts (null: none). */
    countingIn: string | null;
    /** The stash's reward destination once the batch's earlier items ran. */
    payeeNow: RewardDestination | null;
  },
): string | null {
  if (now.delegation !== 'active')
    return `the stash's delegation is ${now.delegation ?? 'unknown to NDeST'}, not active: its reward destination is the user's to set`;
  if (!now.view?.operatorProxy)
    return "the operator no longer holds the stash's Staking proxy: its reward destination is the user's to set";
  if (now.view.active === null) return 'the stash is no longer bonded';
  if (item.kind === 'set' && now.countingIn !== item.collective)
    return `the stash's contribution to ${item.collective} no longer counts`;
  if (
    item.kind === 'restore' &&
    (item.collectiveAccount === null || !samePayee(now.payeeNow, { kind: 'Account', account: item.collectiveAccount }))
  )
    return "the stash's reward destination is no longer the collective's account (the user chose another): left as it is";
  // Released, then contributing again before the restore went out: the destination stays.
  if (item.kind === 'restore' && now.countingIn === item.collective)
    return `the stash contributes to ${item.collective} again: its reward destination stays the collective's account`;
  return null;
}
