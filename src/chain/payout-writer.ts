import type { PayoutItem, PayoutWriter } from '../domain/ports/payouts.js';
import type { SignedExtrinsic } from '../domain/ports/extrinsics.js';
import { sizeBatches } from './batch-sizing.js';
import { callFactoryFromApi } from './nomination-calls.js';
import { OperatorBatchWriter, type OperatorBatchWriterOptions } from './operator-batch-writer.js';
import { buildPayoutBatchCall, payoutCallKind, payoutItemCall } from './payout-calls.js';

export type PayoutWriterOptions = OperatorBatchWriterOptions;

/** The operator's payout batches (signing and tracking: see OperatorBatchWriter). */
export class PolkadotPayoutWriter extends OperatorBatchWriter implements PayoutWriter {
  /**
   * Payout weights are declared for a full page whatever the page holds, so every item weighs
   * the same: a full page is about 1.6 MB of proof on Asset Hub, a handful per block.
   */
  async packPayouts(items: PayoutItem[]): Promise<PayoutItem[][]> {
    if (items.length === 0) return [];
    return this.conn.call('size payout batches', (api) => {
      const f = callFactoryFromApi(api);
      const kind = payoutCallKind(api);
      return sizeBatches(
        api,
        items,
        {
          batch: (batch) => buildPayoutBatchCall(f, kind, batch),
          item: (item) => payoutItemCall(f, kind, item),
          heaviest: items[0]!,
        },
        {
          ...this.sizing,
          signerAddress: this.feeSigner(),
        },
      );
    });
  }

  signPayoutBatch(items: PayoutItem[]): Promise<SignedExtrinsic> {
    return this.sign(
      'payout batch',
      (api) => buildPayoutBatchCall(callFactoryFromApi(api), payoutCallKind(api), items),
      items.length,
    );
  }
}
