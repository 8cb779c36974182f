import { weightCost } from '../src/chain/batch-sizing.js';
import type { OfflineRuntime } from '../src/chain/offline-calls.js';
import type { WeightCost } from './bench-types.js';

/**
 * ../shared/KUSAMA.md: "one proxy.proxy(nominate(24)) costs about 1.04 ms ref-time and 70 KB proof
 * size", estimated from the runtime's benchmark weights, not measured (no node runs this runtime here).
 */
export const ASSET_HUB_ITEM_ESTIMATE: WeightCost = { refTime: 1_040_000_000n, proofSize: 70_000n };

/** The runtime's own per-extrinsic base weight, a constant of its metadata. */
export function assetHubBase(runtime: OfflineRuntime): WeightCost {
  const system = runtime.decorated.consts.system as unknown as {
    blockWeights: { perClass: { normal: { baseExtrinsic: unknown } } };
  };
  return weightCost(system.blockWeights.perClass.normal.baseExtrinsic);
}

/**
 * Why no fee can be computed from this metadata alone, or null if it could be. The fee is
 * base + length fee + multiplier × weight fee; current runtimes keep WeightToFee and LengthToFee in
 * code (reachable only through the TransactionPaymentApi runtime call) and the multiplier in storage.
 */
export function assetHubFeeGap(runtime: OfflineRuntime): string {
  const constants = Object.keys((runtime.decorated.consts.transactionPayment ?? {}) as object);
  const polynomials = ['weightToFee', 'lengthToFee', 'transactionByteFee'].filter((name) => constants.includes(name));
  const found =
    constants.length > 0
      ? constants.map((c) => `transactionPayment.${c}`).join(', ')
      : 'no transactionPayment constant';
  if (polynomials.length === 0) {
    return `the metadata has only ${found}: WeightToFee/LengthToFee are runtime code (TransactionPaymentApi), which cannot run offline`;
  }
  return `the metadata has ${found}, but the fee multiplier (transactionPayment.nextFeeMultiplier) is chain state`;
}
