import type { QueueStatus } from '../domain/ports/operations.js';
import type { Queues } from './queues.js';

const STATES = ['active', 'waiting', 'delayed', 'prioritized', 'failed', 'completed'] as const;

/** The admin view of the queues: counts per state and the latest jobs with their progress. */
export async function jobStatus(queues: Queues, perQueue = 20): Promise<QueueStatus[]> {
  return Promise.all(
    queues.all().map(async (queue) => {
      const counts = await queue.getJobCounts(...STATES);
      const jobs = await queue.getJobs([...STATES], 0, perQueue - 1, false);
      const withState = await Promise.all(
        jobs.map(async (j) => ({
          id: j.id ?? null,
          name: j.name,
          state: await j.getState(),
          progress: j.progress,
          attemptsMade: j.attemptsMade,
          failedReason: j.failedReason ?? null,
          timestamp: j.timestamp,
        })),
      );
      return { name: queue.name, counts, jobs: withState };
    }),
  );
}
