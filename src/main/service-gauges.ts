import type { Logger } from 'pino';
import type { RunningJob, ServiceGaugeReadings } from '../api/service-metrics.js';
import type { ChangeFeed } from '../db/change-feed.js';
import { GaugeValue } from '../api/gauge-value.js';

/** Where each reading comes from: every call is a query, a queue read or a chain request. */
export interface ServiceGaugeSources {
  /** Announces writes to the tables below, by any process. */
  changes: ChangeFeed;
  delegatorsByStatus(): Promise<Record<string, number>>;
  payoutsByStatus(): Promise<Record<string, number>>;
  indexerCursor(): Promise<number | null>;
  enteredActiveSet(): Promise<number>;
  /** The chain's finalized block number (throws while the chain is not there). */
  finalizedHead(): Promise<number>;
  /** Jobs running now in every queue, with their reported progress. */
  activeJobs(): Promise<RunningJob[]>;
  logger: Pick<Logger, 'warn'>;
}

export interface ServiceGaugeTimings {
  /** Least time between two reads of one database gauge while its table keeps changing. */
  minGapMs: number;
  /** How often the finalized head is read. */
  headEveryMs: number;
  /** How often the queues are read for running jobs and their progress. */
  jobsEveryMs: number;
  /** How often the database gauges are read while the change feed is down (no announcements). */
  unannouncedEveryMs: number;
  /** Longest a scrape waits for a change announced before it to be read. */
  settleMaxMs: number;
}

export const SERVICE_GAUGE_TIMINGS: ServiceGaugeTimings = {
  minGapMs: 500,
  headEveryMs: 3_000,
  jobsEveryMs: 1_000,
  unannouncedEveryMs: 5_000,
  settleMaxMs: 1_000,
};

/**
 * Which tables' writes change which database gauge (the triggers of migration
 * 20261129131900_change_notifications announce them).
 */
export const GAUGE_TABLES = {
  delegators: ['Delegation'],
  payouts: ['Payout'],
  cursor: ['ServiceState'],
  entered: ['EraStat'],
} as const;

export interface ServiceGauges extends ServiceGaugeReadings {
  stop(): void;
}

/**
 * The service's gauges kept current in the background, so that a scrape reads memory only:
 * the database's ones read again when the change feed announces a write to their table (by any
 * process: a worker elsewhere, another API) and once at start; the finalized head and the running
 * jobs read on a timer. Everything runs in the process serving /metrics, from the shared state, so
 * every process's work shows.
 */
export function startServiceGauges(
  sources: ServiceGaugeSources,
  timings: ServiceGaugeTimings = SERVICE_GAUGE_TIMINGS,
): ServiceGauges {
  let version = 0;
  const failed = (what: string) => (err: unknown) =>
    sources.logger.warn({ err, gauge: what }, 'a gauge could not be read: /metrics shows its last value');
  const fromDatabase = <T>(what: string, load: () => Promise<T>) =>
    new GaugeValue<T>({
      load: async () => {
        const value = await load();
        version++;
        return value;
      },
      minGapMs: timings.minGapMs,
      onError: failed(what),
    });
  const db = {
    delegators: fromDatabase('ndest_delegators', () => sources.delegatorsByStatus()),
    payouts: fromDatabase('ndest_payouts', () => sources.payoutsByStatus()),
    cursor: fromDatabase('ndest_indexer_block', () => sources.indexerCursor()),
    entered: fromDatabase('ndest_validators_entered_active_set', () => sources.enteredActiveSet()),
  };
  const gauges = Object.entries(db) as [keyof typeof db, GaugeValue<unknown>][];
  const unsubscribe = sources.changes.onChange((table) => {
    for (const [name, gauge] of gauges)
      if (table === '*' || (GAUGE_TABLES[name] as readonly string[]).includes(table)) gauge.invalidate();
  });
  for (const [, gauge] of gauges) gauge.invalidate();

  // Without announcements (the feed reconnecting, or a process without one) nothing would move them.
  const unannounced = setInterval(() => {
    if (!sources.changes.live()) for (const [, gauge] of gauges) gauge.invalidate();
  }, timings.unannouncedEveryMs);
  unannounced.unref();

  let finalized: number | null = null;
  const head = every(timings.headEveryMs, async () => {
    // Null while the chain is not there: no head rather than an old one.
    const next = await sources.finalizedHead().catch(() => null);
    if (next !== finalized) version++;
    finalized = next;
  });

  let jobs: readonly RunningJob[] = [];
  let jobsFailing = false;
  const jobPoll = every(timings.jobsEveryMs, async () => {
    try {
      jobs = await sources.activeJobs();
      jobsFailing = false;
      version++;
    } catch (err) {
      if (!jobsFailing) failed('ndest_job_progress')(err);
      jobsFailing = true;
    }
  });

  return {
    delegatorsByStatus: () => db.delegators.current(),
    payoutsByStatus: () => db.payouts.current(),
    indexer: () => ({ cursor: db.cursor.current(), finalized }),
    enteredActiveSet: () => db.entered.current(),
    activeJobs: () => jobs,
    settled: async () => {
      const stale = gauges.filter(([, gauge]) => gauge.stale());
      if (stale.length > 0) await Promise.all(stale.map(([, gauge]) => gauge.settled(timings.settleMaxMs)));
    },
    version: () => version,
    stop: () => {
      unsubscribe();
      clearInterval(unannounced);
      head.stop();
      jobPoll.stop();
      for (const [, gauge] of gauges) gauge.stop();
    },
  };
}

/** Runs `task` now and then `everyMs` after each run ends (never two at once). */
function every(everyMs: number, task: () => Promise<void>): { stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const run = () => {
    void task()
      .catch(() => undefined)
      .then(() => {
        if (stopped) return;
        timer = setTimeout(run, everyMs);
        timer.unref();
      });
  };
  run();
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
