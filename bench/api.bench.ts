/**
 * `npm run bench:api`: the API under load (autocannon, 64 connections, 10 s per case), each case
 * just after a run of a bare Fastify route, its reference. Starts everything itself on 127.0.0.1: the local
 * Kusama Asset Hub (Chopsticks, its own process), a fresh database with 100,000 active
 * delegations, their history and past rounds, a queue prefix of its own, a 1KV-format candidate
 * list, the service as `npm start` runs it, and the bare server. Prints one table with the goals
 * of issue 11. See bench/README.md.
 *
 * Environment: BENCH_API_CONNECTIONS (64), BENCH_API_SECONDS (10), BENCH_API_DELEGATIONS (100000),
 * BENCH_API_OPT_INS (pre-signed opt-ins, 20000), BENCH_API_ROUNDS (seeded past rounds, 2),
 * BENCH_API_DATABASE (ndest_bench_api) and BENCH_API_QUEUE_PREFIX (ndest-bench-api): both emptied
 * at start; DATABASE_URL and REDIS_URL name the servers (default 127.0.0.1:5432 and :6379).
 * To look into a case: BENCH_API_CASES (comma-separated words; only the cases whose name holds one
 * run, each after its bare run: `mixed`, `opt-in`, `round`, …) and BENCH_API_PROFILE (a directory:
 * the service writes a CPU profile of each thread there when it stops).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { withDatabaseName } from '../src/infra/postgres-url.js';
import { findFreePort } from '../src/infra/free-port.js';
import { deleteKeysMatching } from '../src/infra/redis-keys.js';
import { serveJson, type JsonServer } from '../test/support/json-server.js';
import {
  bareRow,
  optInCase,
  readCases,
  roundUnderLoad,
  type CaseRow,
  type RoundFigures,
  type Settings,
} from './api/cases.js';
import { watchCommand, watchProcess } from './api/process-cpu.js';
import { OPERATOR_SEED, startChainWorld, type ChainWorld } from './api/chain-world.js';
import { repoRoot, rssOf, startChild, type Child } from './api/children.js';
import { runLoad } from './api/load.js';
import { signOptIns, type OptInPool } from './api/opt-in-pool.js';
import { renderReport } from './api/report.js';
import { freshDatabase, seedDelegations, seededStashes, seedRounds, unknownStash } from './api/seed-data.js';
import { getJson, startService, type RunningService } from './api/service.js';

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    process.stderr.write(`[bench:api] ${name} must be an integer from ${min} to ${max}; got "${raw}"\n`);
    process.exit(2);
  }
  return value;
}

const settings: Settings = {
  connections: intEnv('BENCH_API_CONNECTIONS', 64, 1, 10_000),
  seconds: intEnv('BENCH_API_SECONDS', 10, 1, 600),
};
const DELEGATIONS = intEnv('BENCH_API_DELEGATIONS', 100_000, 1, 2_000_000);
const OPT_INS = intEnv('BENCH_API_OPT_INS', 20_000, 100, 1_000_000);
const PAST_ROUNDS = intEnv('BENCH_API_ROUNDS', 2, 0, 20);
const DATABASE = process.env.BENCH_API_DATABASE?.trim() || 'ndest_bench_api';
const QUEUE_PREFIX = process.env.BENCH_API_QUEUE_PREFIX?.trim() || 'ndest-bench-api';
const CASE_WORDS = (process.env.BENCH_API_CASES ?? '')
  .split(',')
  .map((w) => w.trim().toLowerCase())
  .filter((w) => w !== '');
/** Whether the case of this name runs (every case when BENCH_API_CASES is unset). */
const selected = (name: string): boolean =>
  CASE_WORDS.length === 0 || CASE_WORDS.some((w) => name.toLowerCase().includes(w));
const PROFILE_DIR = process.env.BENCH_API_PROFILE?.trim()
  ? path.resolve(process.env.BENCH_API_PROFILE.trim())
  : undefined;
const DATABASE_URL = withDatabaseName(
  process.env.DATABASE_URL?.trim() || 'postgresql://postgres@127.0.0.1:5432/postgres',
  DATABASE,
);
const REDIS_URL = process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
const ROUND_TIMEOUT_S = 600;

const progress = (line: string) => process.stderr.write(`[bench:api] ${line}\n`);
const stops: Array<() => Promise<unknown>> = [];

/** A clean clone has no generated Prisma client yet (`npm start` makes it in its prestart). */
function ensurePrismaClient(): void {
  if (existsSync(path.join(repoRoot, 'src', 'db', 'generated', 'client.ts'))) return;
  progress('generating the Prisma client (npm run db:generate)');
  const run = spawnSync('npm', ['run', 'db:generate', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('npm run db:generate failed');
}

async function main(): Promise<string> {
  const started = performance.now();
  const notes: string[] = [];
  ensurePrismaClient();

  progress(`database ${DATABASE} (dropped and migrated), queue prefix ${QUEUE_PREFIX} (emptied); starting the chain`);
  const bare: Child = startChild('bare', 'bench/api/bare-server.ts', {});
  stops.push(() => bare.stop());
  // The database first: its connections time out if the chain's start keeps this event loop busy.
  await freshDatabase(DATABASE_URL);
  await deleteKeysMatching(REDIS_URL, `${QUEUE_PREFIX}:*`);
  const [world, stashes] = await Promise.all([startChainWorld(progress), seededStashes(DELEGATIONS)]);
  const chain: ChainWorld = world;
  stops.push(() => chain.close());
  const bareUrl = `http://127.0.0.1:${(await bare.waitFor(/bare ready (\d+)/, 60_000))[1]}/bare`;
  watchProcess('chain', chain.process.child.pid);
  watchProcess('bare', bare.child.pid);
  // PostgreSQL's own work: a status read that misses every cache, or an opt-in, is bounded by it too.
  watchCommand('postgres', 'postgres');

  // The programme's list as the 1KV /candidates endpoint serves it: every validator of the chain.
  const candidates: JsonServer = await serveJson(
    chain.validators.map((stash, i) => ({
      stash,
      name: `validator ${i + 1}`,
      valid: true,
      active: false,
      validity: [],
    })),
  );
  stops.push(() => candidates.close());

  progress('starting the service (npm start: src/main/all.ts) and signing the opt-ins meanwhile');
  const servicePort = await findFreePort();
  const [service, pool] = await Promise.all([
    startService(
      {
        port: servicePort,
        databaseUrl: DATABASE_URL,
        redisUrl: REDIS_URL,
        queuePrefix: QUEUE_PREFIX,
        chainEndpoint: chain.endpoint,
        operatorSeed: OPERATOR_SEED,
        adminToken: 'bench-api-admin-token-0123456789',
        candidatesUrl: candidates.url,
        profileDir: PROFILE_DIR,
      },
      progress,
    ),
    signOptIns(OPT_INS, chain.genesisHash, chain.optInBond),
  ]);
  const running: RunningService = service;
  watchProcess('service', running.process.child.pid);
  stops.unshift(() => running.stop());
  const optIns: OptInPool = pool;
  notes.push(
    `opt-ins: ${optIns.bodies.length.toLocaleString('en-US')} fresh sr25519 accounts (the scheme wallets use), signed before the case ` +
      `with @polkadot/wasm-crypto in ${(optIns.ms / 1000).toFixed(1)} s; payload.bond ${chain.optInBond} planck (above minNominatorBond); ` +
      `the case ends at ${settings.seconds} s or when they are all sent.`,
  );

  const snapshot = (await getJson(`${running.base}/v1/candidates?limit=1`))?.body as {
    snapshotId: string;
    activeEra: number;
    eligibleCount: number;
  };
  progress(
    `seeding ${DELEGATIONS.toLocaleString('en-US')} active delegations, their history and ${PAST_ROUNDS} past rounds`,
  );
  const seedStarted = performance.now();
  await seedDelegations(DATABASE_URL, stashes);
  const roundIds = await seedRounds(DATABASE_URL, {
    rounds: PAST_ROUNDS,
    snapshotId: snapshot.snapshotId,
    activeEra: snapshot.activeEra,
    eligible: chain.eligible,
  });
  notes.push(
    `data: ${DELEGATIONS.toLocaleString('en-US')} active delegations (2 history events each), ${roundIds.length} past dry-run rounds ` +
      `with a selection for every delegation, candidate snapshot ${snapshot.snapshotId} taken by the service's own refresh ` +
      `(${chain.validators.length} validators listed, ${snapshot.eligibleCount} eligible); seeded by SQL in ` +
      `${((performance.now() - seedStarted) / 1000).toFixed(1)} s. The delegation watcher runs daily here: the seeded stashes have no proxy on the local chain.`,
  );

  // The service's JIT and connection pools warm up before anything counts.
  await runLoad({
    url: `${running.base}/v1/delegations/${stashes[0]}`,
    connections: settings.connections,
    seconds: 2,
    expectedStatus: 200,
  });

  const caseRows: CaseRow[] = await readCases(
    { bareUrl, base: running.base, knownStash: stashes[0]!, stashes, unknownStash: unknownStash() },
    settings,
    progress,
    selected,
  );
  if (selected('opt-in'))
    try {
      caseRows.push(await optInCase(running.base, bareUrl, optIns, settings, progress));
    } catch (error) {
      notes.push(`the opt-in case did not run: ${(error as Error).message.split('\n')[0]}`);
    }
  const bareSummary = bareRow(caseRows.flatMap((row) => (row.bare ? [row.bare] : [])));
  const rows = bareSummary ? [bareSummary, ...caseRows] : caseRows;
  let round: RoundFigures | null = null;
  if (selected('round'))
    try {
      round = await roundUnderLoad(
        running,
        chain,
        { knownStash: stashes[0]!, delegators: DELEGATIONS, timeoutS: ROUND_TIMEOUT_S },
        settings,
        progress,
      );
    } catch (error) {
      notes.push(`the round under load failed: ${(error as Error).message.split('\n')[0]}`);
    }
  const serviceRssBytes = await rssOf(running.process.child.pid);
  notes.push(`wall time of the whole benchmark: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return renderReport({ settings, delegations: DELEGATIONS, rows, round, serviceRssBytes, notes });
}

async function stopAll(): Promise<void> {
  for (const stop of stops) await stop().catch(() => undefined);
}

main().then(
  async (report) => {
    await stopAll();
    process.stdout.write(report);
    process.exit(0);
  },
  async (error: unknown) => {
    process.stderr.write(
      `[bench:api] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await stopAll();
    process.exit(1);
  },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    progress(`${signal}: stopping`);
    void stopAll().then(() => process.exit(130));
  });
