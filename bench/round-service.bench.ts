/**
 * A round of the service itself, on its event loop: 100,000 active delegations put in a fresh
 * PostgreSQL database, then the service's own `runRound` plans a dry-run round (read the
 * delegations, draw, pack against a local Kusama Asset Hub, store the plan), while
 * `monitorEventLoopDelay` records how late the event loop ran: what an API request sharing the
 * process (`npm start`) would have waited.
 *
 *   npx tsx bench/round-service.bench.ts [--delegators 100000]
 *
 * The chain (Chopsticks, Asset Hub 2000002) runs in a child process, as a node runs apart from the
 * service: its runtime calls never count as the service's. The writer is the service's own
 * PolkadotNominationWriter, read-only (no OPERATOR_SEED: a dry run signs nothing). Environment:
 * BENCH_DATABASE_URL (default the local PostgreSQL of the tests; a database of its own is created
 * and dropped).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Ss58AddressCodec } from '../src/chain/address-codec.js';
import { ChainConnection } from '../src/chain/connection.js';
import { startDevChainServer } from '../src/chain/dev-chain-server.js';
import { PolkadotNominationWriter } from '../src/chain/nomination-writer.js';
import { PrismaDelegationRepository } from '../src/db/delegation.repository.js';
import { createPrismaClient } from '../src/db/prisma-client.js';
import { PrismaRoundRepository } from '../src/db/round.repository.js';
import { PrismaSnapshotRepository } from '../src/db/snapshot.repository.js';
import type { NominationItem, NominationWriter } from '../src/domain/ports/extrinsics.js';
import type { RoundRepository } from '../src/domain/rounds/round.repository.js';
import { runRound, type RunRoundDeps } from '../src/domain/rounds/run-round.use-case.js';
import { createBenchDatabase } from './bench-database.js';
import { BENCH_ACTIVE_ERA, snapshotFromFixture } from './fixture-snapshot.js';
import { MemorySampler } from './memory-sampler.js';
import { count, mb, ms, renderTable } from './report-format.js';
import { syntheticStash } from './synthetic-delegations.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(repoRoot, '../shared');
const FIXTURE = path.join(shared, 'fixtures/1kv-kusama-candidates-2022-07-01.json');
const ASSET_HUB_SPEC = path.join(shared, 'chain/asset-hub-kusama-2000002-local.json');
const SS58_KUSAMA = 2;
const COMMISSION_CAP_PERCENT = 15;
const SEED_HASH = `0x${'5e'.repeat(32)}`;

/** The chain's child process: starts Chopsticks and hands its endpoint back. */
async function chainChild(): Promise<void> {
  const server = await startDevChainServer({ specPath: ASSET_HUB_SPEC, mode: 'Manual', logLevel: 'error' });
  process.send!({ endpoint: server.endpoint });
  process.once('disconnect', () => void server.close().finally(() => process.exit(0)));
}

function startChain(): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = fork(fileURLToPath(import.meta.url), ['--chain-child'], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ endpoint: (m as { endpoint: string }).endpoint, child }));
    child.once('exit', (code) => reject(new Error(`the chain's process ended (${code}) before it was ready`)));
  });
}

interface Phase {
  name: string;
  ms: number;
  delay: IntervalHistogram;
}

/** Consecutive phases, each with its own event-loop delay histogram. */
class PhaseRecorder {
  readonly phases: Phase[] = [];
  #current: { name: string; start: number; delay: IntervalHistogram } | null = null;

  enter(name: string): void {
    if (this.#current?.name === name) return;
    this.end();
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    this.#current = { name, start: performance.now(), delay };
  }

  end(): void {
    const c = this.#current;
    if (!c) return;
    c.delay.disable();
    this.phases.push({ name: c.name, ms: performance.now() - c.start, delay: c.delay });
    this.#current = null;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { delegators: { type: 'string', default: '100000' } } });
  const delegators = Number(values.delegators);
  const database = await createBenchDatabase('round_service');
  const url = database.url;
  const prisma = createPrismaClient(url);
  const chain = await startChain();
  // Packing 100,000 items may take long before it is fast: no call limit of the service's 30 s here.
  const conn = await ChainConnection.connect({ endpoints: [chain.endpoint], callTimeoutMs: 30 * 60_000 });
  try {
    process.stdout.write(`setting up ${count(delegators)} active delegations… `);
    const setupStart = performance.now();
    const stashes = Array.from({ length: delegators }, (_, i) => syntheticStash(i, SS58_KUSAMA));
    await prisma.$executeRawUnsafe(
      `INSERT INTO "Delegation" (id, stash, status, "statusReason", "statusSince", targets, "createdAt", "updatedAt")
       SELECT gen_random_uuid(), s, 'active', 'benchmark', now(), '{}', now(), now() FROM unnest($1::text[]) AS s`,
      stashes,
    );
    const { evaluations } = snapshotFromFixture(FIXTURE, new Ss58AddressCodec(SS58_KUSAMA), COMMISSION_CAP_PERCENT);
    const snapshot = await new PrismaSnapshotRepository(prisma).save({
      source: 'benchmark',
      fetchedAt: new Date(),
      activeEra: BENCH_ACTIVE_ERA,
      at: { hash: SEED_HASH, number: 1 },
      commissionCap: COMMISSION_CAP_PERCENT * 10_000_000,
      evaluations,
      rejected: [],
      eligibleCount: evaluations.filter((e) => e.eligible).length,
      hold: null,
    });
    const rounds = new PrismaRoundRepository(prisma);
    const { round } = await rounds.create({
      trigger: 'admin',
      eraKey: null,
      dryRun: true,
      targetsPerDelegator: 4,
      rotationEras: 28,
    });
    const writer = await PolkadotNominationWriter.create(conn, { operatorSeed: null });
    console.log(`${ms(performance.now() - setupStart)} ms`);

    const recorder = new PhaseRecorder();
    const delegations = timedDelegations(new PrismaDelegationRepository(prisma), recorder);
    const deps: RunRoundDeps = {
      rounds: {
        ...bindAll<RoundRepository>(rounds),
        savePlan: async (...args) => {
          recorder.enter('store the plan');
          await rounds.savePlan(...args);
          recorder.enter('end');
        },
      },
      delegations,
      snapshots: { get: async () => snapshot },
      refreshCandidates: async () => ({
        snapshot,
        held: null,
        view: {
          at: snapshot.at,
          activeEra: BENCH_ACTIVE_ERA,
          validators: new Map(),
          elected: new Set(),
        },
      }),
      chain: { activeEra: async () => ({ index: BENCH_ACTIVE_ERA, at: snapshot.at }) },
      beacon: {
        head: async () => ({ hash: SEED_HASH, number: 1 }),
        waitFinalizedHash: async () => SEED_HASH,
        finalizedHash: async () => SEED_HASH,
      },
      writer: timedWriter(writer, recorder),
      lock: { hold: (_account, work) => work({ account: 'none', token: 0n }) },
      clock: { now: () => new Date() },
      onProgress: (p) => {
        if (p.phase === 'planning') recorder.enter('planning');
      },
    };

    const sampler = new MemorySampler();
    const whole = monitorEventLoopDelay({ resolution: 5 });
    whole.enable();
    const start = performance.now();
    recorder.enter('commit');
    const done = await runRound(deps, round.id);
    recorder.end();
    const totalMs = performance.now() - start;
    whole.disable();
    const memory = sampler.stop();
    const saved = await prisma.roundSelection.count({ where: { roundId: BigInt(round.id) } });
    const batches = await prisma.roundBatch.count({ where: { roundId: BigInt(round.id) } });

    const delayMs = (h: IntervalHistogram, p: number | 'max') => ms((p === 'max' ? h.max : h.percentile(p)) / 1e6);
    const rows = recorder.phases
      .filter((p) => p.name !== 'end')
      .map((p) => [p.name, ms(p.ms), delayMs(p.delay, 99), delayMs(p.delay, 'max')]);
    rows.push(['total (runRound)', ms(totalMs), delayMs(whole, 99), delayMs(whole, 'max')]);
    console.log('');
    console.log(
      `Round planned by the service (dry run): ${count(delegators)} active delegations in PostgreSQL, ` +
        `round ${done.status}, ${count(saved)} selections in ${count(batches)} batches stored`,
    );
    console.log(renderTable(['phase', 'ms', 'event-loop delay p99 ms', 'max ms'], rows));
    console.log(
      `peak RSS ${mb(memory.peakRssBytes)} MB (the whole process: includes the synthetic stashes and the chain client), ` +
        `peak heap ${mb(memory.peakHeapBytes)} MB`,
    );
    console.log(
      '- event-loop delay: how late a 5 ms timer ran (perf_hooks.monitorEventLoopDelay), i.e. how long a request' +
        ' arriving then would have waited for the process; the pack phase calls the chain (a child process).',
    );
  } finally {
    await conn.close();
    chain.child.disconnect();
    await prisma.$disconnect();
    await database.drop();
  }
}

/** The repository with its reads of the delegations marked as the 'read' phase; the draw follows the last read. */
function timedDelegations(repo: PrismaDelegationRepository, recorder: PhaseRecorder): RunRoundDeps['delegations'] {
  const bound = bindAll(repo) as RunRoundDeps['delegations'];
  const paged = (repo as Partial<RunRoundDeps['delegations']>).pageByStatus?.bind(repo);
  return {
    ...bound,
    listByStatus: async (statuses) => {
      recorder.enter('read delegations');
      const all = await repo.listByStatus(statuses);
      recorder.enter('draw');
      return all;
    },
    ...(paged
      ? {
          pageByStatus: async (statuses, after, limit) => {
            recorder.enter('read delegations');
            const page = await paged(statuses, after, limit);
            if (page.length < limit) recorder.enter('draw');
            return page;
          },
        }
      : {}),
  };
}

function timedWriter(writer: NominationWriter, recorder: PhaseRecorder): NominationWriter {
  return {
    operatorAddress: () => writer.operatorAddress(),
    packNominations: async (items: NominationItem[]) => {
      recorder.enter('pack (chain)');
      const groups = await writer.packNominations(items);
      recorder.enter('batch indexes');
      return groups;
    },
    signNominationBatch: (items) => writer.signNominationBatch(items),
    sendAndTrack: (...args) => writer.sendAndTrack(...args),
    discard: (signed) => writer.discard(signed),
  };
}

/** The object's methods (prototype ones included) bound to it, as own properties that a spread keeps. */
function bindAll<T extends object>(target: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(Object.getPrototypeOf(target))) {
    const value = (target as Record<string, unknown>)[key];
    if (key !== 'constructor' && typeof value === 'function') out[key] = value.bind(target);
  }
  return out as T;
}

if (process.argv.includes('--chain-child')) {
  await chainChild();
} else {
  await main();
  process.exit(0);
}
