/**
 * The payout sweep's scan: 100,000 delegators across 84 eras, with the service's own code
 * (`sweepPayouts` with `PolkadotPayoutReader`, `PolkadotChainReader` and `PrismaPayoutRepository`)
 * against the local Kusama Asset Hub (Chopsticks). The exposures are served by
 * `StorageServingProvider` (see there why); everything else is the chain's.
 *
 *   npx tsx bench/payout-scan.bench.ts
 *
 * Settings (environment): BENCH_PAYOUT_DELEGATORS (100000), BENCH_PAYOUT_ERAS (84: eras to scan,
 * the others of the history depth are marked scanned), BENCH_PAYOUT_VALIDATORS (300),
 * BENCH_PAYOUT_OTHERS (20000: nominators that are not the service's), BENCH_DATABASE_URL.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise } from '@polkadot/api';
import { u8aEq } from '@polkadot/util';
import pg from 'pg';
import { PolkadotChainReader } from '../src/chain/chain-reader.js';
import type { ChainConnection } from '../src/chain/connection.js';
import { startDevChainServer } from '../src/chain/dev-chain-server.js';
import { PolkadotPayoutReader } from '../src/chain/payout-reader.js';
import { createPrismaClient } from '../src/db/prisma-client.js';
import { PrismaPayoutRepository } from '../src/db/payout.repository.js';
import type { PayoutWriter } from '../src/domain/ports/payouts.js';
import { sweepPayouts } from '../src/domain/payouts/sweep-payouts.use-case.js';
import type { SigningLock } from '../src/domain/shared/signing-lock.js';
import { createBenchDatabase } from './bench-database.js';
import { MemorySampler } from './memory-sampler.js';
import { ScanScenario, type EraLayout } from './payout-scan-fixture.js';
import { count, mb, ms, renderTable } from './report-format.js';
import { StorageServingProvider } from './storage-serving-provider.js';
import { timed, type CallStats } from './timed.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SPEC = path.resolve(repoRoot, '../shared/chain/asset-hub-kusama-2000002-local.json');
const envInt = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const DELEGATORS = envInt('BENCH_PAYOUT_DELEGATORS', 100_000);
const ERAS = envInt('BENCH_PAYOUT_ERAS', 84);
const VALIDATORS = envInt('BENCH_PAYOUT_VALIDATORS', 300);
const OTHERS = envInt('BENCH_PAYOUT_OTHERS', 20_000);
const ACTIVE_ERA = 100;

interface Storage {
  key(...args: unknown[]): string;
  creator: { meta: { type: { asMap: { value: unknown } } } };
}

async function main(): Promise<void> {
  const wall = performance.now();
  const server = await startDevChainServer({ specPath: SPEC, mode: 'Manual', logLevel: 'error' });
  const provider = new StorageServingProvider(server.endpoint);
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  const prefix = api.registry.chainSS58 ?? 2;
  const staking = api.query.staking as unknown as Record<string, Storage>;
  const pageSize = Number(api.consts.staking.maxExposurePageSize.toString());

  const setupStarted = performance.now();
  const scenario = new ScanScenario({
    delegators: DELEGATORS,
    validators: VALIDATORS,
    others: OTHERS,
    pageSize,
    prefix,
  });
  const conn = { api: () => api, call: (_: string, fn: (a: ApiPromise) => unknown) => fn(api), ss58Prefix: prefix };
  const reader = new PolkadotPayoutReader(conn as unknown as ChainConnection);
  const depth = reader.historyDepth();
  const minEra = ACTIVE_ERA - depth;
  const firstScanned = ACTIVE_ERA - Math.min(ERAS, depth);

  // The chain: the active era and the rewards of every era of the history depth.
  await provider.send('dev_setStorage', [
    {
      Staking: {
        ActiveEra: { index: ACTIVE_ERA, start: Date.now() },
        CurrentEra: ACTIVE_ERA,
        ErasValidatorReward: Array.from({ length: depth }, (_, i) => [[minEra + i], (10n ** 15n).toString()]),
      },
    },
  ]);

  // The exposures of the eras to scan, by storage key (values made when asked for).
  const keys = new Map<string, { era: number; validator: number; page: number | null }>();
  const pagesByEra = new Map<number, number>();
  for (let era = firstScanned; era < ACTIVE_ERA; era++) {
    const layout = scenario.layout(era);
    let pages = 0;
    for (let v = 0; v < VALIDATORS; v++) {
      const who = scenario.validatorAddresses[v]!;
      keys.set(staking.erasStakersOverview!.key(era, who), { era, validator: v, page: null });
      for (let p = 0; p < scenario.pageCount(layout, v); p++, pages++)
        keys.set(staking.erasStakersPaged!.key(era, who, p), { era, validator: v, page: p });
    }
    pagesByEra.set(era, pages);
  }
  checkEncoding(api, staking, scenario, scenario.layout(firstScanned));
  provider.serveFrom((key) => {
    const found = keys.get(key);
    if (!found) return null;
    const layout = scenario.layout(found.era);
    return found.page === null
      ? scenario.overviewBytes(layout, found.validator)
      : scenario.pageBytes(layout, found.validator, found.page);
  });

  // The service's database: 100,000 delegations nominated by one succeeded round.
  const db = await createBenchDatabase('payout');
  const prisma = createPrismaClient(db.url);
  try {
    await seed(db.url, scenario, minEra, firstScanned);
    const setupMs = performance.now() - setupStarted;

    const stats = new Map<string, CallStats>();
    const perEra: { era: number; ms: number; rpcMs: number; serveMs: number }[] = [];
    let eraStarted = 0;
    let rpcAtStart = 0;
    let serveAtStart = 0;
    const timedReader = timed(reader, stats, 'reader');
    const eraTimedReader = new Proxy(timedReader, {
      get(target, property, receiver) {
        if (property === 'eraRewardKnown')
          return (era: number) => {
            eraStarted = performance.now();
            rpcAtStart = provider.counters.rpcMs;
            serveAtStart = provider.counters.serveMs;
            return target.eraRewardKnown(era);
          };
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const payouts = new PrismaPayoutRepository(prisma);
    const timedPayouts = new Proxy(timed(payouts, stats, 'db'), {
      get(target, property, receiver) {
        if (property === 'recordScan')
          return async (era: number, pages: Parameters<typeof payouts.recordScan>[1]) => {
            await target.recordScan(era, pages);
            perEra.push({
              era,
              ms: performance.now() - eraStarted,
              rpcMs: provider.counters.rpcMs - rpcAtStart,
              serveMs: provider.counters.serveMs - serveAtStart,
            });
            memory.sample();
          };
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const operator = scenario.validatorAddresses[0]!;
    const writer: PayoutWriter = {
      operatorAddress: () => operator,
      // Nothing is sent: the scan and the check of pages paid by others are measured.
      packPayouts: async () => [],
      signPayoutBatch: () => Promise.reject(new Error('the benchmark signs nothing')),
      sendAndTrack: () => Promise.reject(new Error('the benchmark sends nothing')),
      discard: () => undefined,
    };
    const lock: SigningLock = { hold: (account, work) => work({ account, token: 1n }) };

    const rpcBefore = snapshotCounters(provider);
    const memory = new MemorySampler();
    const started = performance.now();
    const report = await sweepPayouts({
      payouts: timedPayouts,
      chain: timed(new PolkadotChainReader(conn as unknown as ChainConnection), stats, 'chain'),
      reader: eraTimedReader,
      writer,
      lock,
    });
    const totalMs = performance.now() - started;
    const peak = memory.stop();
    const rpc = diffCounters(provider, rpcBefore);

    const rows = await prisma.payout.aggregate({ _count: { _all: true } });
    const matched = await prisma.$queryRaw<
      { n: bigint }[]
    >`SELECT coalesce(sum(cardinality("stashes")), 0)::bigint AS n FROM "Payout"`;
    const pagesScanned = report.scanned.reduce((a, era) => a + (pagesByEra.get(era) ?? 0), 0);
    const exposuresMs = stats.get('reader.exposures')?.ms ?? 0;
    const eraReads = perEra.reduce((a, e) => a + e.rpcMs, 0);
    const eraServe = perEra.reduce((a, e) => a + e.serveMs, 0);

    console.log(
      `Payout sweep scan: ${count(DELEGATORS)} delegators (4 targets each, exposed behind 2 of them per era), ` +
        `${count(OTHERS)} other nominators, ${count(VALIDATORS)} validators nominated and elected every era, ` +
        `pages of ${pageSize}; history depth ${depth}, active era ${ACTIVE_ERA}; local Asset Hub ` +
        `(${api.runtimeVersion.specName.toString()} ${api.runtimeVersion.specVersion.toString()}) with the exposures served from memory.\n`,
    );
    console.log(
      renderTable(
        [
          'eras scanned',
          'validators',
          'exposure pages',
          'pages matched',
          'delegator entries matched',
          'claimed-page reads',
          'total ms',
          'ms/era',
          'peak RSS MB',
          'peak heap MB',
        ],
        [
          [
            count(report.scanned.length),
            count(VALIDATORS),
            count(pagesScanned),
            count(rows._count._all),
            count(Number(matched[0]?.n ?? 0n)),
            count(stats.get('reader.claimedPages')?.calls ?? 0),
            ms(totalMs),
            ms(perEra.length > 0 ? perEra.reduce((a, e) => a + e.ms, 0) / perEra.length : 0),
            mb(peak.peakRssBytes),
            mb(peak.peakHeapBytes),
          ],
        ],
      ),
    );

    console.log('\nWhere the time goes (wall clock, summed over the sweep)');
    const line = (what: string, total: number, note: string) => [what, ms(total), share(total, totalMs), note];
    const decodeMatch = exposuresMs - eraReads;
    console.log(
      renderTable(
        ['part', 'ms', 'share', 'what'],
        [
          line('reader.exposures', exposuresMs, 'reading, decoding and matching the exposures of every era'),
          line('  of which RPC', eraReads, 'request to parsed JSON answer (includes the stand-in node below)'),
          line(
            '  of which stand-in node',
            eraServe,
            'making the served values and their JSON text (a node reads its DB)',
          ),
          line(
            '  of which decode + match',
            decodeMatch,
            'SCALE decoding by the registry, then each entry against the delegators',
          ),
          ...[...stats.entries()]
            .filter(([name]) => name !== 'reader.exposures')
            .sort(([, a], [, b]) => b.ms - a.ms)
            .map(([name, s]) => line(name, s.ms, `${count(s.calls)} call(s)`)),
        ],
      ),
    );
    console.log('\nRPCs during the sweep');
    console.log(
      renderTable(
        ['method', 'requests'],
        [...rpc.requests.entries()].sort(([, a], [, b]) => b - a).map(([m, n]) => [m, count(n)]),
      ),
    );
    console.log(
      `\nserved storage keys: ${count(rpc.servedKeys)}, JSON text read: ${mb(rpc.servedBytes)} MB ` +
        `(${mb(rpc.servedBytes / Math.max(1, report.scanned.length))} MB per era)`,
    );
    const slowest = [...perEra].sort((a, b) => b.ms - a.ms)[0];
    if (slowest) console.log(`slowest era: ${slowest.era} in ${ms(slowest.ms)} ms`);
    console.log(
      `setup (chain, ${count(keys.size)} storage keys, database seed): ${ms(setupMs)} ms; ` +
        `wall time of the benchmark: ${((performance.now() - wall) / 1000).toFixed(1)} s`,
    );
  } finally {
    await prisma.$disconnect();
    await db.drop();
    await api.disconnect();
    await server.close();
  }
}

const share = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : 'n/a');

function snapshotCounters(provider: StorageServingProvider) {
  const c = provider.counters;
  return { requests: new Map(c.requests), servedKeys: c.servedKeys, servedBytes: c.servedBytes };
}

function diffCounters(provider: StorageServingProvider, before: ReturnType<typeof snapshotCounters>) {
  const c = provider.counters;
  const requests = new Map<string, number>();
  for (const [m, n] of c.requests)
    if (n - (before.requests.get(m) ?? 0) > 0) requests.set(m, n - (before.requests.get(m) ?? 0));
  return { requests, servedKeys: c.servedKeys - before.servedKeys, servedBytes: c.servedBytes - before.servedBytes };
}

/** The hand-made SCALE of the stand-in node must be what the runtime's types encode. */
function checkEncoding(api: ApiPromise, staking: Record<string, Storage>, scenario: ScanScenario, layout: EraLayout) {
  const typeOf = (s: Storage) => api.registry.createLookupType(s.creator.meta.type.asMap.value as never);
  const overview = api.registry.createType(typeOf(staking.erasStakersOverview!), scenario.overviewJson(layout, 0));
  if (!u8aEq(overview.toU8a(), scenario.overviewBytes(layout, 0))) throw new Error('overview encoding differs');
  const page = api.registry.createType(typeOf(staking.erasStakersPaged!), scenario.pageJson(layout, 0, 0));
  if (!u8aEq(page.toU8a(), scenario.pageBytes(layout, 0, 0))) throw new Error('exposure page encoding differs');
}

/** Delegations, one succeeded round that nominated them all, and the eras not to scan marked scanned. */
async function seed(url: string, scenario: ScanScenario, minEra: number, firstScanned: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const stashes = scenario.delegatorAddresses;
    const targets = stashes.map((_, d) => scenario.targetsOf(d).map((v) => scenario.validatorAddresses[v]!));
    const column = (j: number) => targets.map((t) => t[j]!);
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO "Delegation" ("id", "stash", "status", "statusReason", "statusSince", "targets", "updatedAt")
       SELECT gen_random_uuid(), s, 'active', 'benchmark', now(), ARRAY[t1, t2, t3, t4], now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS x(s, t1, t2, t3, t4)`,
      [stashes, column(0), column(1), column(2), column(3)],
    );
    const round = await client.query<{ id: string }>(
      `INSERT INTO "Round" ("trigger", "dryRun", "status", "targetsPerDelegator", "rotationEras")
       VALUES ('admin', false, 'completed', 4, 1) RETURNING "id"`,
    );
    await client.query(
      `INSERT INTO "RoundSelection" ("roundId", "delegationId", "stash", "reason", "keptTargets", "drawnTargets", "targets", "status")
       SELECT $1, d."id", d."stash", 'new', '{}', d."targets", d."targets", 'succeeded' FROM "Delegation" d`,
      [round.rows[0]!.id],
    );
    await client.query(`INSERT INTO "PayoutEraScan" ("era") SELECT generate_series($1::int, $2::int)`, [
      minEra,
      firstScanned - 1,
    ]);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
