import type { Logger } from 'pino';
import { payoutSweepProcessor } from '../../workers/processors/payout-sweep.processor.js';
import { QUEUES } from '../../workers/queues.js';
import type { FeatureModule } from '../feature-module.js';

/** The recurring sweep's name and scheduler id (era changes add `payouts-era-<era>` jobs of the same name). */
export const PAYOUT_SWEEP = 'payout-sweep';

export interface PayoutsModuleDeps {
  logger: Logger;
  /** PAYOUT_INTERVAL_MS. */
  payoutIntervalMs: number;
  /** Built in the worker once the chain answered (the payout writer signs). */
  worker: () => Parameters<typeof payoutSweepProcessor>[0];
}

/**
 * Payouts: the sweep that claims the eras' rewards of the delegators' validators. Its queue is
 * serial (one signer); the queue supervisor adds a resume sweep when batches are stored but
 * unfinished and Redis lost their job (see `SupervisorDeps`).
 */
export function payoutsModule(deps: PayoutsModuleDeps): FeatureModule {
  return {
    name: 'payouts',
    workers: () => [
      {
        name: QUEUES.payouts,
        scheduler: PAYOUT_SWEEP,
        everyMs: deps.payoutIntervalMs,
        processor: payoutSweepProcessor(deps.worker(), deps.logger),
      },
    ],
  };
}
