/**
 * The service's gauges (src/main/service-gauges.ts) read their sources in the background: when the
 * change feed announces their table, on a timer for the chain's head and the queues, never
 * during a scrape. The scrape itself serves from memory.
 */
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { metricsPlugin } from '../../../src/api/plugins/metrics.js';
import { registerServiceMetrics, type RunningJob } from '../../../src/api/service-metrics.js';
import type { ChangeFeed } from '../../../src/db/change-feed.js';
import {
  SERVICE_GAUGE_TIMINGS,
  startServiceGauges,
  type ServiceGauges,
  type ServiceGaugeSources,
} from '../../../src/main/service-gauges.js';
import { until } from '../../support/service-processes.js';

/** A feed the test announces on by hand. */
function manualFeed(live = true) {
  const listeners = new Set<(table: string) => void>();
  const feed: ChangeFeed = {
    version: () => 0,
    live: () => live,
    invalidateAll: () => listeners.forEach((l) => l('*')),
    onChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return { feed, announce: (table: string) => listeners.forEach((l) => l(table)) };
}

/** Sources backed by plain values, counting every read. */
function fakeSources(feed: ChangeFeed) {
  const state = {
    delegators: { pending: 0, active: 1, opted_out: 0, revoked: 0, manual: 0 } as Record<string, number>,
    payouts: { paid: 2 } as Record<string, number>,
    cursor: 10 as number | null,
    entered: 3,
    finalized: 12,
    jobs: [] as RunningJob[],
  };
  const reads = { delegators: 0, payouts: 0, cursor: 0, entered: 0, head: 0, jobs: 0 };
  const sources: ServiceGaugeSources = {
    changes: feed,
    delegatorsByStatus: async () => (reads.delegators++, { ...state.delegators }),
    payoutsByStatus: async () => (reads.payouts++, { ...state.payouts }),
    indexerCursor: async () => (reads.cursor++, state.cursor),
    enteredActiveSet: async () => (reads.entered++, state.entered),
    finalizedHead: async () => (reads.head++, state.finalized),
    activeJobs: async () => (reads.jobs++, state.jobs),
    logger: { warn: () => undefined },
  };
  return { state, reads, sources };
}

const started: ServiceGauges[] = [];
const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  started.splice(0).forEach((g) => g.stop());
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function serve(sources: ServiceGaugeSources, timings = SERVICE_GAUGE_TIMINGS) {
  const registry = new Registry();
  registerServiceMetrics(registry, {
    start: () => {
      const gauges = startServiceGauges(sources, timings);
      started.push(gauges);
      return gauges;
    },
  });
  const app = Fastify();
  await app.register(metricsPlugin, { registry });
  apps.push(app);
  const scrape = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body;
  return { scrape };
}

const line = (body: string, series: string) =>
  body.split('\n').find((l) => l.startsWith(`${series} `)) ?? `(no ${series})`;

describe('service gauges', () => {
  it('are read once at start and served from memory: a scrape runs no query and no chain or queue read', async () => {
    const { feed } = manualFeed();
    const { reads, sources } = fakeSources(feed);
    const { scrape } = await serve(sources, { ...SERVICE_GAUGE_TIMINGS, headEveryMs: 60_000, jobsEveryMs: 60_000 });
    const first = await scrape();
    expect(line(first, 'ndest_delegators{status="active"}')).toBe('ndest_delegators{status="active"} 1');
    expect(line(first, 'ndest_payouts{status="paid"}')).toBe('ndest_payouts{status="paid"} 2');
    expect(line(first, 'ndest_validators_entered_active_set')).toBe('ndest_validators_entered_active_set 3');
    expect(line(first, 'ndest_indexer_block{which="cursor"}')).toBe('ndest_indexer_block{which="cursor"} 10');
    const before = { ...reads };
    for (let i = 0; i < 20; i++) await scrape();
    // Neither the database nor the chain (head) nor the queues (jobs) were read again.
    expect(reads).toEqual(before);
    expect(reads).toEqual({ delegators: 1, payouts: 1, cursor: 1, entered: 1, head: 1, jobs: 1 });
  });

  it('read a database gauge again when its table is announced, and only that one', async () => {
    const { feed, announce } = manualFeed();
    const { state, reads, sources } = fakeSources(feed);
    const { scrape } = await serve(sources);
    await scrape();
    state.delegators.active = 5;
    state.payouts.paid = 9;
    announce('Delegation');
    // The scrape waits for the read the announcement started (it starts none itself).
    expect(line(await scrape(), 'ndest_delegators{status="active"}')).toBe('ndest_delegators{status="active"} 5');
    expect(reads.delegators).toBe(2);
    expect(reads.payouts).toBe(1);
    announce('Payout');
    expect(line(await scrape(), 'ndest_payouts{status="paid"}')).toBe('ndest_payouts{status="paid"} 9');
    state.cursor = 11;
    state.entered = 4;
    announce('ServiceState');
    announce('EraStat');
    const body = await scrape();
    expect(line(body, 'ndest_indexer_block{which="cursor"}')).toBe('ndest_indexer_block{which="cursor"} 11');
    expect(line(body, 'ndest_validators_entered_active_set')).toBe('ndest_validators_entered_active_set 4');
    announce('Round');
    await scrape();
    expect(reads).toMatchObject({ delegators: 2, payouts: 2, cursor: 2, entered: 2 });
  });

  it('read every database gauge again when every table may have changed (feed reconnected)', async () => {
    const { feed } = manualFeed();
    const { reads, sources } = fakeSources(feed);
    const { scrape } = await serve(sources);
    await scrape();
    feed.invalidateAll();
    await scrape();
    expect(reads).toMatchObject({ delegators: 2, payouts: 2, cursor: 2, entered: 2 });
  });

  it('show a status that emptied as 0, not its last count', async () => {
    const { feed, announce } = manualFeed();
    const { state, sources } = fakeSources(feed);
    const { scrape } = await serve(sources);
    await scrape();
    state.payouts = { claimed_by_other: 1 };
    announce('Payout');
    const body = await scrape();
    expect(line(body, 'ndest_payouts{status="paid"}')).toBe('ndest_payouts{status="paid"} 0');
    expect(line(body, 'ndest_payouts{status="claimed_by_other"}')).toBe('ndest_payouts{status="claimed_by_other"} 1');
  });

  it('take the finalized head and the running jobs from timers, the lag from both', async () => {
    const { feed } = manualFeed();
    const { state, reads, sources } = fakeSources(feed);
    const { scrape } = await serve(sources, { ...SERVICE_GAUGE_TIMINGS, headEveryMs: 20, jobsEveryMs: 20 });
    await until('the head read', async () => (reads.head > 0 ? true : undefined));
    expect(line(await scrape(), 'ndest_indexer_block{which="lag"}')).toBe('ndest_indexer_block{which="lag"} 2');
    state.finalized = 15;
    state.jobs = [{ queue: 'rounds', id: 'round-7', progress: { phase: 'build', built: 40, total: 100 } }];
    const body = await until('the job and the new head shown', async () => {
      const b = await scrape();
      return b.includes('ndest_job_progress{queue="rounds",job="round-7",field="built"} 40') &&
        b.includes('ndest_indexer_block{which="finalized"} 15')
        ? b
        : undefined;
    });
    expect(line(body, 'ndest_indexer_block{which="lag"}')).toBe('ndest_indexer_block{which="lag"} 5');
    // Only numbers become series.
    expect(body).not.toContain('field="phase"');
    state.jobs = [];
    await until('the finished job gone', async () =>
      (await scrape()).includes('ndest_job_progress{') ? undefined : true,
    );
  });

  it('are read on a timer while the feed announces nothing (down, or none)', async () => {
    const { feed } = manualFeed(false);
    const { state, reads, sources } = fakeSources(feed);
    const { scrape } = await serve(sources, { ...SERVICE_GAUGE_TIMINGS, unannouncedEveryMs: 20 });
    state.delegators.active = 8;
    await until('read again without an announcement', async () => (reads.delegators > 1 ? true : undefined));
    await until('shown', async () =>
      (await scrape()).includes('ndest_delegators{status="active"} 8') ? true : undefined,
    );
  });
});
