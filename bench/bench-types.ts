import type { ResourceCost } from '../src/chain/batch-packing.js';

export type WeightCost = Pick<ResourceCost, 'refTime' | 'proofSize'>;

/** What one child process is asked to run: one runtime × one round size. */
export interface CaseInput {
  runtime: string;
  /** Raw `RuntimeMetadataPrefixed` bytes of the runtime, on disk. */
  metadataPath: string;
  fixturePath: string;
  ss58Prefix: number;
  delegators: number;
  targetsPerDelegator: number;
  commissionCapPercent: number;
  safetyMarginPercent: number;
  /** Weight of the batch extrinsic itself (envelope, signature, batch overhead). */
  base: WeightCost;
  /** Marginal weight of one `proxy.proxy(nominate)` item. */
  perItem: WeightCost;
}

export interface PhaseTimes {
  snapshot: number;
  draw: number;
  build: number;
  pack: number;
  assemble: number;
}

export interface CaseResult {
  runtime: string;
  delegators: number;
  phasesMs: PhaseTimes;
  totalMs: number;
  /** RSS after loading the runtime and generating the delegations, before the first phase. */
  baselineRssBytes: number;
  peakRssBytes: number;
  peakHeapBytes: number;
  candidatesListed: number;
  eligiblePool: number;
  selections: number;
  /** Batch sizes of the round in order. */
  batchSizes: number[];
  /** Encoded length of the longest `utility.forceBatch` call of the round (unsigned). */
  longestBatchBytes: number;
  /** Encoded length of one `proxy.proxy(nominate)` item. */
  itemBytes: number;
  limits: ResourceCost;
}
