import type { Call } from '@polkadot/types/interfaces';
import { MAX_PURE_INDEX, type PoolTransferItem } from '../domain/pools/pool-chain.js';
import type { CallFactory } from './nomination-calls.js';

/** The pools' accounts are pure proxies of type Any: the operator moves any token of them. */
export const POOL_PROXY_TYPE = 'Any';

/**
 * `utility.forceBatch(indices.map(i => proxy.createPure('Any', 0, i)))`. A pure's address hashes
 * the creator, the block, the extrinsic's index, the type and `index`: within one extrinsic the
 * index alone tells two apart, so equal indices would collide (`proxy.Duplicate`).
 */
export function buildCreatePureBatchCall(f: CallFactory, indices: number[]): Call {
  checkPureIndices(indices);
  return f(
    'utility',
    'forceBatch',
    indices.map((index) => f('proxy', 'createPure', POOL_PROXY_TYPE, 0, index)),
  );
}

export function checkPureIndices(indices: number[]): void {
  if (indices.length === 0) throw new RangeError('no pure proxy index given');
  for (const index of indices) {
    if (!Number.isInteger(index) || index < 0 || index > MAX_PURE_INDEX)
      throw new RangeError(`pure proxy index ${index} is not a u16`);
  }
  if (new Set(indices).size !== indices.length) throw new RangeError('pure proxy indices repeat within one batch');
}

/**
 * One item's call. Native payments keep the account alive: the operator's endowment (the
 * existential deposit) stays, so the pool can pay out everything it holds and is never reaped.
 * Asset payments may empty the pool's holding of the asset (`assets.transfer`): a keep-alive one
 * would strand the asset's minimum balance in the pool for good; the native endowment keeps the
 * account itself alive. (An asset whose minimum is above 1 planck may then hand the last holder's
 * dust below that minimum to the recipient: the reconciliation reports it.)
 */
export function poolTransferItemCall(f: CallFactory, item: PoolTransferItem): Call {
  if (item.amount <= 0n) throw new RangeError(`transfer amount ${item.amount} is not positive`);
  if (item.kind === 'endow') return f('balances', 'transferKeepAlive', item.to, item.amount);
  const transfer =
    item.token.kind === 'native'
      ? f('balances', 'transferKeepAlive', item.to, item.amount)
      : f('assets', 'transfer', item.token.assetId, item.to, item.amount);
  return f('proxy', 'proxy', item.from, POOL_PROXY_TYPE, transfer);
}

/** `utility.forceBatch` of one call per item: an item that cannot be paid fails alone. */
export function buildPoolTransferBatchCall(f: CallFactory, items: PoolTransferItem[]): Call {
  return f(
    'utility',
    'forceBatch',
    items.map((item) => poolTransferItemCall(f, item)),
  );
}
