import { delegationWatchProcessor } from '../workers/processors/delegation-watch.processor.js';
import { candidatesRefreshProcessor } from '../workers/processors/candidates-refresh.processor.js';
import { eraWatchProcessor } from '../workers/processors/era-watch.processor.js';
import { roundProcessor } from '../workers/processors/round.processor.js';
import { enqueuePayoutSweep, enqueueRound } from '../workers/queues.js';
import { indexerProcessor } from '../workers/processors/indexer.processor.js';
import { payoutSweepProcessor } from '../workers/processors/payout-sweep.processor.js';
import { watchDelegations } from '../domain/delegation/watch-delegations.use-case.js';
import { recordEraStats } from '../domain/stats/record-era-stats.use-case.js';
import { startWorkers } from '../workers/start-workers.js';
import { PrismaUsedNonceRepository } from '../db/used-nonce.repository.js';
import { secretUrlsOf, withRedactedErrors } from '../redaction.js';
import { redisConnection, systemClock, type Context } from './context.js';
import { startRound } from '../domain/rounds/start-round.use-case.js';
import { buildFeatures } from './modules.js';

export async function startWorker(ctx: Context): Promise<{ close(): Promise<void> }> {
  const log = ctx.logger.child({ component: 'workers' });
  // Every job needs the chain (and the writer built on it): the workers wait for it, the API does not.
  if (ctx.chainStatus() !== null) log.info({ chain: ctx.chainStatus() }, 'workers wait for the chain');
  await ctx.whenChain();
  const watchDeps = {
    delegations: ctx.delegations,
    chain: ctx.reader,
    operator: ctx.writer.operatorAddress(),
    clock: systemClock,
    pendingExpiryMs: ctx.config.pendingExpiryMs,
  };
  const startDeps = {
    rounds: ctx.rounds,
    writer: ctx.writer,
    targetsPerDelegator: ctx.config.targetsPerDelegator,
    rotationEras: ctx.config.rotationEras,
  };
  const features = buildFeatures(ctx);
  const input: Parameters<typeof startWorkers>[0] = {
    connection: redisConnection(ctx.redisUrl),
    prefix: ctx.config.queuePrefix,
    queues: ctx.queues,
    logger: log,
    record: {
      unfinishedRounds: () => ctx.rounds.unfinished(),
      openPayoutBatches: async () => (await ctx.payouts.openBatches()).length > 0,
    },
    schedule: {
      eraPollMs: ctx.config.eraPollMs,
      watchIntervalMs: ctx.config.watchIntervalMs,
      candidatesRefreshMs: ctx.config.candidatesRefreshMs,
      jobLockMs: ctx.config.jobLockMs,
      indexIntervalMs: ctx.config.indexIntervalMs,
      payoutIntervalMs: ctx.config.payoutIntervalMs,
    },
    processors: {
      round: roundProcessor(
        {
          rounds: ctx.rounds,
          delegations: ctx.delegations,
          snapshots: ctx.snapshots,
          refreshCandidates: ctx.refresh,
          chain: ctx.reader,
          beacon: ctx.beacon,
          writer: ctx.writer,
          lock: ctx.signingLock,
          clock: systemClock,
          recheck: async (stashes, signedAt) => void (await watchDelegations(watchDeps, stashes, { signedAt })),
          // The era's own round (one per era, whoever creates it first: this or the era watcher).
          replan: async (era) => {
            const { round } = await startRound(startDeps, { trigger: 'era', dryRun: false, era });
            await enqueueRound(ctx.queues.rounds, round.id);
          },
        },
        log,
      ),
      eraWatch: eraWatchProcessor(
        {
          chain: ctx.reader,
          state: ctx.state,
          startRound: startDeps,
          enqueueRound: (id) => enqueueRound(ctx.queues.rounds, id),
          recordEra: () => recordEraStats({ stats: ctx.stats, delegations: ctx.delegations, chain: ctx.reader }),
          enqueuePayouts: (era) => enqueuePayoutSweep(ctx.queues.payouts, era),
        },
        log,
      ),
      delegationWatch: delegationWatchProcessor(
        { ...watchDeps, nonces: new PrismaUsedNonceRepository(ctx.prisma) },
        log,
      ),
      candidatesRefresh: candidatesRefreshProcessor(ctx.refreshDeps, log),
      indexer: indexerProcessor(
        {
          source: ctx.eventSource,
          events: ctx.events,
          watch: async (stashes) => void (await watchDelegations(watchDeps, stashes)),
          onTransfers: features.onTransfers,
        },
        ctx.config.indexMaxBlocks,
        log,
      ),
      payouts: payoutSweepProcessor(
        {
          payouts: ctx.payouts,
          chain: ctx.reader,
          reader: ctx.payoutReader,
          writer: ctx.payoutWriter,
          lock: ctx.signingLock,
        },
        log,
      ),
    },
  };
  // A job's failure reason (stored in Redis, shown by /v1/admin/jobs) never carries an endpoint's URL.
  const workers = await startWorkers({
    ...input,
    processors: withRedactedErrors(input.processors, secretUrlsOf(ctx.config)),
    // Each feature module brings its queues, processors and schedules.
    modules: features.modules
      .flatMap((m) => m.workers?.() ?? [])
      .map((q) => ({ ...q, processor: withRedactedErrors({ run: q.processor }, secretUrlsOf(ctx.config)).run })),
  });
  // Rounds interrupted by a crash resume; a job still locked by a dead worker is taken over when its lock expires.
  for (const round of await ctx.rounds.unfinished()) {
    await enqueueRound(ctx.queues.rounds, round.id);
    log.info({ roundId: round.id, status: round.status }, 'unfinished round re-enqueued');
  }
  return workers;
}
