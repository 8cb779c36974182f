import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { registerFeedGauge } from '../../api/feed-gauge.js';
import { accountsRoutes } from '../../api/routes/accounts.routes.js';
import { spendingPoolsRoutes } from '../../api/routes/spending-pools.routes.js';
import type { RouteRegistration } from '../../api/build-app.js';
import type { GovernanceDeps } from '../../domain/governance/governance-deps.js';
import { unixSeconds } from '../../domain/pools/accrue-lines.js';
import { advance } from '../../domain/pools/pool-actions.use-case.js';
import type { PoolDeps } from '../../domain/pools/pool-deps.js';
import { runPoolPayments, type PoolPaymentDeps } from '../../domain/pools/pool-payments.use-case.js';
import { reconcilePools } from '../../domain/pools/reconcile-pools.use-case.js';
import type { PoolChainReader } from '../../domain/pools/pool-chain.js';
import { poolsProcessor } from '../../workers/processors/pools.processor.js';
import type { FeatureModule } from '../feature-module.js';

export const POOLS_QUEUE = 'pools';

export interface PoolsModuleDeps {
  pools: PoolDeps;
  governance: GovernanceDeps;
  logger: Logger;
  /** POOLS_TICK_MS. */
  tickMs: number;
  /** Built in the worker once the chain answered. */
  worker: () => { payments: Omit<PoolPaymentDeps, 'registries'>; chain: PoolChainReader };
}

/**
 * Spending pools: their routes (with their proposals, made through governance), the pools' tick
 * (periods, payments, books) and the books' differences in /metrics.
 */
export function poolsModule(deps: PoolsModuleDeps): FeatureModule {
  const { pools } = deps;
  return {
    name: 'pools',
    routes: [
      {
        plugin: spendingPoolsRoutes as RouteRegistration['plugin'],
        prefix: '/v1/spending-pools',
        options: { deps: { pools, governance: deps.governance } },
      },
      { plugin: accountsRoutes as RouteRegistration['plugin'], prefix: '/v1/accounts', options: { deps: { pools } } },
    ],
    metrics: (registry: Registry, { changes, logger }) => {
      // Written by each reconciliation (a worker, maybe in another process): read again when it is.
      registerFeedGauge(registry, {
        name: 'ndest_pool_book_difference_planck',
        help: "A pool's account balance on chain minus what its books say it holds, per token, at the last reconciliation (0: they agree)",
        labelNames: ['pool', 'denom'],
        changes,
        tables: ['PoolBook'],
        load: async () =>
          (await pools.pools.allBookChecks()).map(({ pool, check }) => ({
            labels: { pool, denom: check.denom },
            value: Number(check.difference),
          })),
        onError: (err) => logger.warn({ err }, 'pool books could not be read for /metrics: it shows the last values'),
      });
    },
    workers: () => {
      const built = deps.worker();
      const log = deps.logger.child({ queue: POOLS_QUEUE });
      return [
        {
          name: POOLS_QUEUE,
          everyMs: deps.tickMs,
          processor: poolsProcessor(
            {
              advance: async () => {
                let crossed = 0;
                for (const name of await pools.pools.dynamicPoolNames())
                  crossed += await pools.pools.withPool(name, (unit) =>
                    advance(pools, unit, unixSeconds(pools.clock.now())),
                  );
                return crossed;
              },
              pay: async () => ({ ...(await runPoolPayments({ ...built.payments, registries: pools.registries })) }),
              reconcile: () =>
                reconcilePools({
                  pools: pools.pools,
                  chain: built.chain,
                  registries: pools.registries,
                  clock: pools.clock,
                }),
            },
            log,
          ),
        },
      ];
    },
  };
}
