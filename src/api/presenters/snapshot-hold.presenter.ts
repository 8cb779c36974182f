import { isUsable, type CandidateSnapshot } from '../../domain/candidates/snapshot.repository.js';

/** Whether rounds may use a snapshot, and if held, why and whether an admin confirmed it. */
export const presentHold = (s: Pick<CandidateSnapshot, 'hold'>) => ({
  usable: isUsable(s),
  hold: s.hold === null ? null : { reason: s.hold.reason, confirmedAt: s.hold.confirmedAt?.toISOString() ?? null },
});
