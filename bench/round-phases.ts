import type { ApiPromise } from '@polkadot/api';
import { packBatches, withMargin, type ResourceCost } from '../src/chain/batch-packing.js';
import { extrinsicLimits } from '../src/chain/batch-sizing.js';
import { NominationEncoder } from '../src/chain/nomination-encoder.js';
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

/** The service's encoder for this runtime (src/chain/nomination-encoder.ts), its shape read from the metadata. */
export const encoderOf = (runtime: OfflineRuntime): NominationEncoder =>
  NominationEncoder.fromCalls(runtime.calls, proxyTypeOf(runtime));

/**
 * Item costs as the service's sizing gets them (sizeNominationBatches with an encoder): every
 * address decoded and checked once (kept for assembling), the length from the targets' count.
 */
export function buildItemCosts(
  encoder: NominationEncoder,
  items: NominationItem[],
  perItem: WeightCost,
  sampler: MemorySampler,
): ResourceCost[] {
  return items.map((item) => {
    sampler.tick();
    encoder.check(item);
    return { ...perItem, length: BigInt(encoder.itemLength(item)) };
  });
}

/** Batch packing against the runtime's per-extrinsic limits, with the service's safety margin. */
export function packItems(
  runtime: OfflineRuntime,
  encoder: NominationEncoder,
  costs: ResourceCost[],
  base: WeightCost,
  safetyMarginPercent: number,
): { groups: number[][]; limits: ResourceCost } {
  const limits = withMargin(offlineExtrinsicLimits(runtime), safetyMarginPercent);
  const emptyBatch = BigInt(encoder.emptyBatchLength());
  const groups = packBatches({
    items: costs,
    base: { ...base, length: emptyBatch + SIGNED_ENVELOPE_BYTES },
    limits,
    maxItems: null,
  });
  return { groups, limits };
}

/**
 * The `utility.forceBatch` call bytes of every batch, as the writer signs them (encodeBatch),
 * checked against the length limit; only its length is kept, as the service keeps no call between
 * batches.
 */
export function assembleBatches(
  encoder: NominationEncoder,
  items: NominationItem[],
  groups: number[][],
  lengthLimit: bigint,
  sampler: MemorySampler,
): number {
  let longest = 0;
  for (const group of groups) {
    const length = encoder.encodeBatch(group.map((i) => items[i]!)).length;
    if (BigInt(length) + SIGNED_ENVELOPE_BYTES > lengthLimit) {
      throw new Error(`a batch of ${group.length} items is ${length} bytes, over the limit of ${lengthLimit}`);
    }
    longest = Math.max(longest, length);
    sampler.sample();
  }
  return longest;
}
