import type { Logger } from 'pino';
import type { Queue } from 'bullmq';
import { enqueuePayoutResume, enqueueRound, roundJobId, type Queues } from './queues.js';

export interface RecurringJob {
  queue: Queue;
  name: string;
  every: number;
}

export interface SupervisorDeps {
  /**
   * The typed handle on the two queues whose jobs the record restores: round jobs (deterministic
   * ids from the round's) and the payout resume. Their modules declare them; the supervisor stays
   * special because restoring needs the database's record, not only what a module schedules.
   */
  queues: Pick<Queues, 'rounds' | 'payouts'>;
  recurring: RecurringJob[];
  /**
   * Queues whose jobs run one at a time across every worker process (a single signer, one cursor,
   * the feature ticks): their modules' queues not marked `serial: false`.
   */
  serial: Queue[];
  /** Rounds not finished in the database: each must have a job. */
  unfinishedRounds: () => Promise<{ id: string }[]>;
  /** True while payout batches are stored but not included: a sweep must come to finish them. */
  openPayoutBatches: () => Promise<boolean>;
  logger: Logger;
}

/** Declares what Redis must hold for the workers to go on: global concurrency and job schedulers. */
export async function ensureQueueSetup(deps: Pick<SupervisorDeps, 'recurring' | 'serial'>): Promise<string[]> {
  const restored: string[] = [];
  for (const queue of deps.serial) {
    if ((await queue.getGlobalConcurrency()) !== 1) {
      await queue.setGlobalConcurrency(1);
      restored.push(`${queue.name}: global concurrency`);
    }
  }
  for (const { queue, name, every } of deps.recurring) {
    if (await queue.getJobScheduler(name)) continue;
    await queue.upsertJobScheduler(
      name,
      { every },
      { name, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );
    restored.push(`${queue.name}: scheduler ${name}`);
  }
  return restored;
}

/**
 * Redis is a work list, PostgreSQL the record: when Redis loses its data (a restart without
 * persistence, a failover, a flush), the schedulers, the serial-queue settings and the jobs of
 * unfinished work are declared again from the record, by every worker process on its own, without
 * a restart. Idempotent: job ids are deterministic, so several workers doing it at once add each
 * job once; a round or sweep that still runs meanwhile is guarded by the signing lock and the
 * compare-and-set of its batches.
 */
export async function superviseOnce(deps: SupervisorDeps): Promise<string[]> {
  const restored = await ensureQueueSetup(deps);
  for (const round of await deps.unfinishedRounds()) {
    const job = await deps.queues.rounds.getJob(roundJobId(round.id));
    if (job) continue;
    await enqueueRound(deps.queues.rounds, round.id);
    restored.push(`round ${round.id}`);
  }
  if (await deps.openPayoutBatches()) {
    // Not counting delayed jobs: the scheduler's next sweep may be ten minutes away.
    const counts = await deps.queues.payouts.getJobCounts('active', 'waiting', 'prioritized');
    if (Object.values(counts).every((n) => n === 0)) {
      await enqueuePayoutResume(deps.queues.payouts);
      restored.push('payout sweep');
    }
  }
  if (restored.length > 0) deps.logger.warn({ restored }, 'queue state restored from the database');
  return restored;
}

/** Runs `superviseOnce` every `intervalMs` until closed (errors are logged: Redis may be down right then). */
export function startSupervisor(deps: SupervisorDeps, intervalMs: number): { close(): void } {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    superviseOnce(deps)
      .catch((err: unknown) => deps.logger.warn({ err }, 'queue supervision failed; next try soon'))
      .finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  return { close: () => clearInterval(timer) };
}
