/**
 * Redis is the work list, PostgreSQL the record: when Redis loses a deployment's keys, the
 * supervisor declares again, from the record, what the workers need (serial queues, schedulers,
 * the jobs of unfinished rounds and payout batches), and the era watcher's readiness tells when
 * its heartbeat stops. The loss is made by deleting this test's keys (the run shares one Redis).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { createQueues, roundJobId, type Queues } from '../../../src/workers/queues.js';
import { ensureQueueSetup, superviseOnce, type RecurringJob } from '../../../src/workers/queue-supervisor.js';
import { eraWatcherCheck, ERA_WATCH_LAST_RUN } from '../../../src/workers/processors/era-watch.processor.js';
import { testRedisUrl, uniquePrefix } from '../../support/test-env.js';

let redis: Redis;
let queues: Queues;
let prefix: string;
let recurring: RecurringJob[];

beforeAll(async () => {
  redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  prefix = uniquePrefix('supervisor');
  queues = createQueues(new Redis(testRedisUrl(), { maxRetriesPerRequest: null }), prefix);
  // The payout scheduler is left out here: its first job would run the sweep at once and hide
  // the supervisor's own resume sweep.
  recurring = [{ queue: queues.eraWatch, name: 'era-watch', every: 30_000 }];
});

afterAll(async () => {
  await queues?.close();
  redis?.disconnect();
});

/** What a Redis restart without persistence does to this deployment: every key gone. */
async function loseRedisData(): Promise<number> {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  return keys.length;
}

describe('queue supervisor', () => {
  it('brings back schedulers, serial queues, unfinished rounds and a sweep for open payout batches', async () => {
    const deps = {
      queues,
      recurring,
      // The core's serial queues, as their modules declare them (one signer, one cursor).
      serial: [queues.rounds, queues.payouts, queues.indexer],
      unfinishedRounds: async () => [{ id: '41' }, { id: '42' }],
      openPayoutBatches: async () => true,
      logger: createLogger('silent'),
    };
    await ensureQueueSetup(deps);
    expect(await superviseOnce(deps)).toEqual(['round 41', 'round 42', 'payout sweep']);
    // Nothing to do while everything is there.
    expect(await superviseOnce(deps)).toEqual([]);

    expect(await loseRedisData()).toBeGreaterThan(0);
    expect(await queues.eraWatch.getJobScheduler('era-watch')).toBeUndefined();
    const restored = await superviseOnce(deps);
    expect(restored).toEqual([
      'rounds: global concurrency',
      'payouts: global concurrency',
      'indexer: global concurrency',
      'era-watch: scheduler era-watch',
      'round 41',
      'round 42',
      'payout sweep',
    ]);
    expect(await queues.rounds.getGlobalConcurrency()).toBe(1);
    expect(await queues.eraWatch.getJobScheduler('era-watch')).toMatchObject({ every: 30_000 });
    expect(await queues.rounds.getJob(roundJobId('42'))).toBeDefined();
    expect(await queues.payouts.getJobCounts('waiting')).toEqual({ waiting: 1 });
  });

  it('reports the era watcher unready once its heartbeat is older than allowed', async () => {
    const values = new Map<string, string>();
    const state = { get: async (key: string) => values.get(key) ?? null };
    let now = new Date('2026-11-29T00:00:00Z');
    const check = eraWatcherCheck(state, { maxAgeMs: 90_000, since: now, now: () => now });
    await expect(check()).resolves.toBeUndefined(); // just started: grace
    now = new Date('2026-11-29T00:02:00Z');
    await expect(check()).rejects.toThrow('the era watcher has not run in the 120 s since this process started');
    values.set(ERA_WATCH_LAST_RUN, '2026-11-29T00:01:30Z');
    await expect(check()).resolves.toBeUndefined();
    now = new Date('2026-11-29T00:04:00Z');
    await expect(check()).rejects.toThrow('the era watcher last ran 150 s ago (expected every 30 s)');
  });
});
