/** What operators see of the queues. Plain data only: no codecs, no Prisma rows. */

/** One job queue as the admin job-status view shows it. */
export interface QueueStatus {
  name: string;
  counts: Record<string, number>;
  jobs: {
    id: string | null;
    name: string;
    state: string;
    progress: unknown;
    attemptsMade: number;
    failedReason: string | null;
    timestamp: number;
  }[];
}
