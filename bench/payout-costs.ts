import type { ApiPromise } from '@polkadot/api';
import { withMargin, type ResourceCost } from '../src/chain/batch-packing.js';
import { extrinsicLimits, sizeBatches, weightCost } from '../src/chain/batch-sizing.js';
import { callFactoryFromApi } from '../src/chain/nomination-calls.js';
import {
  buildPayoutBatchCall,
  payoutCallKind,
  payoutItemCall,
  type PayoutCallKind,
} from '../src/chain/payout-calls.js';
import type { PayoutItem } from '../src/domain/ports/payouts.js';
import type { MeasuredBatch } from './dev-chain-costs.js';

export interface PayoutFigures {
  kind: PayoutCallKind;
  /** How many payout items were offered to `sizeBatches`. */
  offered: number;
  /** Items in the first (largest) batch `sizeBatches` made. */
  perExtrinsic: number;
  /** `paymentInfo` of that batch. */
  batch: MeasuredBatch;
  /** Encoded length of that batch's call (unsigned). */
  batchBytes: number;
  /** `paymentInfo` of one payout as its own extrinsic. */
  single: MeasuredBatch;
  /** The per-extrinsic limits with the safety margin, as the sizing used them. */
  limits: ResourceCost;
}

/**
 * Payout batches as the payout writer sizes them (`sizeBatches` with `buildPayoutBatchCall`), against
 * the runtime: `payoutStakersByPage` where it exists, `payoutStakers` otherwise. A payout's weight is
 * declared for a full exposure page whatever the page holds, so any validator, era and page will do.
 */
export async function measurePayouts(
  api: ApiPromise,
  items: PayoutItem[],
  signer: string,
  safetyMarginPercent: number,
): Promise<PayoutFigures> {
  const f = callFactoryFromApi(api);
  const kind = payoutCallKind(api);
  const groups = await sizeBatches(
    api,
    items,
    {
      batch: (batch) => buildPayoutBatchCall(f, kind, batch),
      item: (item) => payoutItemCall(f, kind, item),
      heaviest: items[0]!,
    },
    { safetyMarginPercent, maxItemsPerBatch: null, signerAddress: signer },
  );
  const first = groups[0] ?? [];
  const measure = async (call: ReturnType<typeof payoutItemCall>): Promise<MeasuredBatch> => {
    const info = await api.tx(call).paymentInfo(signer);
    return { weight: weightCost(info.weight), fee: info.partialFee.toBigInt() };
  };
  const batchCall = buildPayoutBatchCall(f, kind, first);
  return {
    kind,
    offered: items.length,
    perExtrinsic: first.length,
    batch: await measure(batchCall),
    batchBytes: batchCall.encodedLength,
    single: await measure(payoutItemCall(f, kind, items[0]!)),
    limits: withMargin(extrinsicLimits(api), safetyMarginPercent),
  };
}
