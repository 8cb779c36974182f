import { Queue, Worker, type ConnectionOptions, type Processor } from 'bullmq';
import type { ModuleQueue } from '../modules/feature-module.js';
import type { Logger } from 'pino';
import { QUEUES, type Queues } from './queues.js';
import { ensureQueueSetup, startSupervisor, type RecurringJob, type SupervisorDeps } from './queue-supervisor.js';

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
  /** What the supervisor restores from the database when Redis lost its data. */
  record: Pick<SupervisorDeps, 'unfinishedRounds' | 'openPayoutBatches'>;
  /** The feature modules' queues (pools, governance, …): a worker each, one job at a time, their schedules. */
  modules?: ModuleQueue[];
  /** How often the supervisor looks (default 15 s: lost work is back within a minute). */
  superviseEveryMs?: number;
}): Promise<{ close(): Promise<void> }> {
  const { connection, prefix, queues, processors, schedule, logger } = input;
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
  const moduleQueues = (input.modules ?? []).map((m) => ({
    spec: m,
    queue: new Queue(m.name, { connection, prefix }),
  }));
  for (const { spec } of moduleQueues)
    workers.push(new Worker(spec.name, spec.processor, { ...common, concurrency: 1 }));
  for (const w of workers) {
    const log = logger.child({ queue: w.name });
    w.on('failed', (job, err) => log.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err }, 'job failed'));
    w.on('error', (err) => log.error({ err }, 'worker error'));
  }
  const recurring: RecurringJob[] = [
    { queue: queues.eraWatch, name: 'era-watch', every: schedule.eraPollMs },
    { queue: queues.delegationWatch, name: 'delegation-watch', every: schedule.watchIntervalMs },
    { queue: queues.candidatesRefresh, name: 'candidates-refresh', every: schedule.candidatesRefreshMs },
    { queue: queues.indexer, name: 'indexer', every: schedule.indexIntervalMs },
    { queue: queues.payouts, name: 'payout-sweep', every: schedule.payoutIntervalMs },
    ...moduleQueues.flatMap(({ spec, queue }) =>
      spec.everyMs ? [{ queue, name: spec.name, every: spec.everyMs }] : [],
    ),
  ];
  const serial = moduleQueues.map((m) => m.queue);
  // Rounds and payout sweeps (one signer) and the indexer (one cursor) run one at a time across
  // every worker process; the recurring jobs have their schedulers.
  await ensureQueueSetup({ queues, recurring, serial });
  const supervisor = startSupervisor(
    { queues, recurring, serial, ...input.record, logger: logger.child({ component: 'queue-supervisor' }) },
    input.superviseEveryMs ?? 15_000,
  );
  logger.info({ queues: workers.map((w) => w.name) }, 'workers started');
  return {
    close: async () => {
      supervisor.close();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(serial.map((q) => q.close()));
    },
  };
}
