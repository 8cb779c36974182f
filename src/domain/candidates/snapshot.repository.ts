import type { BlockRef, Perbill } from '../shared/types.js';
import type { CandidateEvaluation, RejectedEntry } from './types.js';

/** Why no round may use a snapshot until an admin confirms it, and when one did. */
export interface SnapshotHold {
  reason: string;
  confirmedAt: Date | null;
}

export interface CandidateSnapshot {
  id: string;
  source: string;
  fetchedAt: Date;
  activeEra: number;
  at: BlockRef;
  commissionCap: Perbill;
  evaluations: CandidateEvaluation[];
  rejected: RejectedEntry[];
  eligibleCount: number;
  /** Null: the eligible set moved within bounds (or it is the first snapshot). */
  hold: SnapshotHold | null;
}

/** A round may draw from it: never held, or held and confirmed by an admin. */
export const isUsable = (snapshot: Pick<CandidateSnapshot, 'hold'>): boolean =>
  snapshot.hold === null || snapshot.hold.confirmedAt !== null;

export interface SnapshotRepository {
  save(snapshot: Omit<CandidateSnapshot, 'id'>): Promise<CandidateSnapshot>;
  latest(): Promise<CandidateSnapshot | null>;
  /** The newest snapshot a round may use (see `isUsable`): what a new one is compared with. */
  latestUsable(): Promise<CandidateSnapshot | null>;
  get(id: string): Promise<CandidateSnapshot | null>;
  /** Marks a held snapshot confirmed (once; a later call keeps the first time). Null: no such held snapshot. */
  confirm(id: string, at: Date): Promise<CandidateSnapshot | null>;
}
