import type { AddressCodec } from '../ports/wallet.js';
import type { CandidateSource } from '../ports/candidate-source.js';
import type { ChainReader, ValidatorSetView } from '../ports/chain-reading.js';
import type { Clock } from '../ports/clock-and-beacon.js';
import type { Perbill } from '../shared/types.js';
import { eligibleChange, eligibleChangeHold } from './eligible-change.js';
import { evaluateCandidates } from './evaluate-candidates.js';
import { parseCandidates } from './parse-candidates.js';
import type { CandidateSnapshot, SnapshotRepository } from './snapshot.repository.js';

export interface RefreshCandidatesDeps {
  source: CandidateSource;
  chain: Pick<ChainReader, 'validatorSet'>;
  codec: AddressCodec;
  snapshots: SnapshotRepository;
  clock: Clock;
  commissionCap: Perbill;
  /** CANDIDATES_MAX_CHANGE_PERCENT: a larger move of the eligible set holds the snapshot. */
  maxChangePercent: number;
}

/** A stored snapshot no round may use until an admin confirms it. */
export interface CandidateHold {
  snapshotId: string;
  reason: string;
  /** The note a round that meets this hold finishes with (status `skipped`). */
  note: string;
}

export interface RefreshResult {
  snapshot: CandidateSnapshot;
  view: ValidatorSetView;
  /** Non-null: the snapshot is stored but held; a round must not draw from it (nor from an older one). */
  held: CandidateHold | null;
}

/**
 * Takes a snapshot: the programme's list as fetched now, judged by the chain at one block, and
 * compared with the last usable snapshot (never with a held one: a source that went bad would
 * otherwise pass at its second reading). Returns the view it used so a round can draw from
 * exactly what was stored.
 */
export async function refreshCandidates(deps: RefreshCandidatesDeps): Promise<RefreshResult> {
  const [document, view] = await Promise.all([deps.source.fetch(), deps.chain.validatorSet()]);
  const parsed = parseCandidates(document.body, deps.codec);
  const evaluations = evaluateCandidates(parsed.entries, view, deps.commissionCap);
  const eligible = evaluations.filter((e) => e.eligible).map((e) => e.stash);
  const baseline = await deps.snapshots.latestUsable();
  const reason = baseline
    ? eligibleChangeHold(
        eligibleChange(
          baseline.evaluations.filter((e) => e.eligible).map((e) => e.stash),
          eligible,
        ),
        deps.maxChangePercent,
        baseline.id,
      )
    : null; // the first snapshot ever: nothing to compare with
  const snapshot = await deps.snapshots.save({
    source: document.source,
    fetchedAt: deps.clock.now(),
    activeEra: view.activeEra,
    at: view.at,
    commissionCap: deps.commissionCap,
    evaluations,
    rejected: parsed.rejected,
    eligibleCount: eligible.length,
    hold: reason === null ? null : { reason, confirmedAt: null },
  });
  const held =
    reason === null
      ? null
      : {
          snapshotId: snapshot.id,
          reason,
          note: `held: ${reason}; an admin must confirm snapshot #${snapshot.id} (POST /v1/admin/candidates/confirm)`,
        };
  return { snapshot, view, held };
}
