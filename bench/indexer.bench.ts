/**
 * The indexer's catch-up: `indexChain` with `PolkadotChainEventSource` and
 * `PrismaIndexedEventRepository`, from cursor 0 to the head of a local Kusama Asset Hub
 * (Chopsticks) that first builds a few hundred blocks with transactions of tracked accounts
 * (transfers, bonds, Staking proxies) in them.
 *
 *   npx tsx bench/indexer.bench.ts
 *
 * Settings (environment): BENCH_INDEXER_BLOCKS (300: blocks built), BENCH_INDEXER_ACCOUNTS (20:
 * tracked accounts that transact), BENCH_INDEXER_DELEGATIONS (100000: delegations in the database,
 * whose stashes the indexer tracks), BENCH_DATABASE_URL.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import pg from 'pg';
import { PolkadotChainEventSource } from '../src/chain/chain-event-source.js';
import type { ChainConnection } from '../src/chain/connection.js';
import { startDevChainServer } from '../src/chain/dev-chain-server.js';
import { INDEXER_CURSOR_KEY, PrismaIndexedEventRepository } from '../src/db/indexed-event.repository.js';
import { createPrismaClient } from '../src/db/prisma-client.js';
import { indexChain } from '../src/domain/indexer/index-chain.use-case.js';
import type { Address } from '../src/domain/shared/types.js';
import { createBenchDatabase } from './bench-database.js';
import { MemorySampler } from './memory-sampler.js';
import { count, mb, ms, renderTable } from './report-format.js';
import { StorageServingProvider } from './storage-serving-provider.js';
import { syntheticStash } from './synthetic-delegations.js';
import { timed, type CallStats } from './timed.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SPEC = path.resolve(repoRoot, '../shared/chain/asset-hub-kusama-2000002-local.json');
const envInt = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const BLOCKS = envInt('BENCH_INDEXER_BLOCKS', 300);
const ACCOUNTS = envInt('BENCH_INDEXER_ACCOUNTS', 20);
const DELEGATIONS = envInt('BENCH_INDEXER_DELEGATIONS', 100_000);
const UNIT = 10n ** 12n;

async function main(): Promise<void> {
  const wall = performance.now();
  await cryptoWaitReady();
  const server = await startDevChainServer({ specPath: SPEC, mode: 'Manual', logLevel: 'error' });
  const provider = new StorageServingProvider(server.endpoint);
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  const prefix = api.registry.chainSS58 ?? 2;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: prefix });
  const pairs = Array.from({ length: ACCOUNTS }, (_, i) => keyring.addFromUri(`//Bench//Indexer//${i}`));
  const db = await createBenchDatabase('indexer');
  const prisma = createPrismaClient(db.url);
  try {
    const buildStarted = performance.now();
    const built = await buildBlocks(api, provider, pairs);
    const buildMs = performance.now() - buildStarted;
    await seed(db.url, [...pairs.map((p) => p.address), ...syntheticStashes(DELEGATIONS, prefix)]);

    const conn = { api: () => api, call: (_: string, fn: (a: ApiPromise) => unknown) => fn(api), ss58Prefix: prefix };
    const stats = new Map<string, CallStats>();
    const source = timed(
      new PolkadotChainEventSource(conn as unknown as ChainConnection, { operatorAddress: null }),
      stats,
      'source',
    );
    const events = timed(new PrismaIndexedEventRepository(prisma), stats, 'db');
    const hooks = { watched: 0, transfers: 0, blocksSeen: 0 };
    const requestsBefore = new Map(provider.counters.requests);
    const memory = new MemorySampler();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const rpcMsBefore = provider.counters.rpcMs;
    const report = await indexChain(
      {
        source,
        events,
        // The other features' hooks (the delegation watcher's re-reads, the pools' and collectives'
        // bookings) are counted, not run: this measures the indexer itself.
        watch: async (stashes) => void (hooks.watched += stashes.length),
        onTransfers: async (transfers) => void (hooks.transfers += transfers.length),
        onBlock: async () => void hooks.blocksSeen++,
        onProgress: () => memory.sample(),
      },
      { maxBlocks: Number.MAX_SAFE_INTEGER },
    );
    const totalMs = performance.now() - started;
    const rpcSummedMs = provider.counters.rpcMs - rpcMsBefore;
    const cpu = process.cpuUsage(cpuBefore);
    const peak = memory.stop();
    const requests = [...provider.counters.requests.entries()]
      .map(([m, n]) => [m, n - (requestsBefore.get(m) ?? 0)] as const)
      .filter(([, n]) => n > 0)
      .sort(([, a], [, b]) => b - a);
    const requestCount = requests.reduce((a, [, n]) => a + n, 0);

    const blockEventsMs = stats.get('source.blockEvents')?.ms ?? 0;
    const saveMs = stats.get('db.saveBlock')?.ms ?? 0;
    const perBlock = (v: number) => ms(v / Math.max(1, report.blocks));

    console.log(
      `Indexer catch-up: ${count(report.blocks)} blocks of a local Asset Hub (${api.runtimeVersion.specName.toString()} ` +
        `${api.runtimeVersion.specVersion.toString()}) from cursor 0 to the head, ${count(built.extrinsics)} ` +
        `transactions of ${ACCOUNTS} tracked accounts in them, ${count(DELEGATIONS + ACCOUNTS)} delegations tracked.\n`,
    );
    console.log(
      renderTable(
        [
          'blocks',
          'system events',
          'events recorded',
          'ms',
          'blocks/s',
          'events/s',
          'ms/block',
          'RPCs/block',
          'CPU ms (this process)',
          'peak RSS MB',
        ],
        [
          [
            count(report.blocks),
            count(built.systemEvents),
            count(report.events),
            ms(totalMs),
            ((report.blocks * 1000) / totalMs).toFixed(1),
            ((built.systemEvents * 1000) / totalMs).toFixed(0),
            perBlock(totalMs),
            (requestCount / Math.max(1, report.blocks)).toFixed(1),
            ms((cpu.user + cpu.system) / 1000),
            mb(peak.peakRssBytes),
          ],
        ],
      ),
    );
    // The indexer reads up to 8 blocks ahead of the one it stores: the parts overlap, so each is the
    // wall time during which it ran at all, and their shares add up to more than 100%.
    console.log('\nTime per block (wall clock, mean over the run; the parts overlap)');
    console.log(
      renderTable(
        ['part', 'ms/block', 'share', 'what'],
        [
          [
            'reading blocks',
            perBlock(blockEventsMs),
            share(blockEventsMs, totalMs),
            'while at least one block was read: its RPCs, then decoding extrinsics and events (up to 8 at once)',
          ],
          [
            'database',
            perBlock(saveMs),
            share(saveMs, totalMs),
            'saveBlock: the events and the cursor in one transaction, a block at a time, in order',
          ],
          [
            'RPC time, summed',
            perBlock(rpcSummedMs),
            share(rpcSummedMs, totalMs),
            "every request's time from send to parsed answer, added up (concurrent ones overlap)",
          ],
        ],
      ),
    );
    console.log('\nRPCs while indexing');
    console.log(
      renderTable(
        ['method', 'requests'],
        requests.map(([m, n]) => [m, count(n)]),
      ),
    );
    console.log(
      `\nhooks: ${count(hooks.watched)} stashes to re-read, ${count(hooks.transfers)} transfers, ${count(hooks.blocksSeen)} blocks with tracked events; ` +
        `db.trackedAccounts ${ms(stats.get('db.trackedAccounts')?.ms ?? 0)} ms; building the ${count(BLOCKS)} blocks took ` +
        `${(buildMs / 1000).toFixed(1)} s; wall time of the benchmark ${((performance.now() - wall) / 1000).toFixed(1)} s`,
    );
  } finally {
    await prisma.$disconnect();
    await db.drop();
    await api.disconnect();
    await server.close();
  }
}

const share = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : 'n/a');

function syntheticStashes(n: number, prefix: number): Address[] {
  return Array.from({ length: n }, (_, i) => syntheticStash(i, prefix));
}

/**
 * `BLOCKS` blocks; every other one carries one transaction of each of a few tracked accounts: a
 * transfer to the next account mostly, a bond or a Staking proxy now and then (events the indexer
 * records and watches).
 */
async function buildBlocks(api: ApiPromise, provider: StorageServingProvider, pairs: KeyringPair[]) {
  const account = (free: bigint) => ({ providers: 1, data: { free: free.toString() } });
  await provider.send('dev_setStorage', [
    { System: { Account: pairs.map((p) => [[p.address], account(1_000_000n * UNIT)]) } },
  ]);
  const nonces = new Map(pairs.map((p) => [p.address, 0]));
  const bonded = new Set<string>();
  const proxied = new Set<string>();
  let extrinsics = 0;
  let systemEvents = 0;
  const startHead = (await api.rpc.chain.getHeader()).number.toNumber();
  for (let b = 0; b < BLOCKS; b++) {
    if (b % 2 === 0) {
      const senders = [0, 1, 2].map((k) => pairs[(b + k * 7) % pairs.length]!);
      for (const [k, pair] of senders.entries()) {
        const next = pairs[(pairs.indexOf(pair) + 1) % pairs.length]!;
        const tx =
          k === 1 && !bonded.has(pair.address)
            ? (bonded.add(pair.address), api.tx.staking.bond(100n * UNIT, 'Staked'))
            : k === 2 && !proxied.has(pair.address)
              ? (proxied.add(pair.address), api.tx.proxy.addProxy(next.address, 'Staking', 0))
              : api.tx.balances.transferKeepAlive(next.address, UNIT);
        const nonce = nonces.get(pair.address)!;
        nonces.set(pair.address, nonce + 1);
        await api.rpc.author.submitExtrinsic(await tx.signAsync(pair, { nonce, era: 0 }));
        extrinsics++;
      }
    }
    await provider.send('dev_newBlock', [{ count: 1 }]);
  }
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  if (head !== startHead + BLOCKS) throw new Error(`head ${head}, expected ${startHead + BLOCKS}`);
  for (let n = 1; n <= head; n++) {
    const at = await api.at(await api.rpc.chain.getBlockHash(n));
    systemEvents += ((await at.query.system.events()) as unknown as unknown[]).length;
  }
  return { extrinsics, systemEvents };
}

/** Delegations for the tracked stashes, and the indexer's cursor at 0 (genesis). */
async function seed(url: string, stashes: Address[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "Delegation" ("id", "stash", "status", "statusReason", "statusSince", "targets", "updatedAt")
       SELECT gen_random_uuid(), s, 'active', 'benchmark', now(), '{}', now() FROM unnest($1::text[]) AS s`,
      [stashes],
    );
    await client.query(`INSERT INTO "ServiceState" ("key", "value", "updatedAt") VALUES ($1, '0', now())`, [
      INDEXER_CURSOR_KEY,
    ]);
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
