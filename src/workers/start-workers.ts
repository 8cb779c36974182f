import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { ModuleQueue } from '../modules/feature-module.js';
import type { Logger } from 'pino';
import type { Queues } from './queues.js';
import { ensureQueueSetup, startSupervisor, type RecurringJob, type SupervisorDeps } from './queue-supervisor.js';

/**
 * Starts one BullMQ worker per module queue (one job at a time in each process), their recurring
 * job schedulers and the queue supervisor. Serial queues (rounds and payout sweeps: a single
 * signer sends in nonce order; the indexer: one cursor; the feature ticks) run one job at a time
 * across every worker process.
 */
export async function startWorkers(input: {
  connection: ConnectionOptions;
  prefix: string;
  /**
   * The context's queue handles: a module queue of the same name uses its handle (the API reads
   * the same queues for /v1/admin/jobs), and the supervisor keeps its typed handle on rounds and
   * payouts, whose jobs it restores from the record.
   */
  queues: Queues;
  /** JOB_LOCK_MS: a job whose worker stopped renewing its lock for this long is taken over. */
  jobLockMs: number;
  logger: Logger;
  /** What the supervisor restores from the database when Redis lost its data. */
  record: Pick<SupervisorDeps, 'unfinishedRounds' | 'openPayoutBatches'>;
  /** Every feature module's queues: a worker each, one job at a time, their schedules. */
  modules: ModuleQueue[];
  /** How often the supervisor looks (default 15 s: lost work is back within a minute). */
  superviseEveryMs?: number;
}): Promise<{ close(): Promise<void> }> {
  const { connection, prefix, queues, jobLockMs, logger } = input;
  const common = {
    connection,
    prefix,
    lockDuration: jobLockMs,
    stalledInterval: jobLockMs,
    // A job whose worker died is taken over again, several times if need be: rounds resume safely.
    maxStalledCount: 10,
  };
  const shared = new Map(queues.all().map((q) => [q.name, q]));
  const owned: Queue[] = [];
  const moduleQueues = input.modules.map((spec) => {
    let queue = shared.get(spec.name);
    if (!queue) {
      queue = new Queue(spec.name, { connection, prefix });
      owned.push(queue);
    }
    return { spec, queue };
  });
  const workers = moduleQueues.map(({ spec }) => new Worker(spec.name, spec.processor, { ...common, concurrency: 1 }));
  for (const w of workers) {
    const log = logger.child({ queue: w.name });
    w.on('failed', (job, err) => log.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err }, 'job failed'));
    w.on('error', (err) => log.error({ err }, 'worker error'));
  }
  const recurring: RecurringJob[] = moduleQueues.flatMap(({ spec, queue }) =>
    spec.everyMs ? [{ queue, name: spec.scheduler ?? spec.name, every: spec.everyMs }] : [],
  );
  const serial = moduleQueues.filter(({ spec }) => spec.serial !== false).map(({ queue }) => queue);
  await ensureQueueSetup({ recurring, serial });
  const supervisor = startSupervisor(
    { queues, recurring, serial, ...input.record, logger: logger.child({ component: 'queue-supervisor' }) },
    input.superviseEveryMs ?? 15_000,
  );
  logger.info({ queues: workers.map((w) => w.name) }, 'workers started');
  return {
    close: async () => {
      supervisor.close();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(owned.map((q) => q.close()));
    },
  };
}
