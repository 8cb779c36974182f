import type { ApiPromise } from '@polkadot/api';
import type { PoolTransferItem, PoolTransferWriter } from '../domain/pools/pool-chain.js';
import type { SignedExtrinsic } from '../domain/ports/extrinsics.js';
import { extrinsicLimits, sizeBatches, weightCost } from './batch-sizing.js';
import { callFactoryFromApi, type CallFactory } from './nomination-calls.js';
import { OperatorBatchWriter, type OperatorBatchWriterOptions } from './operator-batch-writer.js';
import { buildPoolTransferBatchCall, poolTransferItemCall } from './pool-calls.js';

export type PoolTransferWriterOptions = OperatorBatchWriterOptions;

/** The operator's pool transfer batches: endowments of new pool accounts and payments from them. */
export class PolkadotPoolTransferWriter extends OperatorBatchWriter implements PoolTransferWriter {
  async packPoolTransfers(items: PoolTransferItem[]): Promise<PoolTransferItem[][]> {
    if (items.length === 0) return [];
    const signerAddress = this.feeSigner();
    return this.conn.call('size pool transfer batches', async (api) => {
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
          ...this.sizing,
          signerAddress,
        },
      );
    });
  }

  async signPoolTransferBatch(items: PoolTransferItem[]): Promise<SignedExtrinsic> {
    if (items.length === 0) throw new RangeError('no pool transfer to sign');
    return this.sign(
      'pool transfer batch',
      (api) => buildPoolTransferBatchCall(callFactoryFromApi(api), items),
      items.length,
    );
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
