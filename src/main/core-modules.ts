import { PrismaUsedNonceRepository } from '../db/used-nonce.repository.js';
import type { SupervisorDeps } from '../workers/queue-supervisor.js';
import { watchDelegations, type WatchDeps } from '../domain/delegation/watch-delegations.use-case.js';
import type { IndexChainDeps } from '../domain/indexer/index-chain.use-case.js';
import type { StartRoundDeps } from '../domain/rounds/start-round.use-case.js';
import { recordEraStats } from '../domain/stats/record-era-stats.use-case.js';
import type { FeatureModule } from '../modules/feature-module.js';
import { delegationModule } from '../modules/delegation/module.js';
import { indexerModule } from '../modules/indexer/module.js';
import { operationsModule } from '../modules/operations/module.js';
import { payoutsModule } from '../modules/payouts/module.js';
import { roundsModule } from '../modules/rounds/module.js';
import { enqueuePayoutSweep, enqueueRound } from '../workers/queues.js';
import { systemClock, type Context } from './context.js';
import { apiServices } from './core-services.js';
import { serviceMetricSources } from './service-metric-sources.js';

/** The core's modules and what the queue supervisor restores of theirs from the record. */
export interface CoreModules {
  modules: FeatureModule[];
  /**
   * Round jobs and payout resumes, restored by the queue supervisor from PostgreSQL when Redis lost
   * them: it holds a typed handle on those two queues (ctx.queues), so this stays outside the
   * module records.
   */
  record: Pick<SupervisorDeps, 'unfinishedRounds' | 'openPayoutBatches'>;
}

/**
 * Delegations, rounds (with candidates), operations (stats, admin operations, the service's gauges),
 * payouts and the indexer, wired from the context. Their order keeps the routes, admin routes,
 * gauges and readiness checks in the order they always had. Queue names, job ids and schedules are
 * those of `QUEUES`; the worker parts are built only in a worker process, once the chain answered
 * (the writer exists only then).
 */
/** What other features hear from the indexer (see IndexChainDeps). */
export type IndexerHooks = Pick<IndexChainDeps, 'onTransfers' | 'onBlock'>;

export function coreModules(ctx: Context, hooks: IndexerHooks) {
  const log = ctx.logger.child({ component: 'workers' });
  const services = apiServices(ctx);
  const watchDeps = (): WatchDeps => ({
    delegations: ctx.delegations,
    chain: ctx.reader,
    operator: ctx.writer.operatorAddress(),
    clock: systemClock,
    pendingExpiryMs: ctx.config.pendingExpiryMs,
  });
  const startDeps = (): StartRoundDeps => ({
    rounds: ctx.rounds,
    writer: ctx.writer,
    targetsPerDelegator: ctx.config.targetsPerDelegator,
    rotationEras: ctx.config.rotationEras,
  });
  const modules: FeatureModule[] = [
    delegationModule({
      services,
      logger: log,
      watchIntervalMs: ctx.config.watchIntervalMs,
      worker: () => ({ ...watchDeps(), nonces: new PrismaUsedNonceRepository(ctx.prisma) }),
    }),
    roundsModule({
      services,
      state: ctx.state,
      enqueueRound: (id) => enqueueRound(ctx.queues.rounds, id),
      logger: log,
      eraPollMs: ctx.config.eraPollMs,
      candidatesRefreshMs: ctx.config.candidatesRefreshMs,
      worker: () => {
        const watch = watchDeps();
        return {
          run: {
            rounds: ctx.rounds,
            delegations: ctx.delegations,
            snapshots: ctx.snapshots,
            refreshCandidates: ctx.refresh,
            chain: ctx.reader,
            beacon: ctx.beacon,
            writer: ctx.writer,
            lock: ctx.signingLock,
            clock: systemClock,
            recheck: async (stashes, signedAt) => void (await watchDelegations(watch, stashes, { signedAt })),
          },
          start: startDeps(),
          chain: ctx.reader,
          state: ctx.state,
          recordEra: () => recordEraStats({ stats: ctx.stats, delegations: ctx.delegations, chain: ctx.reader }),
          enqueuePayouts: (era) => enqueuePayoutSweep(ctx.queues.payouts, era),
          refresh: ctx.refreshDeps,
          unfinished: () => ctx.rounds.unfinished(),
        };
      },
    }),
    operationsModule({ services, metricSources: serviceMetricSources(ctx) }),
    payoutsModule({
      logger: log,
      payoutIntervalMs: ctx.config.payoutIntervalMs,
      worker: () => ({
        payouts: ctx.payouts,
        chain: ctx.reader,
        reader: ctx.payoutReader,
        writer: ctx.payoutWriter,
        lock: ctx.signingLock,
      }),
    }),
    indexerModule({
      logger: log,
      indexIntervalMs: ctx.config.indexIntervalMs,
      indexMaxBlocks: ctx.config.indexMaxBlocks,
      worker: () => {
        const watch = watchDeps();
        return {
          source: ctx.eventSource,
          events: ctx.events,
          watch: async (stashes) => void (await watchDelegations(watch, stashes)),
          onTransfers: hooks.onTransfers,
          onBlock: hooks.onBlock,
        };
      },
    }),
  ];
  return {
    modules,
    record: {
      unfinishedRounds: () => ctx.rounds.unfinished(),
      openPayoutBatches: async () => (await ctx.payouts.openBatches()).length > 0,
    },
  } satisfies CoreModules;
}
