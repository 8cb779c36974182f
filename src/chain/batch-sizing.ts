import type { ApiPromise } from '@polkadot/api';
import type { Call } from '@polkadot/types/interfaces';
import type { NominationItem } from '../domain/ports/extrinsics.js';
import { packBatches, withMargin, type ResourceCost } from './batch-packing.js';
import { option } from './codec-values.js';
import { buildNominationBatchCall, callFactoryFromApi, nominateViaProxyCall } from './nomination-calls.js';
import type { NominationEncoder } from './nomination-encoder.js';

export interface SizingOptions {
  /** Share of each per-extrinsic limit a batch may use (e.g. 75). */
  safetyMarginPercent: number;
  maxItemsPerBatch: number | null;
  /** Any account: `paymentInfo` needs a signer to fake-sign with. */
  signerAddress: string;
  proxyType: string;
}

/** Signature, address, era, nonce, tip and the batch's compact item count: generous upper bound in bytes. */
const SIGNED_ENVELOPE_BYTES = 256n;
const UNLIMITED = 2n ** 64n;

interface WeightLike {
  refTime?: { toBigInt(): bigint };
  proofSize?: { toBigInt(): bigint };
  toBigInt?: () => bigint;
}

/** Weight V2 as {refTime, proofSize}; a V1 weight (a number) has no proof-size dimension. */
export function weightCost(weight: unknown): Pick<ResourceCost, 'refTime' | 'proofSize'> {
  const w = weight as WeightLike;
  if (w.refTime && w.proofSize) return { refTime: w.refTime.toBigInt(), proofSize: w.proofSize.toBigInt() };
  return { refTime: w.toBigInt ? w.toBigInt() : 0n, proofSize: 0n };
}

/** What one normal extrinsic may use: `blockWeights.perClass.normal.maxExtrinsic` (or the class/block maximum) and `blockLength.max.normal`. */
export function extrinsicLimits(api: ApiPromise): ResourceCost {
  const consts = api.consts.system as unknown as {
    blockWeights: { maxBlock: unknown; perClass: { normal: { maxExtrinsic: unknown; maxTotal: unknown } } };
    blockLength: { max: { normal: { toBigInt(): bigint } } };
  };
  const normal = consts.blockWeights.perClass.normal;
  const weight =
    option<unknown>(normal.maxExtrinsic) ?? option<unknown>(normal.maxTotal) ?? consts.blockWeights.maxBlock;
  const w = weightCost(weight);
  return {
    refTime: w.refTime,
    proofSize: (weight as WeightLike).proofSize ? w.proofSize : UNLIMITED,
    length: consts.blockLength.max.normal.toBigInt(),
  };
}

/** How a kind of batch is built, for `sizeBatches`. */
export interface BatchShape<T> {
  /** The batch extrinsic's call for `items` (e.g. `utility.forceBatch`). */
  batch(items: T[]): Call;
  /** One item's call inside the batch: its encoded length is the item's share of the batch length. */
  item(item: T): Call;
  /** The item whose weight bounds every other's. */
  heaviest: T;
  /**
   * Lengths without building calls (an encoder's), in place of `item(...).encodedLength` and
   * `batch([]).encodedLength`; `itemLength` may throw for an item that cannot be encoded.
   */
  lengths?: { item(item: T): number; emptyBatch: number };
}

/** Items sized between two turns of the event loop: sizing a large round must not hold it up. */
const SLICE_ITEMS = 2_000;

/**
 * Sizes batches from the runtime's own weights: `paymentInfo` of a batch of 1 and of 2 copies of
 * the heaviest item gives the base and the marginal weight (an upper bound for every item);
 * encoded lengths are exact per item.
 */
export async function sizeBatches<T>(
  api: ApiPromise,
  items: T[],
  shape: BatchShape<T>,
  options: Omit<SizingOptions, 'proxyType'>,
): Promise<T[][]> {
  if (items.length === 0) return [];
  const weightOf = async (n: number) => {
    const call = shape.batch(Array.from({ length: n }, () => shape.heaviest));
    const info = await api.tx(call).paymentInfo(options.signerAddress);
    return weightCost(info.weight);
  };
  const [one, two] = [await weightOf(1), await weightOf(2)];
  const marginal = {
    refTime: nonNegative(two.refTime - one.refTime),
    proofSize: nonNegative(two.proofSize - one.proofSize),
  };
  const base: ResourceCost = {
    refTime: nonNegative(one.refTime - marginal.refTime),
    proofSize: nonNegative(one.proofSize - marginal.proofSize),
    length: BigInt(shape.lengths?.emptyBatch ?? shape.batch([]).encodedLength) + SIGNED_ENVELOPE_BYTES,
  };
  const itemLength = shape.lengths?.item ?? ((item: T) => shape.item(item).encodedLength);
  const costs: ResourceCost[] = [];
  for (const [index, item] of items.entries()) {
    if (index > 0 && index % SLICE_ITEMS === 0) await new Promise(setImmediate);
    costs.push({ ...marginal, length: BigInt(itemLength(item)) });
  }
  const groups = packBatches({
    items: costs,
    base,
    limits: withMargin(extrinsicLimits(api), options.safetyMarginPercent),
    maxItems: options.maxItemsPerBatch,
  });
  return groups.map((group) => group.map((i) => items[i]!));
}

/**
 * Nomination batches: the heaviest item is the one with the most targets. With an encoder (of
 * this runtime), lengths come from it and every address is decoded here, once (the encoder keeps
 * them for signing), so an address that cannot be encoded fails the sizing as the registry would.
 */
export async function sizeNominationBatches(
  api: ApiPromise,
  items: NominationItem[],
  options: SizingOptions & { encoder?: NominationEncoder | null },
): Promise<NominationItem[][]> {
  if (items.length === 0) return [];
  const f = callFactoryFromApi(api);
  const { encoder } = options;
  return sizeBatches(
    api,
    items,
    {
      batch: (batch) => buildNominationBatchCall(f, batch, options.proxyType),
      item: (item) => nominateViaProxyCall(f, item, options.proxyType),
      heaviest: items.reduce((a, b) => (b.targets.length > a.targets.length ? b : a)),
      lengths: encoder
        ? {
            item: (item) => {
              encoder.check(item);
              return encoder.itemLength(item);
            },
            emptyBatch: encoder.emptyBatchLength(),
          }
        : undefined,
    },
    options,
  );
}

const nonNegative = (v: bigint): bigint => (v < 0n ? 0n : v);
