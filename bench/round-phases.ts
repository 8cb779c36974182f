import type { ApiPromise } from '@polkadot/api';
import { packBatches, withMargin, type ResourceCost } from '../src/chain/batch-packing.js';
import { extrinsicLimits } from '../src/chain/batch-sizing.js';
import { buildNominationBatchCall, nominateViaProxyCall } from '../src/chain/nomination-calls.js';
import type { OfflineRuntime } from '../src/chain/offline-calls.js';
import type { NominationItem } from '../src/domain/ports/extrinsics.js';
import type { WeightCost } from './bench-types.js';
import type { MemorySampler } from './memory-sampler.js';

/**
 * Bytes the signature, address, era, nonce and tip add to a batch: the bound src/chain/batch-sizing.ts
 * uses (SIGNED_ENVELOPE_BYTES, not exported there).
 */
export const SIGNED_ENVELOPE_BYTES = 256n;

/** `extrinsicLimits` reads only `consts.system`, which the offline decoration has in the same shape. */
export function offlineExtrinsicLimits(runtime: OfflineRuntime): ResourceCost {
  return extrinsicLimits({ consts: runtime.decorated.consts } as unknown as ApiPromise);
}

export const proxyTypeOf = (runtime: OfflineRuntime): string => runtime.capabilities.stakingProxyType ?? 'Staking';

/** Call building: every item's `proxy.proxy(stash, Staking, nominate(targets))`, kept only as its cost. */
export function buildItemCosts(
  runtime: OfflineRuntime,
  items: NominationItem[],
  perItem: WeightCost,
  sampler: MemorySampler,
): ResourceCost[] {
  const proxyType = proxyTypeOf(runtime);
  return items.map((item) => {
    sampler.tick();
    const length = BigInt(nominateViaProxyCall(runtime.calls, item, proxyType).encodedLength);
    return { ...perItem, length };
  });
}

/** Batch packing against the runtime's per-extrinsic limits, with the service's safety margin. */
export function packItems(
  runtime: OfflineRuntime,
  costs: ResourceCost[],
  base: WeightCost,
  safetyMarginPercent: number,
): { groups: number[][]; limits: ResourceCost } {
  const limits = withMargin(offlineExtrinsicLimits(runtime), safetyMarginPercent);
  const emptyBatch = BigInt(buildNominationBatchCall(runtime.calls, [], proxyTypeOf(runtime)).encodedLength);
  const groups = packBatches({
    items: costs,
    base: { ...base, length: emptyBatch + SIGNED_ENVELOPE_BYTES },
    limits,
    maxItems: null,
  });
  return { groups, limits };
}

/**
 * The `utility.forceBatch` call of every batch, as signing would build it, checked against the
 * length limit; only its length is kept, as the service keeps no call between batches.
 */
export function assembleBatches(
  runtime: OfflineRuntime,
  items: NominationItem[],
  groups: number[][],
  lengthLimit: bigint,
  sampler: MemorySampler,
): number {
  const proxyType = proxyTypeOf(runtime);
  let longest = 0;
  for (const group of groups) {
    const call = buildNominationBatchCall(
      runtime.calls,
      group.map((i) => items[i]!),
      proxyType,
    );
    const length = call.encodedLength;
    if (BigInt(length) + SIGNED_ENVELOPE_BYTES > lengthLimit) {
      throw new Error(`a batch of ${group.length} items is ${length} bytes, over the limit of ${lengthLimit}`);
    }
    longest = Math.max(longest, length);
    sampler.sample();
  }
  return longest;
}
