import { Gauge, type Registry } from 'prom-client';
import { addScrapeFreshness } from './plugins/metrics.js';

/** A job running now, with the progress it reported. */
export interface RunningJob {
  queue: string;
  id: string;
  progress: Record<string, unknown>;
}

/**
 * What the service's gauges show, kept current in the background from the shared state
 * (database, queues, chain), so that every process's work shows (src/main/service-gauges.ts).
 * Reading it costs no I/O: a scrape never queries the database, the queues or the chain.
 */
export interface ServiceGaugeReadings {
  /** Null until first read. */
  delegatorsByStatus(): Record<string, number> | null;
  payoutsByStatus(): Record<string, number> | null;
  indexer(): { cursor: number | null; finalized: number | null };
  enteredActiveSet(): number | null;
  activeJobs(): readonly RunningJob[];
  /** Resolves once every change announced so far is in the readings (a bounded wait; it loads nothing). */
  settled(): Promise<void>;
  /** Moves whenever a reading was read again: a body rendered before it may be out of date. */
  version(): number;
}

export interface ServiceMetricSources {
  /** Starts keeping the readings current (once, in the process that serves /metrics) and returns them. */
  start(): ServiceGaugeReadings;
}

const numeric = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Sets one series per key; a key seen before and gone now reads 0 rather than its last count. */
function setCounts(gauge: Gauge<'status'>, seen: Set<string>, counts: Record<string, number> | null): void {
  if (counts === null) return;
  for (const status of seen) if (!(status in counts)) gauge.set({ status }, 0);
  for (const [status, n] of Object.entries(counts)) {
    seen.add(status);
    gauge.set({ status }, n);
  }
}

export function registerServiceMetrics(registry: Registry, sources: ServiceMetricSources): void {
  const readings = sources.start();
  addScrapeFreshness(registry, readings);
  const delegatorStatuses = new Set<string>();
  new Gauge({
    name: 'ndest_delegators',
    help: 'Delegations by status',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      setCounts(this, delegatorStatuses, readings.delegatorsByStatus());
    },
  });
  const payoutStatuses = new Set<string>();
  new Gauge({
    name: 'ndest_payouts',
    help: 'Exposure pages holding a delegator, by payout status',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      setCounts(this, payoutStatuses, readings.payoutsByStatus());
    },
  });
  new Gauge({
    name: 'ndest_indexer_block',
    help: 'Last block indexed (cursor) and the finalized head',
    labelNames: ['which'],
    registers: [registry],
    collect() {
      const { cursor, finalized } = readings.indexer();
      if (cursor !== null) this.set({ which: 'cursor' }, cursor);
      if (finalized !== null) this.set({ which: 'finalized' }, finalized);
      if (cursor !== null && finalized !== null) this.set({ which: 'lag' }, Math.max(0, finalized - cursor));
    },
  });
  new Gauge({
    name: 'ndest_validators_entered_active_set',
    help: 'Distinct validators elected while NDeST nominated them (not elected the era before)',
    registers: [registry],
    collect() {
      const entered = readings.enteredActiveSet();
      if (entered !== null) this.set(entered);
    },
  });
  new Gauge({
    name: 'ndest_job_progress',
    help: 'Progress of running jobs (rounds, payout sweeps, indexer catch-up) as reported by them',
    labelNames: ['queue', 'job', 'field'],
    registers: [registry],
    collect() {
      this.reset();
      for (const job of readings.activeJobs())
        for (const [field, value] of Object.entries(job.progress)) {
          const n = numeric(value);
          if (n !== null) this.set({ queue: job.queue, job: job.id, field }, n);
        }
    },
  });
}
