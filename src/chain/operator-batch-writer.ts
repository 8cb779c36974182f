import type { ApiPromise } from '@polkadot/api';
import type { Call } from '@polkadot/types/interfaces';
import { encodeAddress } from '@polkadot/util-crypto';
import type { SignedExtrinsic, TrackOptions, TrackResult } from '../domain/ports/extrinsics.js';
import type { Address } from '../domain/shared/types.js';
import type { ChainConnection } from './connection.js';
import type { PolkadotNominationWriter } from './nomination-writer.js';

export interface OperatorBatchWriterOptions {
  /** Cap on items per batch (null: only the block limits count). */
  maxItemsPerBatch?: number | null;
  /** Share of each per-extrinsic limit a batch may use. */
  safetyMarginPercent?: number;
}

/**
 * What every writer of the operator's batches shares (payouts, pool accounts, pool transfers):
 * signing and tracking are the nomination writer's, because the operator has one nonce counter,
 * one signing queue and one tracker in a process, whatever it signs.
 */
export abstract class OperatorBatchWriter {
  protected readonly conn: ChainConnection;
  readonly #operator: PolkadotNominationWriter;
  protected readonly sizing: Required<OperatorBatchWriterOptions>;

  constructor(conn: ChainConnection, operator: PolkadotNominationWriter, options: OperatorBatchWriterOptions = {}) {
    this.conn = conn;
    this.#operator = operator;
    this.sizing = {
      maxItemsPerBatch: options.maxItemsPerBatch ?? null,
      safetyMarginPercent: options.safetyMarginPercent ?? 75,
    };
  }

  operatorAddress(): Address | null {
    return this.#operator.operatorAddress();
  }

  /** Any account can be fake-signed for a fee estimate; read-only mode has no operator. */
  protected feeSigner(): Address {
    return this.operatorAddress() ?? encodeAddress(new Uint8Array(32), this.conn.ss58Prefix);
  }

  protected sign(label: string, build: (api: ApiPromise) => Call, items: number): Promise<SignedExtrinsic> {
    return this.#operator.signOperatorCall(label, build, { items });
  }

  /** Each item's outcome: `ItemCompleted`, or the error of `ItemFailed` or of `ProxyExecuted(Err)`. */
  sendAndTrack(signed: SignedExtrinsic, itemCount: number, options: TrackOptions = {}): Promise<TrackResult> {
    return this.#operator.sendAndTrack(signed, itemCount, options);
  }

  discard(signed: SignedExtrinsic): void {
    this.#operator.discard(signed);
  }
}
