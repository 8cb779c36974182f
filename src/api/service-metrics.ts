import { Gauge, type Registry } from 'prom-client';

/** Read at scrape time, from the shared state (database, queues, chain), so every process's work shows. */
export interface ServiceMetricSources {
  delegatorsByStatus(): Promise<Record<string, number>>;
  payoutsByStatus(): Promise<Record<string, number>>;
  indexer(): Promise<{ cursor: number | null; finalized: number | null }>;
  enteredActiveSet(): Promise<number>;
  /** Jobs running now, with their reported progress. */
  activeJobs(): Promise<{ queue: string; id: string; progress: Record<string, unknown> }[]>;
}

const numeric = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function registerServiceMetrics(registry: Registry, sources: ServiceMetricSources): void {
  new Gauge({
    name: 'ndest_delegators',
    help: 'Delegations by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      for (const [status, n] of Object.entries(await sources.delegatorsByStatus())) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'ndest_payouts',
    help: 'Exposure pages holding a delegator, by payout status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      for (const [status, n] of Object.entries(await sources.payoutsByStatus())) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'ndest_indexer_block',
    help: 'Last block indexed (cursor) and the finalized head',
    labelNames: ['which'],
    registers: [registry],
    async collect() {
      const { cursor, finalized } = await sources.indexer();
      if (cursor !== null) this.set({ which: 'cursor' }, cursor);
      if (finalized !== null) this.set({ which: 'finalized' }, finalized);
      if (cursor !== null && finalized !== null) this.set({ which: 'lag' }, Math.max(0, finalized - cursor));
    },
  });
  new Gauge({
    name: 'ndest_validators_entered_active_set',
    help: 'Distinct validators elected while NDeST nominated them (not elected the era before)',
    registers: [registry],
    async collect() {
      this.set(await sources.enteredActiveSet());
    },
  });
  new Gauge({
    name: 'ndest_job_progress',
    help: 'Progress of running jobs (rounds, payout sweeps, indexer catch-up) as reported by them',
    labelNames: ['queue', 'job', 'field'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const job of await sources.activeJobs())
        for (const [field, value] of Object.entries(job.progress)) {
          const n = numeric(value);
          if (n !== null) this.set({ queue: job.queue, job: job.id, field }, n);
        }
    },
  });
}
