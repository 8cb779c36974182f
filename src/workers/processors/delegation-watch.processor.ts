import type { Logger } from 'pino';
import { watchDelegations, type WatchDeps } from '../../domain/delegation/watch-delegations.use-case.js';
import { pruneUsedNonces } from '../../domain/wallet/prune-used-nonces.use-case.js';
import type { UsedNonceRepository } from '../../domain/wallet/used-nonce.repository.js';

/** The periodic watch, and the upkeep it carries: spent nonces that can no longer be replayed go. */
export function delegationWatchProcessor(deps: WatchDeps & { nonces: UsedNonceRepository }, logger: Logger) {
  return async () => {
    const report = await watchDelegations(deps);
    for (const change of report.changes) logger.info(change, 'delegation status changed');
    const pruned = await pruneUsedNonces({ nonces: deps.nonces, clock: deps.clock });
    if (pruned.deleted > 0)
      logger.info({ deleted: pruned.deleted, before: pruned.cutoff, more: pruned.more }, 'expired nonces pruned');
    return { checked: report.checked, changes: report.changes.length, at: report.at, noncesPruned: pruned.deleted };
  };
}
