import type { Logger } from 'pino';
import { closeAndEnact } from '../../domain/governance/close-and-enact.use-case.js';
import type { GovernanceDeps } from '../../domain/governance/governance-deps.js';

/** The governance tick: close ended votes, enact what is due (one job at a time across workers). */
export function governanceProcessor(deps: GovernanceDeps, logger: Logger) {
  return async () => {
    const report = await closeAndEnact(deps, deps.clock.now());
    const acted = report.closed.length + report.enacted.length + report.failed.length;
    if (acted > 0) logger.info(report, 'governance: votes closed, proposals enacted');
    if (report.deferred.length > 0)
      logger.warn({ deferred: report.deferred }, 'governance: proposals left for the next tick');
    return report;
  };
}
