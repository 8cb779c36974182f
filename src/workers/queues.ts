import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

/** Queue names; job ids are deterministic (no ':' and never all digits, as BullMQ requires). */
export const QUEUES = {
  rounds: 'rounds',
  eraWatch: 'era-watch',
  delegationWatch: 'delegation-watch',
  candidatesRefresh: 'candidates-refresh',
  indexer: 'indexer',
  payouts: 'payouts',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface RoundJobData {
  roundId: string;
}

export const roundJobId = (roundId: string) => `round-${roundId}`;

export function parseRoundJobData(data: unknown): RoundJobData {
  const roundId = (data as { roundId?: unknown } | null)?.roundId;
  if (typeof roundId !== 'string' || !/^\d{1,18}$/.test(roundId))
    throw new Error('round job: roundId must be a decimal id');
  return { roundId };
}

export const ROUND_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { count: 1_000 },
  removeOnFail: { count: 1_000 },
};

export interface Queues {
  rounds: Queue<RoundJobData>;
  eraWatch: Queue;
  delegationWatch: Queue;
  candidatesRefresh: Queue;
  indexer: Queue;
  payouts: Queue;
  all(): Queue[];
  close(): Promise<void>;
}

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const opts = { connection, prefix };
  const rounds = new Queue<RoundJobData>(QUEUES.rounds, opts);
  const eraWatch = new Queue(QUEUES.eraWatch, opts);
  const delegationWatch = new Queue(QUEUES.delegationWatch, opts);
  const candidatesRefresh = new Queue(QUEUES.candidatesRefresh, opts);
  const indexer = new Queue(QUEUES.indexer, opts);
  const payouts = new Queue(QUEUES.payouts, opts);
  const all = () => [rounds, eraWatch, delegationWatch, candidatesRefresh, indexer, payouts] as Queue[];
  return {
    rounds,
    eraWatch,
    delegationWatch,
    candidatesRefresh,
    indexer,
    payouts,
    all,
    close: async () => {
      await Promise.all(all().map((q) => q.close()));
    },
  };
}

/**
 * Enqueues a round's job once. A failed job is retried rather than re-added (BullMQ ignores
 * a second add with the same id); a finished one was removed or is harmless to run again.
 */
export async function enqueueRound(rounds: Queue<RoundJobData>, roundId: string): Promise<void> {
  const jobId = roundJobId(roundId);
  const existing = await rounds.getJob(jobId);
  if (existing && (await existing.isFailed())) {
    await existing.retry();
    return;
  }
  if (existing && (await existing.isCompleted())) await existing.remove();
  await rounds.add('round', { roundId }, { ...ROUND_JOB_OPTIONS, jobId });
}

/** A payout sweep for an era change; one job per era, whatever the number of workers. */
export async function enqueuePayoutSweep(payouts: Queue, era: number): Promise<void> {
  await payouts.add(
    'payout-sweep',
    {},
    {
      jobId: `payouts-era-${era}`,
      attempts: 5,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: { count: 200 },
      removeOnFail: { count: 200 },
    },
  );
}

/**
 * A sweep to finish stored payout batches whose job Redis lost. One at a time: while one waits or
 * runs, adding another is a no-op (same id); afterwards a new one may be added.
 */
export async function enqueuePayoutResume(payouts: Queue): Promise<void> {
  const jobId = 'payouts-resume';
  const existing = await payouts.getJob(jobId);
  if (existing && ((await existing.isCompleted()) || (await existing.isFailed()))) await existing.remove();
  await payouts.add(
    'payout-sweep',
    {},
    { jobId, attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: true, removeOnFail: true },
  );
}
