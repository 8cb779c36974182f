import { Worker, type ConnectionOptions, type Processor, type Queue } from 'bullmq';
import type { Logger } from 'pino';
import { QUEUES, type Queues } from './queues.js';

export interface WorkerProcessors {
  round: Processor;
  eraWatch: Processor;
  delegationWatch: Processor;
  candidatesRefresh: Processor;
  indexer: Processor;
  payouts: Processor;
}

export interface WorkerSchedule {
  eraPollMs: number;
  watchIntervalMs: number;
  candidatesRefreshMs: number;
  jobLockMs: number;
  indexIntervalMs: number;
  payoutIntervalMs: number;
}

/**
 * Starts one BullMQ worker per queue and the recurring job schedulers. Rounds run one at a time
 * across every worker process (a single signer must send in nonce order).
 */
export async function startWorkers(input: {
  connection: ConnectionOptions;
  prefix: string;
  queues: Queues;
  processors: WorkerProcessors;
  schedule: WorkerSchedule;
  logger: Logger;
}): Promise<{ close(): Promise<void> }> {
  const { connection, prefix, queues, processors, schedule, logger } = input;
  // One signer: rounds and payout sweeps each run one at a time across every worker process.
  await queues.rounds.setGlobalConcurrency(1);
  await queues.payouts.setGlobalConcurrency(1);
  await queues.indexer.setGlobalConcurrency(1);
  const common = {
    connection,
    prefix,
    lockDuration: schedule.jobLockMs,
    stalledInterval: schedule.jobLockMs,
    // A job whose worker died is taken over again, several times if need be: rounds resume safely.
    maxStalledCount: 10,
  };
  const workers = [
    new Worker(QUEUES.rounds, processors.round, { ...common, concurrency: 1 }),
    new Worker(QUEUES.eraWatch, processors.eraWatch, { ...common, concurrency: 1 }),
    new Worker(QUEUES.delegationWatch, processors.delegationWatch, { ...common, concurrency: 1 }),
    new Worker(QUEUES.candidatesRefresh, processors.candidatesRefresh, { ...common, concurrency: 1 }),
    new Worker(QUEUES.indexer, processors.indexer, { ...common, concurrency: 1 }),
    new Worker(QUEUES.payouts, processors.payouts, { ...common, concurrency: 1 }),
  ];
  for (const w of workers) {
    const log = logger.child({ queue: w.name });
    w.on('failed', (job, err) =>
      log.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message }, 'job failed'),
    );
    w.on('error', (err) => log.error({ err: err.message }, 'worker error'));
  }
  const recurring: [Queue, string, number][] = [
    [queues.eraWatch, 'era-watch', schedule.eraPollMs],
    [queues.delegationWatch, 'delegation-watch', schedule.watchIntervalMs],
    [queues.candidatesRefresh, 'candidates-refresh', schedule.candidatesRefreshMs],
    [queues.indexer, 'indexer', schedule.indexIntervalMs],
    [queues.payouts, 'payout-sweep', schedule.payoutIntervalMs],
  ];
  for (const [queue, name, every] of recurring)
    await queue.upsertJobScheduler(
      name,
      { every },
      { name, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );
  logger.info({ queues: workers.map((w) => w.name) }, 'workers started');
  return {
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
