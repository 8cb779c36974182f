import type { ChangeFeed } from '../db/change-feed.js';
import type { CandidateSnapshot } from '../domain/candidates/snapshot.repository.js';
import type { DelegationViewReader } from '../domain/delegation/delegation-view.js';
import type { OptInResult } from '../domain/delegation/opt-in.use-case.js';
import type { Delegation } from '../domain/delegation/types.js';
import type { AddressCodec } from '../domain/ports/wallet.js';
import type { QueueStatus } from '../domain/ports/operations.js';
import type { RoundLogReader, RoundRepository } from '../domain/rounds/round.repository.js';
import type { Round } from '../domain/rounds/types.js';
import type { IndexedEventRepository, RewardReader } from '../domain/indexer/indexed-event.repository.js';
import type { EraFees } from '../domain/payouts/payout.repository.js';
import type { EraStat } from '../domain/stats/types.js';

export interface Envelope {
  payload: unknown;
  signature: unknown;
}

/** What the routes need, wired by src/main. Routes stay thin: parse, call, present. */
export interface ApiServices {
  codec: AddressCodec;
  /**
   * Announces writes to the tables the read routes cache their answers on (candidates, rounds,
   * the delegation view); absent: nothing is cached (every read goes to the repositories).
   */
  changes?: ChangeFeed;
  optIn(envelope: Envelope): Promise<OptInResult>;
  optOut(address: string, envelope: Envelope): Promise<Delegation>;
  delegations: DelegationViewReader;
  rounds: Pick<RoundRepository, 'get' | 'list' | 'selections' | 'batches' | 'selectionCounts'> & RoundLogReader;
  snapshots: { latest(): Promise<CandidateSnapshot | null>; get(id: string): Promise<CandidateSnapshot | null> };
  startRound(input: { dryRun: boolean }): Promise<Round>;
  /** An admin vouches for a held candidate snapshot: rounds may use it. */
  confirmSnapshot(snapshotId: string): Promise<CandidateSnapshot>;
  /** JSON pages and totals; `rewards` (every row of the era range) for the CSV download. */
  rewards: Pick<IndexedEventRepository, 'rewards'> & RewardReader;
  token(): { symbol: string; decimals: number };
  /** Why the stash earns nothing, in plain words (empty when it earns). */
  warnings(stash: string): Promise<string[]>;
  stats(eras: number): Promise<{
    counts: Record<string, number>;
    eras: EraStat[];
    enteredTotal: number;
    fees: EraFees[];
  }>;
  jobStatus(): Promise<QueueStatus[]>;
  /** The hash of a finalized block of the chain (null: not finalized yet), to check a round's seed. */
  finalizedBlockHash(number: number): Promise<string | null>;
}
