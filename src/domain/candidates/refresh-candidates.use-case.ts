import type { AddressCodec, CandidateSource, ChainReader, Clock, ValidatorSetView } from '../ports.js';
import type { Perbill } from '../shared/types.js';
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
}

/**
 * Takes a snapshot: the programme's list as fetched now, judged by the chain at one block.
 * Returns the view it used so a round can draw from exactly what was stored.
 */
export async function refreshCandidates(
  deps: RefreshCandidatesDeps,
): Promise<{ snapshot: CandidateSnapshot; view: ValidatorSetView }> {
  const [document, view] = await Promise.all([deps.source.fetch(), deps.chain.validatorSet()]);
  const parsed = parseCandidates(document.body, deps.codec);
  const evaluations = evaluateCandidates(parsed.entries, view, deps.commissionCap);
  const snapshot = await deps.snapshots.save({
    source: document.source,
    fetchedAt: deps.clock.now(),
    activeEra: view.activeEra,
    at: view.at,
    commissionCap: deps.commissionCap,
    evaluations,
    rejected: parsed.rejected,
    eligibleCount: evaluations.filter((e) => e.eligible).length,
  });
  return { snapshot, view };
}
