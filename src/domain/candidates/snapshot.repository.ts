import type { BlockRef, Perbill } from '../shared/types.js';
import type { CandidateEvaluation, RejectedEntry } from './types.js';

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
}

export interface SnapshotRepository {
  save(snapshot: Omit<CandidateSnapshot, 'id'>): Promise<CandidateSnapshot>;
  latest(): Promise<CandidateSnapshot | null>;
  get(id: string): Promise<CandidateSnapshot | null>;
}
