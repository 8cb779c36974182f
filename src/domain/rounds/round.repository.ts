import type { SignedExtrinsic } from '../ports/extrinsics.js';
import type { ItemResult } from '../shared/batch-pipeline.js';
import type { SigningFence } from '../shared/signing-lock.js';
import type { Page, PageRequest } from '../shared/page.js';
import type { Address, BlockRef, Planck } from '../shared/types.js';
import type { Batch, PlannedSelection, Round, RoundTrigger, Selection } from './types.js';

export interface NewRound {
  trigger: RoundTrigger;
  /** One real round per active era: a second create with the same key returns the first. */
  eraKey: number | null;
  dryRun: boolean;
  targetsPerDelegator: number;
  rotationEras: number;
}

/** What a round binds itself to before its seed exists. */
export interface SeedCommitment {
  commitBlockNumber: number;
  seedBlockNumber: number;
  snapshotId: string;
  activeEra: number;
}

export interface RoundPlan {
  activeEra: number;
  seed: string;
  seedBlockHash: string;
  snapshotId: string;
  note: string | null;
  /** Selections with the batch each belongs to (null for dry runs is not allowed: dry runs are packed too). */
  selections: (PlannedSelection & { batchIndex: number })[];
  batchSizes: number[];
}

/** How a round ended without a plan to send: nothing to do (completed) or nothing to draw from (skipped). */
export interface PlanlessOutcome {
  status: 'skipped' | 'completed';
  note: string;
  activeEra: number | null;
  seed: string | null;
  seedBlockHash: string | null;
  snapshotId: string | null;
}

/** Signing a batch is a compare-and-set: from its stored state, by the holder of the latest fence. */
export interface SignGuard {
  /** The hash of the batch's stored signature being replaced (it expired), null for a planned batch. */
  previousHash: string | null;
  fence: SigningFence;
}

export interface BatchItem {
  selectionId: string;
  delegationId: string;
  stash: Address;
  targets: Address[];
  reason: Selection['reason'];
  status: Selection['status'];
  /** The signature it is `sent` with (or was last sent with). */
  extrinsicHash: string | null;
}

/** Where a batch's signature landed; each item's result is decided by the domain (itemResults). */
export interface BatchInclusion {
  /** The signature that landed. */
  extrinsicHash: string;
  block: BlockRef;
  extrinsicIndex: number;
  fee: Planck | null;
  extrinsicError: string | null;
  at: Date;
}

/** What a successful nomination writes into its delegation. */
export interface NominationResultItem {
  selectionId: string;
  delegationId: string;
  targets: Address[];
  /** A full draw (new or rotation) moves the delegation's `drawnInEra`. */
  fullDraw: boolean;
}

export interface RoundRepository {
  create(input: NewRound): Promise<{ round: Round; created: boolean }>;
  get(id: string): Promise<Round | null>;
  list(input: { limit: number; beforeId: string | null }): Promise<Round[]>;
  /** How many delegators each of these rounds drew for (0 for a round without selections). */
  selectionCounts(roundIds: string[]): Promise<Map<string, number>>;
  unfinished(): Promise<Round[]>;
  selections(roundId: string): Promise<Selection[]>;
  /** The latest selections of one delegation, newest first. */
  selectionsOfDelegation(delegationId: string, limit: number): Promise<(Selection & { roundId: string })[]>;
  batches(roundId: string): Promise<Batch[]>;
  /** Stores the whole plan and moves the round to `planned` (or `completed` for a dry run), atomically, once. */
  savePlan(roundId: string, plan: RoundPlan, dryRun: boolean, at: Date): Promise<void>;
  /**
   * Records the round's commitment (planning rounds only), once: `previous` is the seed block of
   * the commitment it replaces (the era changed before the seed block came), null for the first.
   * Returns false when another run committed meanwhile.
   */
  commitSeed(roundId: string, commitment: SeedCommitment, previous: number | null): Promise<boolean>;
  /** Ends a round without sending: nothing to do, or nothing to draw from. */
  finishWithoutPlan(roundId: string, outcome: PlanlessOutcome, at: Date): Promise<void>;
  batchItems(roundId: string, batchIndex: number): Promise<BatchItem[]>;
  /**
   * Items not to send after all (their delegation stopped being active, or the plan's era passed)
   * are cancelled: planned ones, and sent ones whose signature can no longer land.
   */
  cancelItems(selectionIds: string[], reason: string): Promise<void>;
  /**
   * Stores the signed extrinsic before it is sent; exactly `selectionIds` become `sent` with it.
   * A compare-and-set: throws (unavailable, so the job resumes) when the batch is no longer in the
   * guarded state or the fence is no longer the latest.
   */
  markBatchSigned(
    roundId: string,
    batchIndex: number,
    signed: SignedExtrinsic,
    selectionIds: string[],
    guard: SignGuard,
  ): Promise<void>;
  signedExtrinsic(roundId: string, batchIndex: number): Promise<SignedExtrinsic | null>;
  /**
   * Records the inclusion, each item's result and, for successes, the new targets of delegations
   * still active (a stash that left is never written to), atomically, once per signature.
   */
  recordBatchOutcome(
    roundId: string,
    batchIndex: number,
    inclusion: BatchInclusion,
    results: ItemResult<NominationResultItem>[],
    activeEra: number,
  ): Promise<void>;
  /** A batch all of whose items were cancelled: nothing is sent for it. */
  skipBatch(roundId: string, batchIndex: number, reason: string): Promise<void>;
  markSending(roundId: string): Promise<void>;
  complete(roundId: string, at: Date, note: string | null): Promise<void>;
}

/** The public round log's reads, a page at a time (a round may hold 100,000 selections). */
export interface RoundLogReader {
  /** A round's selections in plan order. */
  selectionsPage(roundId: string, page: PageRequest): Promise<Page<Selection>>;
}
