/**
 * The core's module records declare the queues the workers always had: the same names, recurring
 * job names and schedules, and the same serial queues (one job at a time across every worker
 * process: rounds and payouts, one signer; the indexer, one cursor). The fault tests and the
 * supervisor depend on these names; the processors themselves are tested elsewhere.
 */
import { describe, expect, it } from 'vitest';
import type { ApiServices } from '../../../src/api/services.js';
import { createLogger } from '../../../src/logger.js';
import type { FeatureModule, ModuleQueue } from '../../../src/modules/feature-module.js';
import { delegationModule } from '../../../src/modules/delegation/module.js';
import { indexerModule } from '../../../src/modules/indexer/module.js';
import { operationsModule } from '../../../src/modules/operations/module.js';
import { payoutsModule } from '../../../src/modules/payouts/module.js';
import { roundsModule, type RoundsWorkerDeps } from '../../../src/modules/rounds/module.js';

const logger = createLogger('silent');
// The processors only close over their dependencies when built: nothing is called here.
const services = {} as ApiServices;
const stub = <T>() => ({}) as T;

function coreModules(onResume: (id: string) => void): FeatureModule[] {
  return [
    delegationModule({ services, logger, watchIntervalMs: 1_000, worker: stub }),
    roundsModule({
      services,
      state: { get: async () => null },
      enqueueRound: async (id) => onResume(id),
      logger,
      eraPollMs: 2_000,
      candidatesRefreshMs: 3_000,
      worker: () =>
        ({
          run: {},
          unfinished: async () => [
            { id: '7', status: 'planned' },
            { id: '8', status: 'sending' },
          ],
        }) as unknown as RoundsWorkerDeps,
    }),
    operationsModule({ services, metricSources: stub() }),
    payoutsModule({ logger, payoutIntervalMs: 4_000, worker: stub }),
    indexerModule({ logger, indexIntervalMs: 5_000, indexMaxBlocks: 10, worker: stub }),
  ];
}

const shape = (q: ModuleQueue) => ({
  name: q.name,
  scheduler: q.scheduler ?? q.name,
  everyMs: q.everyMs ?? null,
  serial: q.serial !== false,
});

describe('core module records', () => {
  it('declare the queues, schedules and serial queues the workers always had', () => {
    const queues = coreModules(() => undefined).flatMap((m) => m.workers?.() ?? []);
    expect(queues.map(shape)).toEqual([
      { name: 'delegation-watch', scheduler: 'delegation-watch', everyMs: 1_000, serial: false },
      { name: 'rounds', scheduler: 'rounds', everyMs: null, serial: true },
      { name: 'era-watch', scheduler: 'era-watch', everyMs: 2_000, serial: false },
      { name: 'candidates-refresh', scheduler: 'candidates-refresh', everyMs: 3_000, serial: false },
      { name: 'payouts', scheduler: 'payout-sweep', everyMs: 4_000, serial: true },
      { name: 'indexer', scheduler: 'indexer', everyMs: 5_000, serial: true },
    ]);
  });

  it('keep the routes, admin routes and readiness checks in the order the API always had', () => {
    const modules = coreModules(() => undefined);
    const names = (list: { plugin: { name: string } }[]) => list.map((r) => r.plugin.name);
    expect(names(modules.flatMap((m) => m.routes ?? []))).toEqual([
      'delegationsRoutes',
      'rewardsRoutes',
      'candidatesRoutes',
      'roundsRoutes',
      'statsRoutes',
    ]);
    expect(names(modules.flatMap((m) => m.adminRoutes ?? []))).toEqual(['adminRoutes']);
    expect(modules.flatMap((m) => Object.keys(m.readiness ?? {}))).toEqual(['eraWatcher']);
  });

  it('puts back the jobs of unfinished rounds when the workers start', async () => {
    const resumed: string[] = [];
    const queues = coreModules((id) => resumed.push(id)).flatMap((m) => m.workers?.() ?? []);
    for (const q of queues) await q.resume?.();
    expect(resumed).toEqual(['7', '8']);
  });
});
