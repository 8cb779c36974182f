import type { Logger } from 'pino';
import { watchDelegations, type WatchDeps } from '../../domain/delegation/watch-delegations.use-case.js';

export function delegationWatchProcessor(deps: WatchDeps, logger: Logger) {
  return async () => {
    const report = await watchDelegations(deps);
    for (const change of report.changes) logger.info(change, 'delegation status changed');
    return { checked: report.checked, changes: report.changes.length, at: report.at };
  };
}
