import type { ApiPromise } from '@polkadot/api';
import { encodeAddress } from '@polkadot/util-crypto';
import type { PoolTransferItem, PoolTransferWriter } from '../domain/pools/pool-chain.js';
import type { SignedExtrinsic, TrackOptions, TrackResult } from '../domain/ports/extrinsics.js';
import type { Address } from '../domain/shared/types.js';
import { extrinsicLimits, sizeBatches, weightCost } from './batch-sizing.js';
import type { ChainConnection } from './connection.js';
import { callFactoryFromApi, type CallFactory } from './nomination-calls.js';
import type { PolkadotNominationWriter } from './nomination-writer.js';
import { buildPoolTransferBatchCall, poolTransferItemCall } from './pool-calls.js';

export interface PoolTransferWriterOptions {
  /** Cap on transfers per batch (null: only the block limits count). */
  maxItemsPerBatch?: number | null;
  /** Share of each per-extrinsic limit a batch may use. */
  safetyMarginPercent?: number;
}

/**
 * The operator's pool transfer batches: endowments of new pool accounts and payments from them.
 * Signing and tracking are the nomination writer's (one nonce counter per operator and process).
 */
export class PolkadotPoolTransferWriter implements PoolTransferWriter {
  readonly #conn: ChainConnection;
  readonly #operator: PolkadotNominationWriter;
  readonly #opts: Required<PoolTransferWriterOptions>;

  constructor(conn: ChainConnection, operator: PolkadotNominationWriter, options: PoolTransferWriterOptions = {}) {
    this.#conn = conn;
    this.#operator = operator;
    this.#opts = {
      maxItemsPerBatch: options.maxItemsPerBatch ?? null,
      safetyMarginPercent: options.safetyMarginPercent ?? 75,
    };
  }

  operatorAddress(): Address | null {
    return this.#operator.operatorAddress();
  }

  async packPoolTransfers(items: PoolTransferItem[]): Promise<PoolTransferItem[][]> {
    if (items.length === 0) return [];
    // Any account can be fake-signed for a fee estimate; read-only mode has no operator.
    const signerAddress = this.operatorAddress() ?? encodeAddress(new Uint8Array(32), this.#conn.ss58Prefix);
    return this.#conn.call('size pool transfer batches', async (api) => {
      const f = callFactoryFromApi(api);
      return sizeBatches(
        api,
        items,
        {
          batch: (batch) => buildPoolTransferBatchCall(f, batch),
          item: (item) => poolTransferItemCall(f, item),
          heaviest: await heaviestItem(api, f, items, signerAddress),
        },
        {
          safetyMarginPercent: this.#opts.safetyMarginPercent,
          maxItemsPerBatch: this.#opts.maxItemsPerBatch,
          signerAddress,
        },
      );
    });
  }

  async signPoolTransferBatch(items: PoolTransferItem[]): Promise<SignedExtrinsic> {
    if (items.length === 0) throw new RangeError('no pool transfer to sign');
    return this.#operator.signOperatorCall(
      'pool transfer batch',
      (api) => buildPoolTransferBatchCall(callFactoryFromApi(api), items),
      { items: items.length },
    );
  }

  /**
   * Item outcomes of a forceBatch: an endowment's error comes with `ItemFailed`, a payment's with
   * `ProxyExecuted(Err)` (the proxy call itself succeeded), e.g. `Token.FundsUnavailable`.
   */
  sendAndTrack(signed: SignedExtrinsic, itemCount: number, options: TrackOptions = {}): Promise<TrackResult> {
    return this.#operator.sendAndTrack(signed, itemCount, options);
  }

  discard(signed: SignedExtrinsic): void {
    this.#operator.discard(signed);
  }
}

/** One item per kind of call (endowment, native payment, asset payment): weights do not depend on the amounts or accounts. */
function shapeKey(item: PoolTransferItem): string {
  return item.kind === 'endow' ? 'endow' : item.token.kind;
}

/**
 * The item whose call the runtime weighs most, by its larger share of the per-extrinsic limits
 * (ref time or proof size): sizing counts every item at that weight.
 */
async function heaviestItem(
  api: ApiPromise,
  f: CallFactory,
  items: PoolTransferItem[],
  signerAddress: string,
): Promise<PoolTransferItem> {
  const shapes = [...new Map(items.map((item) => [shapeKey(item), item])).values()];
  if (shapes.length === 1) return shapes[0]!;
  const limits = extrinsicLimits(api);
  const share = (used: bigint, limit: bigint) => Number((used * 1_000_000n) / (limit > 0n ? limit : 1n));
  let best = shapes[0]!;
  let bestScore = -1;
  for (const item of shapes) {
    const info = await api.tx(buildPoolTransferBatchCall(f, [item])).paymentInfo(signerAddress);
    const w = weightCost(info.weight);
    const score = Math.max(share(w.refTime, limits.refTime), share(w.proofSize, limits.proofSize));
    if (score > bestScore) [best, bestScore] = [item, score];
  }
  return best;
}
