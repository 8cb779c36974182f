import type { Logger } from 'pino';
import type { RouteRegistration } from '../../api/build-app.js';
import { delegationsRoutes } from '../../api/routes/delegations.routes.js';
import { rewardsRoutes } from '../../api/routes/rewards.routes.js';
import type { ApiServices } from '../../api/services.js';
import { delegationWatchProcessor } from '../../workers/processors/delegation-watch.processor.js';
import { QUEUES } from '../../workers/queues.js';
import type { FeatureModule } from '../feature-module.js';

export interface DelegationModuleDeps {
  /** The core routes' services (one object shared by the core modules' routes). */
  services: ApiServices;
  logger: Logger;
  /** WATCH_INTERVAL_MS. */
  watchIntervalMs: number;
  /** Built in the worker once the chain answered (the operator's address comes from the writer). */
  worker: () => Parameters<typeof delegationWatchProcessor>[0];
}

/**
 * Delegations: opt-in and opt-out, a delegation's record and its rewards (`/v1/delegations`,
 * `/v1/rewards`), and the watcher that checks delegations against the chain (proxies, nominations,
 * expired pending opt-ins).
 */
export function delegationModule(deps: DelegationModuleDeps): FeatureModule {
  const options = { services: deps.services };
  return {
    name: 'delegation',
    routes: [delegationsRoutes, rewardsRoutes].map((plugin) => ({
      plugin: plugin as RouteRegistration['plugin'],
      options,
    })),
    workers: () => [
      {
        name: QUEUES.delegationWatch,
        everyMs: deps.watchIntervalMs,
        // Idempotent reads and writes; never serialised across worker processes.
        serial: false,
        processor: delegationWatchProcessor(deps.worker(), deps.logger),
      },
    ],
  };
}
