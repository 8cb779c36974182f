import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { registerFeedGauge } from '../../api/feed-gauge.js';
import type { RouteRegistration } from '../../api/build-app.js';
import { accountsRoutes } from '../../api/routes/accounts.routes.js';
import { collectivesRoutes } from '../../api/routes/collectives.routes.js';
import { advanceCollectives } from '../../domain/collectives/advance-collectives.use-case.js';
import type { CollectiveDeps } from '../../domain/collectives/collective-deps.js';
import {
  runCollectiveBatches,
  type CollectiveBatchDeps,
} from '../../domain/collectives/collective-batches.use-case.js';
import { detectBreaches, type BreachDeps } from '../../domain/collectives/detect-breaches.use-case.js';
import { reconcileCollectives } from '../../domain/collectives/reconcile-collectives.use-case.js';
import type { GovernanceDeps } from '../../domain/governance/governance-deps.js';
import type { PoolChainReader } from '../../domain/pools/pool-chain.js';
import { collectivesProcessor } from '../../workers/processors/collectives.processor.js';
import type { FeatureModule } from '../feature-module.js';

export const COLLECTIVES_QUEUE = 'collectives';

export interface CollectivesModuleDeps {
  collectives: CollectiveDeps;
  governance: GovernanceDeps;
  logger: Logger;
  /** COLLECTIVES_TICK_MS. */
  tickMs: number;
  /** Built in the worker once the chain answered. */
  worker: () => { batches: CollectiveBatchDeps; chain: PoolChainReader; breaches: BreachDeps };
}

/**
 * Staking collectives: their routes (with their proposals, made through governance), the
 * collectives' tick (bonding windows, statuses, claims, commitments, the operator's batches,
 * books) and the books' differences in /metrics.
 */
export function collectivesModule(deps: CollectivesModuleDeps): FeatureModule {
  const c = deps.collectives;
  return {
    name: 'collectives',
    routes: [
      {
        plugin: collectivesRoutes as RouteRegistration['plugin'],
        prefix: '/v1/collectives',
        options: { deps: { collectives: c, governance: deps.governance } },
      },
      {
        plugin: accountsRoutes as RouteRegistration['plugin'],
        prefix: '/v1/accounts',
        options: { deps: { collectives: c } },
      },
    ],
    metrics: (registry: Registry, { changes, logger }) => {
      // Written by each reconciliation (a worker, maybe in another process): read again when it is.
      registerFeedGauge(registry, {
        name: 'ndest_collective_book_difference_planck',
        help: "A collective's account balance on chain minus what its books say it holds, per token, at the last reconciliation (0: they agree)",
        labelNames: ['collective', 'denom'],
        changes,
        tables: ['CollectiveBook'],
        load: async () =>
          (await c.collectives.allBookChecks()).map(({ collective, check }) => ({
            labels: { collective, denom: check.denom },
            value: Number(check.difference),
          })),
        onError: (err) =>
          logger.warn({ err }, 'collective books could not be read for /metrics: it shows the last values'),
      });
    },
    workers: () => {
      const built = deps.worker();
      return [
        {
          name: COLLECTIVES_QUEUE,
          everyMs: deps.tickMs,
          processor: collectivesProcessor(
            {
              advance: async () => ({ ...(await advanceCollectives(c)) }),
              breaches: async () => (await detectBreaches(built.breaches, 'all')).length,
              send: async () => ({ ...(await runCollectiveBatches(built.batches)) }),
              reconcile: () =>
                reconcileCollectives({
                  collectives: c.collectives,
                  chain: built.chain,
                  registries: c.registries,
                  clock: c.clock,
                }),
            },
            deps.logger.child({ queue: COLLECTIVES_QUEUE }),
          ),
        },
      ];
    },
  };
}
