/** Reading exposures and paying rewards out. Plain data only: no codecs, no Prisma rows. */
import type { Address } from '../shared/types.js';
import type { SignedExtrinsic, TrackOptions, TrackResult } from './extrinsics.js';

export interface PayoutItem {
  era: number;
  validator: Address;
  page: number;
}

export interface ExposurePages {
  validator: Address;
  /** Pages of this validator's exposure in the era (1 on runtimes without paged exposures). */
  pageCount: number;
  /** Only the pages that hold one of the stashes asked about. */
  pages: { page: number; stashes: Address[] }[];
}

export interface PayoutReader {
  /** `staking.historyDepth`: eras older than activeEra - historyDepth can no longer be paid. */
  historyDepth(): number;
  /** True when the era has ended and its reward is known (`erasValidatorReward(era)` is set). */
  eraRewardKnown(era: number): Promise<boolean>;
  /** Exposures in `era` of `validators` that hold one of `stashes` (validators not exposed are left out). */
  exposures(era: number, validators: Address[], stashes: ReadonlySet<Address>): Promise<ExposurePages[]>;
  /** Pages of (era, validator) already paid, by anyone. */
  claimedPages(era: number, validator: Address): Promise<Set<number>>;
}

export interface PayoutWriter {
  operatorAddress(): Address | null;
  /** Split items into batches that each fit one extrinsic within the block limits. */
  packPayouts(items: PayoutItem[]): Promise<PayoutItem[][]>;
  /** `utility.forceBatch(items.map(payoutStakersByPage | payoutStakers))`, signed by the operator. */
  signPayoutBatch(items: PayoutItem[]): Promise<SignedExtrinsic>;
  sendAndTrack(signed: SignedExtrinsic, itemCount: number, options?: TrackOptions): Promise<TrackResult>;
  discard(signed: SignedExtrinsic): void;
}
