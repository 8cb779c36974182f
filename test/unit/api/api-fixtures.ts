import type { ApiServices } from '../../../src/api/services.js';
import type { CandidateSnapshot } from '../../../src/domain/candidates/snapshot.repository.js';
import type { CandidateEvaluation } from '../../../src/domain/candidates/types.js';
import type { RewardRecord } from '../../../src/domain/indexer/indexed-event.repository.js';
import type { Page, PageRequest } from '../../../src/domain/shared/page.js';
import { viewFromParts, type DelegationSelection } from '../../../src/domain/delegation/delegation-view.js';
import type { Delegation, DelegationEvent } from '../../../src/domain/delegation/types.js';
import type { Round, RoundStatus, Selection } from '../../../src/domain/rounds/types.js';

/** Fixtures and in-memory services for the read routes: lists of any length, every call recorded. */

export const SEED = `0x${'ab'.repeat(32)}`;
/** The block whose hash the fixture rounds' seeds come from, as the finalized chain holds it. */
export const SEED_BLOCK = { number: 10, hash: `0x${'cd'.repeat(32)}` };
export const T0 = new Date('2026-11-28T00:00:00Z');

export function round(id: number, status: RoundStatus = 'completed'): Round {
  return {
    id: String(id),
    trigger: 'era',
    dryRun: false,
    status,
    activeEra: 100 + id,
    seed: SEED,
    commitBlockNumber: SEED_BLOCK.number - 2,
    seedBlockNumber: SEED_BLOCK.number,
    seedBlockHash: SEED_BLOCK.hash,
    snapshotId: '1',
    targetsPerDelegator: 4,
    rotationEras: 28,
    note: null,
    createdAt: T0,
    plannedAt: T0,
    completedAt: status === 'completed' ? T0 : null,
  } as Round;
}

export function evaluation(i: number): CandidateEvaluation {
  return {
    stash: `V${String(i).padStart(4, '0')}`,
    name: null,
    eligible: true,
    reason: null,
    detail: null,
    validating: true,
    commission: 0,
    blocked: false,
    elected: false,
    programmeValid: true,
  };
}

export function snapshot(id: string, candidates: number): CandidateSnapshot {
  // Cast: the snapshot type grows fields other routes show; these tests read only the lists.
  return {
    id,
    source: 'test',
    fetchedAt: T0,
    activeEra: 100,
    at: { hash: `0x${'00'.repeat(32)}`, number: 1 },
    commissionCap: 150_000_000,
    evaluations: Array.from({ length: candidates }, (_, i) => evaluation(i)),
    rejected: [],
    eligibleCount: candidates,
    hold: null,
  } as CandidateSnapshot;
}

export function selection(i: number): Selection {
  return {
    delegationId: `d${i}`,
    stash: `S${String(i).padStart(6, '0')}`,
    reason: 'new',
    detail: null,
    keptTargets: [],
    drawnTargets: ['V0001', 'V0002', 'V0003', 'V0004'],
    targets: ['V0001', 'V0002', 'V0003', 'V0004'],
    batchIndex: 0,
    status: 'succeeded',
    error: null,
    extrinsicHash: null,
    block: null,
  };
}

export function reward(i: number): RewardRecord {
  return {
    era: 100 + i,
    validator: 'V0001',
    amount: BigInt(i + 1),
    destination: 'Staked',
    block: { hash: `0x${'11'.repeat(32)}`, number: 1000 + i },
    extrinsicHash: null,
    paidBy: null,
  };
}

export function event(i: number): DelegationEvent {
  return { fromStatus: 'pending', toStatus: 'active', reason: `change ${i}`, source: 'watcher', at: T0 };
}

/** The page of an in-memory list as a keyset reader would give it (the cursor: the next position). */
function pageOf<T>(items: T[], page: PageRequest): Page<T> {
  const start = page.after === null ? 0 : Number(page.after);
  const end = start + page.limit;
  return { items: items.slice(start, end), next: end < items.length ? String(end) : null };
}

export interface FakeData {
  rounds: Round[];
  selections: Selection[];
  snapshots: CandidateSnapshot[];
  history: DelegationEvent[];
  /** The delegation of a stash (default: an active one, with `history`). */
  delegationOf: (stash: string) => Delegation | null;
  /** Its latest selections, newest first. */
  delegationSelections: DelegationSelection[];
  rewards: RewardRecord[];
  /** The finalized chain's block hashes, by number (seed checks). */
  blockHashes: Map<number, string>;
}

export interface Calls {
  list: { limit: number; beforeId: string | null }[];
  get: string[];
  selections: string[];
  selectionsPage: PageRequest[];
  /** Rounds whose selections were read from the first page on (a whole read, a page at a time). */
  selectionReads: string[];
  snapshot: string[];
  historyPage: PageRequest[];
  rewardsPage: PageRequest[];
  rewardsAll: number;
  blockHash: number[];
}

export function fakeServices(data: Partial<FakeData> = {}): { services: ApiServices; calls: Calls } {
  const d: FakeData = {
    rounds: [],
    selections: [],
    snapshots: [],
    history: [],
    delegationOf: (stash) => ({
      id: 'd1',
      stash,
      status: 'active',
      statusReason: 'proxy seen',
      statusSince: T0,
      targets: [],
      drawnInEra: null,
      nominatedAt: null,
      createdAt: T0,
    }),
    delegationSelections: [],
    rewards: [],
    blockHashes: new Map(),
    ...data,
  };
  const calls: Calls = {
    list: [],
    get: [],
    selections: [],
    selectionsPage: [],
    selectionReads: [],
    snapshot: [],
    historyPage: [],
    rewardsPage: [],
    rewardsAll: 0,
    blockHash: [],
  };
  const services = {
    codec: { normalize: (a: string) => (a.startsWith('H') ? a : null) },
    rounds: {
      get: async (id: string) => {
        calls.get.push(id);
        return d.rounds.find((r) => r.id === String(BigInt(id))) ?? null;
      },
      list: async (input: { limit: number; beforeId: string | null }) => {
        calls.list.push(input);
        return [...d.rounds]
          .sort((a, b) => Number(b.id) - Number(a.id))
          .filter((r) => input.beforeId === null || Number(r.id) < Number(input.beforeId))
          .slice(0, input.limit);
      },
      selections: async (id: string) => {
        calls.selections.push(id);
        return d.selections;
      },
      selectionsPage: async (id: string, page: PageRequest) => {
        calls.selectionsPage.push(page);
        if (page.after === null) calls.selectionReads.push(id);
        return pageOf(d.selections, page);
      },
      batches: async () => [],
      selectionCounts: async (ids: string[]) => new Map(ids.map((id) => [id, d.selections.length])),
    },
    snapshots: {
      latest: async () => d.snapshots[d.snapshots.length - 1] ?? null,
      get: async (id: string) => {
        calls.snapshot.push(id);
        return d.snapshots.find((s) => s.id === id) ?? null;
      },
    },
    delegations: {
      view: (stash: string, page: PageRequest, latest: number) =>
        viewFromParts(
          {
            findByStash: async (stash) => d.delegationOf(stash),
            historyPage: async (_id, page) => {
              calls.historyPage.push(page);
              return pageOf(d.history, page);
            },
            selectionsOfDelegation: async (_id, limit) => d.delegationSelections.slice(0, limit),
          },
          stash,
          page,
          latest,
        ),
    },
    warnings: async () => [],
    rewards: {
      rewards: async () => {
        calls.rewardsAll += 1;
        return d.rewards;
      },
      rewardsPage: async (_stash: string, _range: unknown, page: PageRequest) => {
        calls.rewardsPage.push(page);
        return pageOf(d.rewards, page);
      },
      rewardTotal: async () => d.rewards.reduce((sum, r) => sum + r.amount, 0n),
    },
    token: () => ({ symbol: 'KSM', decimals: 12 }),
    finalizedBlockHash: async (n: number) => {
      calls.blockHash.push(n);
      if (d.blockHashes.size > 0) return d.blockHashes.get(n) ?? null;
      return n === SEED_BLOCK.number ? SEED_BLOCK.hash : null;
    },
  } as unknown as ApiServices;
  return { services, calls };
}
