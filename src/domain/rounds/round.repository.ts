import type { ItemOutcome, SignedExtrinsic } from '../ports.js';
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

export interface RoundPlan {
  activeEra: number;
  seed: string;
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
  snapshotId: string | null;
}

export interface BatchItem {
  selectionId: string;
  delegationId: string;
  stash: Address;
  targets: Address[];
  reason: Selection['reason'];
  status: Selection['status'];
}

export interface BatchOutcome {
  block: BlockRef;
  extrinsicIndex: number;
  fee: Planck | null;
  extrinsicError: string | null;
  /** In item order of the batch's `sent` items. */
  outcomes: ItemOutcome[];
  at: Date;
}

export interface RoundRepository {
  create(input: NewRound): Promise<{ round: Round; created: boolean }>;
  get(id: string): Promise<Round | null>;
  list(input: { limit: number; beforeId: string | null }): Promise<Round[]>;
  unfinished(): Promise<Round[]>;
  selections(roundId: string): Promise<Selection[]>;
  /** The latest selections of one delegation, newest first. */
  selectionsOfDelegation(delegationId: string, limit: number): Promise<(Selection & { roundId: string })[]>;
  batches(roundId: string): Promise<Batch[]>;
  /** Stores the whole plan and moves the round to `planned` (or `completed` for a dry run), atomically, once. */
  savePlan(roundId: string, plan: RoundPlan, dryRun: boolean, at: Date): Promise<void>;
  /** Ends a round without sending: nothing to do, or nothing to draw from. */
  finishWithoutPlan(roundId: string, outcome: PlanlessOutcome, at: Date): Promise<void>;
  batchItems(roundId: string, batchIndex: number): Promise<BatchItem[]>;
  /** Items whose delegation stopped being active before sending are cancelled. */
  cancelItems(selectionIds: string[], reason: string): Promise<void>;
  /** Stores the signed extrinsic before it is sent; its items become `sent`. */
  markBatchSigned(roundId: string, batchIndex: number, signed: SignedExtrinsic, selectionIds: string[]): Promise<void>;
  signedExtrinsic(roundId: string, batchIndex: number): Promise<SignedExtrinsic | null>;
  /** Records each item's outcome and, for successes, the delegation's new targets, atomically. */
  recordBatchOutcome(
    roundId: string,
    batchIndex: number,
    outcome: BatchOutcome,
    items: { selectionId: string; delegationId: string; targets: Address[]; fullDraw: boolean }[],
    activeEra: number,
  ): Promise<void>;
  /** A batch all of whose items were cancelled: nothing is sent for it. */
  skipBatch(roundId: string, batchIndex: number, reason: string): Promise<void>;
  markSending(roundId: string): Promise<void>;
  complete(roundId: string, at: Date, note: string | null): Promise<void>;
}
