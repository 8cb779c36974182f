import type { PayoutItem } from '../ports/payouts.js';
import type { SignedExtrinsic } from '../ports/extrinsics.js';
import type { SignGuard } from '../rounds/round.repository.js';
import type { ItemResult } from '../shared/batch-pipeline.js';
import type { Address, BlockRef, Planck } from '../shared/types.js';

export interface OpenPayoutBatch {
  id: string;
  era: number;
  status: 'planned' | 'signed';
  /** Items still to pay: `batched` (planned batch) or `sent` (signed batch), in signing order. */
  items: PayoutItem[];
}

/** Where a payout batch's signature landed; each page's result is decided by the domain (itemResults). */
export interface PayoutInclusion {
  /** The signature that landed. */
  extrinsicHash: string;
  block: BlockRef;
  extrinsicIndex: number;
  fee: Planck | null;
  extrinsicError: string | null;
}

export interface EraFees {
  era: number;
  batches: number;
  /** Pages sent in those batches. */
  items: number;
  fee: Planck;
}

export interface PayoutRepository {
  /** Stashes the service nominated at least once, and the validators it nominated for them. */
  nominationHistory(): Promise<{ stashes: Set<Address>; validators: Address[] }>;
  scannedEras(from: number, to: number): Promise<Set<number>>;
  /**
   * Records the pages found in an era (each once, however often called), then marks the era
   * scanned: a scan interrupted between the two is done again and stores nothing twice.
   */
  recordScan(era: number, pages: { validator: Address; page: number; stashes: Address[] }[]): Promise<void>;
  /** Pages still to pay (due, or failed fewer than `maxAttempts` times) from `minEra` on, oldest first. */
  due(minEra: number, maxAttempts: number): Promise<PayoutItem[]>;
  /** Pages left unpaid past the history depth can never be paid. */
  expireBefore(minEra: number): Promise<number>;
  markClaimedByOther(items: PayoutItem[]): Promise<void>;
  /** One planned batch per group, its pages `batched` into it, atomically; returns the batch ids in order. */
  createBatches(era: number, groups: PayoutItem[][]): Promise<string[]>;
  openBatches(): Promise<OpenPayoutBatch[]>;
  signedExtrinsic(batchId: string): Promise<SignedExtrinsic | null>;
  /**
   * Stores the signature before sending; exactly `items` become `sent` (pages dropped since the
   * last signature were marked claimed by others before). A compare-and-set, like
   * RoundRepository.markBatchSigned: throws when the batch moved on or the fence is outdated.
   */
  markSigned(batchId: string, signed: SignedExtrinsic, items: PayoutItem[], guard: SignGuard): Promise<void>;
  /** Every page of it was paid by someone else before we signed. */
  closeEmptyBatch(batchId: string, reason: string): Promise<void>;
  /**
   * Records the inclusion and each page's result (see pageOutcome), once per signature: a second
   * call for the same extrinsic does nothing.
   */
  recordOutcome(batchId: string, inclusion: PayoutInclusion, results: ItemResult<PayoutItem>[]): Promise<void>;
  feesByEra(): Promise<EraFees[]>;
}
