import type { PayeeCall, PayeeWriter } from '../domain/collectives/collective-batches.js';
import type { SignedExtrinsic } from '../domain/ports/extrinsics.js';
import { sizeBatches } from './batch-sizing.js';
import { callFactoryFromApi } from './nomination-calls.js';
import { OperatorBatchWriter } from './operator-batch-writer.js';
import { buildPayeeBatchCall, setPayeeViaProxyCall } from './payee-calls.js';

/**
 * The operator's reward-destination batches for the collectives: each stash's `staking.setPayee`
 * through its Staking proxy (signing and tracking: see OperatorBatchWriter).
 */
export class PolkadotPayeeWriter extends OperatorBatchWriter implements PayeeWriter {
  async packPayeeCalls(calls: PayeeCall[]): Promise<PayeeCall[][]> {
    if (calls.length === 0) return [];
    const signerAddress = this.feeSigner();
    return this.conn.call('size payee batches', (api) => {
      const f = callFactoryFromApi(api);
      return sizeBatches(
        api,
        calls,
        {
          batch: (batch) => buildPayeeBatchCall(f, batch),
          item: (call) => setPayeeViaProxyCall(f, call),
          // The destination does not change the weight; an account makes the longest call.
          heaviest: calls.find((c) => c.payee.kind === 'Account') ?? calls[0]!,
        },
        { ...this.sizing, signerAddress },
      );
    });
  }

  async signPayeeBatch(calls: PayeeCall[]): Promise<SignedExtrinsic> {
    if (calls.length === 0) throw new RangeError('no reward destination to set');
    return this.sign('payee batch', (api) => buildPayeeBatchCall(callFactoryFromApi(api), calls), calls.length);
  }
}
