/**
 * Crash safety with a real worker process killed (SIGKILL) in the middle of a round, on a local
 * Kusama Asset Hub (staking-async, where Kusama stakers are): blocks are built by the test
 * (Manual mode), so the kill lands exactly after a batch was signed and sent but before its
 * inclusion was recorded; that batch is then included while no worker runs.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { encodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { createContext, type Context } from '../../../src/main/context.js';
import { startRound } from '../../../src/domain/rounds/start-round.use-case.js';
import { enqueueRound } from '../../../src/workers/queues.js';
import { serveJson, type JsonServer } from '../../support/json-server.js';
import { advanceEra, electedValidators } from '../../support/chain-era.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';
import { startServiceProcess, until, waitForLog, type ServiceProcess } from '../../support/service-processes.js';
import { createTestDatabase, testRedisUrl, uniquePrefix, type TestDatabase } from '../../support/test-env.js';

const OPERATOR_SEED = '//NDeST//crash-operator';
const DELEGATORS = 8;
const PER_BATCH = 2;

let chain: DevChain;
let db: TestDatabase;
let server: JsonServer;
let ctx: Context;
let env: Record<string, string>;
let worker: ServiceProcess;
/** The validators elected in the active era (none of them a candidate). */
let activeSet: string[];

const pair = (uri: string): KeyringPair => chain.keyring.addFromUri(uri);
const validatorUris = ['//Crash//W1', '//Crash//W2', '//Crash//W3', '//Crash//W4', '//Crash//W5'];
const delegators = () => Array.from({ length: DELEGATORS }, (_, i) => pair(`//Crash//N${i}`));

const pendingCount = async () => (await chain.api.rpc.author.pendingExtrinsics()).length;
const operatorNonce = async () => (await chain.api.query.system.account(pair(OPERATOR_SEED).address)).nonce.toNumber();

beforeAll(async () => {
  // Blocks are built whenever extrinsics wait, except around the crash, where the test builds them.
  chain = await startDevChain({ mode: 'Manual' });
  db = await createTestDatabase('crash');
  // Different signers: their extrinsics share blocks (storage edits are serialised with block production).
  await Promise.all(validatorUris.map((uri) => chain.createValidator(pair(uri), { commission: 0, blocked: false })));
  server = await serveJson(validatorUris.map((u) => pair(u).address));

  const operator = pair(OPERATOR_SEED);
  await chain.fund([operator.address, ...delegators().map((p) => p.address)], 1_000);
  const setups = await Promise.all(
    delegators().map((p) =>
      chain.submit(
        chain.api.tx.utility.batchAll([
          chain.api.tx.staking.bond(100n * KSM, 'Staked'),
          chain.api.tx.proxy.addProxy(operator.address, 'Staking', 0),
        ]),
        p,
      ),
    ),
  );
  expect(setups.map((s) => s.error)).toEqual(delegators().map(() => null));
  // Asset Hub's genesis era has no exposures: an era with an elected set (genesis validators, far
  // heavier than the candidates), as a live chain always has.
  const era = await advanceEra(chain);
  activeSet = await electedValidators(chain, era);
  expect(activeSet.length).toBeGreaterThan(0);

  env = {
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix('crash'),
    CHAIN_ENDPOINTS: chain.endpoint,
    OPERATOR_SEED,
    CANDIDATES_URL: server.url,
    MAX_ITEMS_PER_BATCH: String(PER_BATCH),
    WATCH_INTERVAL_MS: '300',
    ERA_POLL_MS: '600000',
    CANDIDATES_REFRESH_MS: '600000',
    JOB_LOCK_MS: '2000',
  };
  ctx = await createContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }), createLogger('silent'), {
    databaseUrl: db.url,
    redisUrl: testRedisUrl(),
  });
  for (const p of delegators())
    await ctx.delegations.transition({
      stash: p.address,
      expectedFrom: null,
      to: 'pending',
      reason: 'test opt-in',
      source: 'api',
      at: new Date(),
    });
  worker = startServiceProcess('worker-main', env);
  await waitForLog(worker, /workers started/);
  await until('every delegation to be active', async () =>
    (await ctx.delegations.listByStatus(['active'])).length === DELEGATORS ? true : undefined,
  );
});

afterAll(async () => {
  await worker?.kill('SIGKILL');
  await ctx?.close();
  await server?.close();
  await chain?.close();
  await db?.drop();
});

describe('a round interrupted by a killed worker', () => {
  it('finishes after a restart, sending no nomination twice and losing no outcome', async () => {
    const nonceBefore = await operatorNonce();
    chain.setAutoBuild(false);
    const { round } = await startRound(
      { rounds: ctx.rounds, writer: ctx.writer, targetsPerDelegator: 4, rotationEras: 28 },
      { trigger: 'admin', dryRun: false, era: null },
    );
    await enqueueRound(ctx.queues.rounds, round.id);
    const batchesOf = () => ctx.rounds.batches(round.id);
    // The round commits to the next block; its hash seeds the draw.
    const seedBlock = await until(
      'the round to commit to a seed block',
      async () => (await ctx.rounds.get(round.id))?.seedBlockNumber ?? undefined,
    );
    expect(seedBlock).toBe((await chain.head()) + 1);
    await chain.newBlock();

    // Batch 0: signed and in the pool; included and recorded.
    await until('batch 0 in the pool', async () =>
      (await batchesOf())[0]?.status === 'signed' && (await pendingCount()) === 1 ? true : undefined,
    );
    await chain.newBlock();
    // Batch 1: signed and sent, then the worker dies before it is included.
    await until('batch 1 in the pool', async () => {
      const b = await batchesOf();
      return b[0]?.status === 'included' && b[1]?.status === 'signed' && (await pendingCount()) === 1
        ? true
        : undefined;
    });
    const deadPid = worker.child.pid!;
    await worker.kill('SIGKILL');
    expect(() => process.kill(deadPid, 0)).toThrow(); // really gone, not left running behind a wrapper
    await chain.newBlock();
    const includedWhileDead = await chain.head();
    expect((await batchesOf())[1]?.status).toBe('signed');

    chain.setAutoBuild(true);
    worker = startServiceProcess('worker-main', env);
    await waitForLog(worker, /unfinished round re-enqueued/);
    const done = await until(
      'the round to complete',
      async () => ((await ctx.rounds.get(round.id))?.status === 'completed' ? true : undefined),
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    expect(done).toBe(true);

    const batches = await batchesOf();
    expect(batches).toHaveLength(DELEGATORS / PER_BATCH);
    expect(batches.every((b) => b.status === 'included')).toBe(true);
    expect(batches[1]!.block!.number).toBe(includedWhileDead);
    // One extrinsic per batch, no more: nothing was sent twice.
    expect((await operatorNonce()) - nonceBefore).toBe(batches.length);

    const selections = await ctx.rounds.selections(round.id);
    expect(selections).toHaveLength(DELEGATORS);
    for (const s of selections) {
      expect(s).toMatchObject({ status: 'succeeded', error: null });
      const onChain = (await chain.api.query.staking.nominators(s.stash)).toJSON() as { targets: string[] };
      expect(onChain.targets.map((t) => encodeAddress(t, 2)).sort()).toEqual([...s.targets].sort());
      expect(s.targets.filter((t) => activeSet.includes(t))).toEqual([]);
      expect((await ctx.delegations.findByStash(s.stash))!.targets).toEqual(s.targets);
    }
  });
});
