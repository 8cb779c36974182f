import type { Logger } from 'pino';
import { refreshCandidates, type RefreshCandidatesDeps } from '../../domain/candidates/refresh-candidates.use-case.js';

export function candidatesRefreshProcessor(deps: RefreshCandidatesDeps, logger: Logger) {
  return async () => {
    const { snapshot, held } = await refreshCandidates(deps);
    const fields = { snapshotId: snapshot.id, listed: snapshot.evaluations.length, eligible: snapshot.eligibleCount };
    // A hold is the operator's business, not a failure of this job: it says so loudly and succeeds.
    if (held) logger.warn({ ...fields, reason: held.reason }, 'candidates snapshot held: rounds wait for an admin');
    else logger.info(fields, 'candidates snapshot stored');
    return { snapshotId: snapshot.id, eligible: snapshot.eligibleCount, held: held?.reason ?? null };
  };
}
