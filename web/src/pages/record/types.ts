/** The API's answers this area reads (src/api/schemas: rewards.schemas.ts StatsResponseSchema, rounds.schemas.ts, candidates.schemas.ts). */

export interface EraFigures {
  era: number;
  delegatorsActive: number;
  delegatorsPending: number;
  stake: string;
  validatorsNominated: number;
  validatorsElected: number;
  /** Validators elected this era while NDeST nominated them, not elected the era before. */
  entered: string[];
  payoutFee: string;
}

export interface Stats {
  delegators: Record<string, number>;
  latestEra: number | null;
  stakeUnderManagement: string;
  validatorsNominated: number;
  validatorsEnteredActiveSet: number;
  payoutFees: { era: number; batches: number; items: number; fee: string }[];
  /** Newest era first. */
  eras: EraFigures[];
}

export interface RoundSummary {
  id: string;
  trigger: string;
  dryRun: boolean;
  status: string;
  activeEra: number | null;
  seed: string | null;
  commitBlockNumber: number | null;
  seedBlockNumber: number | null;
  seedBlockHash: string | null;
  snapshotId: string | null;
  targetsPerDelegator: number;
  rotationEras: number;
  note: string | null;
  createdAt: string;
  plannedAt: string | null;
  completedAt: string | null;
}

export interface RoundList {
  rounds: (RoundSummary & { selectionCount: number })[];
  nextCursor: string | null;
}

export interface BlockRef {
  hash: string;
  number: number;
}

export interface Selection {
  stash: string;
  reason: string;
  detail: string | null;
  keptTargets: string[];
  drawnTargets: string[];
  targets: string[];
  batchIndex: number | null;
  status: string;
  error: string | null;
  extrinsicHash: string | null;
  block: BlockRef | null;
}

export interface Batch {
  index: number;
  status: string;
  itemCount: number;
  nonce: number | null;
  extrinsicHash: string | null;
  block: BlockRef | null;
  fee: string | null;
  error: string | null;
}

export interface RoundDetail {
  round: RoundSummary;
  snapshot: {
    id: string;
    source: string;
    fetchedAt: string;
    at: BlockRef;
    eligibleInactive: string[];
  } | null;
  selections: Selection[];
  nextCursor: string | null;
  batches: Batch[];
}

export interface ServerReplay {
  roundId: string;
  matches: boolean;
  seed: {
    blockNumber: number | null;
    recordedBlockHash: string | null;
    chainBlockHash: string | null;
    derivedSeed: string | null;
    matches: boolean;
    detail: string;
  };
  nextCursor: string | null;
  selections: { stash: string; recorded: string[]; replayed: string[]; matches: boolean }[];
}

export interface CandidatesPage {
  snapshotId: string;
  candidateCount: number;
  eligibleCount: number;
  candidates: { stash: string; name: string | null; eligible: boolean; reason: string | null }[];
  nextCursor: string | null;
}
