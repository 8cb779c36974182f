import { encodeAddress } from '@polkadot/util-crypto';
import type { PayoutItem, PayoutWriter } from '../domain/ports/payouts.js';
import type { SignedExtrinsic, TrackResult } from '../domain/ports/extrinsics.js';
import type { Address } from '../domain/shared/types.js';
import { sizeBatches } from './batch-sizing.js';
import type { ChainConnection } from './connection.js';
import { callFactoryFromApi } from './nomination-calls.js';
import type { PolkadotNominationWriter } from './nomination-writer.js';
import { buildPayoutBatchCall, payoutCallKind, payoutItemCall } from './payout-calls.js';

export interface PayoutWriterOptions {
  /** Cap on payouts per batch (null: only the block limits count). */
  maxItemsPerBatch?: number | null;
  /** Share of each per-extrinsic limit a batch may use. */
  safetyMarginPercent?: number;
}

/**
 * The operator's payout batches. Signing and tracking are the nomination writer's: the operator
 * has one nonce counter, one signing queue and one tracker in a process, whatever it signs.
 */
export class PolkadotPayoutWriter implements PayoutWriter {
  readonly #conn: ChainConnection;
  readonly #operator: PolkadotNominationWriter;
  readonly #opts: Required<PayoutWriterOptions>;

  constructor(conn: ChainConnection, operator: PolkadotNominationWriter, options: PayoutWriterOptions = {}) {
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

  /**
   * Payout weights are declared for a full page whatever the page holds, so every item weighs
   * the same: a full page is about 1.6 MB of proof on Asset Hub, a handful per block.
   */
  async packPayouts(items: PayoutItem[]): Promise<PayoutItem[][]> {
    if (items.length === 0) return [];
    return this.#conn.call('size payout batches', (api) => {
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
          safetyMarginPercent: this.#opts.safetyMarginPercent,
          maxItemsPerBatch: this.#opts.maxItemsPerBatch,
          // Any account can be fake-signed for a fee estimate; read-only mode has no operator.
          signerAddress: this.operatorAddress() ?? encodeAddress(new Uint8Array(32), this.#conn.ss58Prefix),
        },
      );
    });
  }

  signPayoutBatch(items: PayoutItem[]): Promise<SignedExtrinsic> {
    return this.#operator.signOperatorCall(
      'payout batch',
      (api) => buildPayoutBatchCall(callFactoryFromApi(api), payoutCallKind(api), items),
      { items: items.length },
    );
  }

  /** Item outcomes of a plain forceBatch: `ItemCompleted` → ok, `ItemFailed(e)` → e (e.g. `staking.AlreadyClaimed`). */
  sendAndTrack(signed: SignedExtrinsic, itemCount: number, options: { submit?: boolean } = {}): Promise<TrackResult> {
    return this.#operator.sendAndTrack(signed, itemCount, options);
  }

  discard(signed: SignedExtrinsic): void {
    this.#operator.discard(signed);
  }
}
