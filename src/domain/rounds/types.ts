import type { DrawReason } from './needs-draw.js';
import type { Address, BlockRef, Planck } from '../shared/types.js';

export type RoundStatus = 'planning' | 'planned' | 'sending' | 'completed' | 'skipped';
export type RoundTrigger = 'era' | 'admin';
export type { DrawReason };
export type SelectionStatus = 'planned' | 'sent' | 'succeeded' | 'failed' | 'dry_run' | 'cancelled';

export interface Round {
  id: string;
  trigger: RoundTrigger;
  dryRun: boolean;
  status: RoundStatus;
  activeEra: number | null;
  seed: string | null;
  /** The head when the round committed to its seed block (and its snapshot). */
  commitBlockNumber: number | null;
  /** The block whose hash seeds the draw (after the commitment), and that hash once read. */
  seedBlockNumber: number | null;
  seedBlockHash: string | null;
  snapshotId: string | null;
  targetsPerDelegator: number;
  rotationEras: number;
  note: string | null;
  createdAt: Date;
  plannedAt: Date | null;
  completedAt: Date | null;
}

export interface PlannedSelection {
  delegationId: string;
  stash: Address;
  reason: DrawReason;
  detail: string | null;
  keptTargets: Address[];
  drawnTargets: Address[];
  targets: Address[];
}

export interface Selection extends PlannedSelection {
  batchIndex: number | null;
  status: SelectionStatus;
  error: string | null;
  extrinsicHash: string | null;
  block: BlockRef | null;
}

export interface Batch {
  index: number;
  status: 'planned' | 'signed' | 'included';
  itemCount: number;
  nonce: number | null;
  extrinsicHash: string | null;
  block: BlockRef | null;
  fee: Planck | null;
  error: string | null;
}
