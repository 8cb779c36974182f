import { startWorkers } from '../workers/start-workers.js';
import { secretUrlsOf, withRedactedErrors } from '../redaction.js';
import { redisConnection, type Context } from './context.js';
import { buildFeatures } from './modules.js';

/** The worker process: once the chain answered, a worker per feature module queue. */
export async function startWorker(ctx: Context): Promise<{ close(): Promise<void> }> {
  const log = ctx.logger.child({ component: 'workers' });
  // Every job needs the chain (and the writer built on it): the workers wait for it, the API does not.
  if (ctx.chainStatus() !== null) log.info({ chain: ctx.chainStatus() }, 'workers wait for the chain');
  await ctx.whenChain();
  // Each feature module brings its queues, processors and schedules.
  const features = buildFeatures(ctx);
  const queues = features.modules.flatMap((m) => m.workers?.() ?? []);
  const secrets = secretUrlsOf(ctx.config);
  const workers = await startWorkers({
    connection: redisConnection(ctx.redisUrl),
    prefix: ctx.config.queuePrefix,
    queues: ctx.queues,
    jobLockMs: ctx.config.jobLockMs,
    logger: log,
    record: features.record,
    // A job's failure reason (stored in Redis, shown by /v1/admin/jobs) never carries an endpoint's URL.
    modules: queues.map((q) => ({ ...q, processor: withRedactedErrors({ run: q.processor }, secrets).run })),
  });
  for (const m of features.modules) await m.onChainReady?.();
  // Work a crash interrupted is put back (unfinished rounds).
  for (const q of queues) await q.resume?.();
  return workers;
}
