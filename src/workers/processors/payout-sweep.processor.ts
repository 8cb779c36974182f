import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { sweepPayouts, type SweepPayoutsDeps } from '../../domain/payouts/sweep-payouts.use-case.js';

export function payoutSweepProcessor(deps: Omit<SweepPayoutsDeps, 'onProgress'>, logger: Logger) {
  return async (job: Job) => {
    const report = await sweepPayouts({
      ...deps,
      onProgress: async (p) => {
        logger.info(p, 'payout sweep progress');
        await job.updateProgress(p);
      },
    });
    logger.info(report, 'payout sweep finished');
    return report;
  };
}
