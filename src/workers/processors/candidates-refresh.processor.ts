import type { Logger } from 'pino';
import { refreshCandidates, type RefreshCandidatesDeps } from '../../domain/candidates/refresh-candidates.use-case.js';

export function candidatesRefreshProcessor(deps: RefreshCandidatesDeps, logger: Logger) {
  return async () => {
    const { snapshot } = await refreshCandidates(deps);
    logger.info(
      { snapshotId: snapshot.id, listed: snapshot.evaluations.length, eligible: snapshot.eligibleCount },
      'candidates snapshot stored',
    );
    return { snapshotId: snapshot.id, eligible: snapshot.eligibleCount };
  };
}
