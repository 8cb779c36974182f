import type { ChainToken } from '../ports/chain-events.js';
import type { SignedExtrinsic } from '../ports/extrinsics.js';
import { deliverStoredBatch, type BatchSigner, type BatchStore, type OpenBatch } from './batch-pipeline.js';
import type { SigningLock } from './signing-lock.js';
import type { Address, BlockRef, Planck } from './types.js';

/**
 * What the accounts the operator controls share, whoever owns them (spending pools, staking
 * collectives; DESIGN §8 Accounts): each is a pure proxy the operator creates in batches, and a
 * payment out of one must not be too small for its recipient to receive.
 */

/** What every writer of the operator's batches offers besides signing its own kind of call. */
export type OperatorSigning = Omit<BatchSigner<never>, 'sign'>;

/** An operator writer as the pipeline's signer, signing items as `sign` builds them. */
export function batchSigner<Item>(
  writer: OperatorSigning,
  sign: (items: Item[]) => Promise<SignedExtrinsic>,
): BatchSigner<Item> {
  return {
    operatorAddress: () => writer.operatorAddress(),
    sign,
    sendAndTrack: (signed, count, options) => writer.sendAndTrack(signed, count, options),
    discard: (signed) => writer.discard(signed),
  };
}

/** Creates pure proxies of the operator (see PoolAccountWriter). */
export interface PureProxyWriter extends OperatorSigning {
  /** `utility.forceBatch(indices.map(i => proxy.createPure('Any', 0, i)))`; indices distinct u16. */
  signCreatePureBatch(indices: number[]): Promise<SignedExtrinsic>;
  /** The pure accounts the included extrinsic created for the operator, by index (failed items absent). */
  pureAccountsCreated(block: BlockRef, extrinsicIndex: number): Promise<Map<number, Address>>;
}

/** The batches that create one kind of owner's accounts, and where the accounts are written. */
export interface PureAccountStore<Item extends { index: number }, Failure> extends BatchStore<Item> {
  /** Batches stored and not yet included, oldest first. */
  openBatches(): Promise<OpenBatch<Item>[]>;
  /** Owners with no account and no batch creating one, oldest first, with distinct indices. */
  withoutAccount(limit: number): Promise<Item[]>;
  plan(items: Item[]): Promise<OpenBatch<Item> | null>;
  /** Included batches whose owners still lack their account: their events are read (again). */
  awaitingAccounts(): Promise<{ batchId: string; block: BlockRef; extrinsicIndex: number; items: Item[] }[]>;
  /** Sets the accounts read from the batch's events; owners whose item failed may be planned again. */
  setAccounts(batchId: string, accounts: Map<number, Address>, failed: Failure[]): Promise<void>;
}

/**
 * One run of account creation: finishes the batches stored before (a crash), plans one for up to
 * `perBatch` owners without an account, and reads the accounts of every included batch from its
 * events (read, not derived: the address hashes the block and the extrinsic's index). Returns how
 * many accounts were set.
 */
export async function createPureAccounts<Item extends { index: number }, Failure>(deps: {
  lock: SigningLock;
  writer: PureProxyWriter;
  store: PureAccountStore<Item, Failure>;
  perBatch: number;
  /** What the store records for an owner whose item created no account. */
  failure: (item: Item, error: string) => Failure;
  /** Names the owners in the failure's text and the log ("pool", "collective"). */
  owner: string;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}): Promise<number> {
  const { writer, store } = deps;
  const signer = batchSigner<Item>(writer, (items) => writer.signCreatePureBatch(items.map((i) => i.index)));
  for (const open of await store.openBatches()) await deliverStoredBatch({ lock: deps.lock, store, signer }, open);
  const waiting = await store.withoutAccount(deps.perBatch);
  if (waiting.length > 0) {
    const batch = await store.plan(waiting);
    if (batch) await deliverStoredBatch({ lock: deps.lock, store, signer }, batch);
  }
  let created = 0;
  for (const done of await store.awaitingAccounts()) {
    const accounts = await writer.pureAccountsCreated(done.block, done.extrinsicIndex);
    const failed = done.items
      .filter((i) => !accounts.has(i.index))
      .map((i) => deps.failure(i, `proxy.createPure did not create this ${deps.owner}'s account`));
    await store.setAccounts(done.batchId, accounts, failed);
    created += done.items.length - failed.length;
    deps.log?.(`${deps.owner} accounts created`, { batchId: done.batchId, created: done.items.length - failed.length });
  }
  return created;
}

/** The reads `whyTooSmall` needs (a subset of PoolChainReader's). */
export interface MinimumBalanceReads {
  asset(assetId: number): Promise<{ value: { isSufficient: boolean } | null }>;
  assetMinBalance(assetId: number): Promise<{ value: Planck | null }>;
  holdsAnything(address: Address, token: ChainToken): Promise<{ value: boolean }>;
}

/**
 * Why a payment cannot be made now, or null. Below the token's minimum balance, a transfer to an
 * account that holds none of the token would fail on chain (and a non-sufficient asset cannot
 * create an account at all): the amount stays owed, never lost, until more accrues or the
 * recipient holds some. `ed` is the native token's existential deposit.
 */
export async function whyTooSmall(
  chain: MinimumBalanceReads,
  payment: { to: Address; denom: string; token: ChainToken; amount: Planck },
  ed: Planck,
): Promise<string | null> {
  const { token } = payment;
  const minimum = token.kind === 'native' ? ed : ((await chain.assetMinBalance(token.assetId)).value ?? null);
  if (minimum === null)
    return `asset ${token.kind === 'asset' ? token.assetId : ''} does not exist on chain: kept owed`;
  if (token.kind === 'asset') {
    // A non-sufficient asset cannot create an account: the recipient needs some KSM first.
    const info = (await chain.asset(token.assetId)).value;
    if (info && !info.isSufficient && !(await chain.holdsAnything(payment.to, { kind: 'native' })).value)
      return `${payment.to} holds no KSM, and asset ${token.assetId} cannot create an account: kept owed until it does`;
  }
  if (payment.amount >= minimum) return null;
  if ((await chain.holdsAnything(payment.to, token)).value) return null;
  return `${payment.amount} planck is below the minimum balance ${minimum} of ${payment.denom} for an account that holds none: kept owed until more accrues`;
}
