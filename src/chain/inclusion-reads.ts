import type { ApiPromise } from '@polkadot/api';
import type { TrackResult } from '../domain/ports/extrinsics.js';
import type { BlockRef } from '../domain/shared/types.js';
import { decodeBatchOutcome } from './batch-outcome.js';
import { blockRef } from './codec-values.js';
import { batchEventsOf } from './extrinsic-events.js';

export interface Inclusion {
  block: BlockRef;
  extrinsicIndex: number;
}

/** Looks for the extrinsic `hash` in the best chain's blocks `from..to` (inclusive). */
export async function findExtrinsic(
  api: ApiPromise,
  hash: string,
  from: number,
  to: number,
): Promise<Inclusion | null> {
  for (let n = Math.max(from, 0); n <= to; n++) {
    const blockHash = await api.rpc.chain.getBlockHash(n);
    if (blockHash.isEmpty) return null;
    const { block } = await api.rpc.chain.getBlock(blockHash);
    const index = block.extrinsics.findIndex((ext) => ext.hash.toHex() === hash);
    if (index >= 0) return { block: { hash: blockHash.toHex(), number: n }, extrinsicIndex: index };
  }
  return null;
}

/** The per-item outcome of an included batch, read from the events of its block. */
export async function readInclusion(api: ApiPromise, inclusion: Inclusion, itemCount: number): Promise<TrackResult> {
  const apiAt = await api.at(inclusion.block.hash);
  const records = (await apiAt.query.system.events()) as unknown as unknown[];
  const events = batchEventsOf(apiAt.registry, records, inclusion.extrinsicIndex);
  const { outcomes, fee, extrinsicError } = decodeBatchOutcome(events, itemCount);
  return {
    kind: 'included',
    block: inclusion.block,
    extrinsicIndex: inclusion.extrinsicIndex,
    outcomes,
    fee,
    extrinsicError,
  };
}

export async function bestHead(api: ApiPromise): Promise<BlockRef> {
  return blockRef(await api.rpc.chain.getHeader());
}

export async function finalizedHead(api: ApiPromise): Promise<BlockRef> {
  return blockRef(await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead()));
}

/** The signer's nonce in the chain state `api` reads (a block's state via `api.at`; not the pool-aware next index). */
export async function onChainNonce(api: { query: ApiPromise['query'] }, account: string): Promise<number> {
  const info = (await api.query.system.account(account)) as unknown as { nonce: { toNumber(): number } };
  return info.nonce.toNumber();
}

/**
 * Resolves when a head above `after` is announced, or after `waitMs` at the latest. A fresh
 * subscription per wait: a long-lived one may silently die with its socket.
 */
export async function nextHead(api: ApiPromise, after: number, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let done = false;
  let unsubscribe: (() => void) | undefined;
  try {
    await new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
      api.rpc.chain
        .subscribeNewHeads((header) => {
          if (header.number.toNumber() > after) resolve();
        })
        .then(
          (unsub) => (done ? unsub() : (unsubscribe = unsub)),
          () => resolve(),
        );
    });
  } finally {
    done = true;
    clearTimeout(timer);
    unsubscribe?.();
  }
}
