import type { ApiPromise } from '@polkadot/api';
import { weightCost } from '../src/chain/batch-sizing.js';
import { buildNominationBatchCall, callFactoryFromApi, nominateViaProxyCall } from '../src/chain/nomination-calls.js';
import type { NominationItem } from '../src/domain/ports/extrinsics.js';
import type { Planck } from '../src/domain/shared/types.js';
import type { WeightCost } from './bench-types.js';

/** Batch size of the second weight sample: base and marginal weight come from sizes 1 and k. */
const SAMPLE_K = 8;

export interface MeasuredBatch {
  weight: WeightCost;
  fee: Planck;
}

/** Real weights and fees from a runtime running locally (its `TransactionPaymentApi`, via `paymentInfo`). */
export class DevChainCosts {
  readonly #api: ApiPromise;
  readonly #signer: string;
  readonly #sample: (count: number) => NominationItem[];
  readonly #batches = new Map<number, MeasuredBatch>();

  constructor(api: ApiPromise, signer: string, sample: (count: number) => NominationItem[]) {
    this.#api = api;
    this.#signer = signer;
    this.#sample = sample;
  }

  /** `utility.forceBatch` of `size` sample items, as the service would sign it. */
  async batch(size: number): Promise<MeasuredBatch> {
    const known = this.#batches.get(size);
    if (known) return known;
    const call = buildNominationBatchCall(callFactoryFromApi(this.#api), this.#sample(size));
    const info = await this.#api.tx(call).paymentInfo(this.#signer);
    const measured = { weight: weightCost(info.weight), fee: info.partialFee.toBigInt() };
    this.#batches.set(size, measured);
    return measured;
  }

  /** Base (batch extrinsic itself) and marginal (one item) weight, from batches of 1 and k items. */
  async baseAndPerItem(): Promise<{ base: WeightCost; perItem: WeightCost }> {
    const one = (await this.batch(1)).weight;
    const k = (await this.batch(SAMPLE_K)).weight;
    const perItem = {
      refTime: (k.refTime - one.refTime) / BigInt(SAMPLE_K - 1),
      proofSize: (k.proofSize - one.proofSize) / BigInt(SAMPLE_K - 1),
    };
    return { base: { refTime: one.refTime - perItem.refTime, proofSize: one.proofSize - perItem.proofSize }, perItem };
  }

  /** One extrinsic per delegator: `proxy.proxy(stash, Staking, nominate(targets))` alone. */
  async single(): Promise<MeasuredBatch> {
    const call = nominateViaProxyCall(callFactoryFromApi(this.#api), this.#sample(1)[0]!);
    const info = await this.#api.tx(call).paymentInfo(this.#signer);
    return { weight: weightCost(info.weight), fee: info.partialFee.toBigInt() };
  }
}
