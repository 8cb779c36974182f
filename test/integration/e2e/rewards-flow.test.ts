/**
 * Rewards end to end on Kusama Asset Hub (staking-async), with the service's real processes:
 * delegators nominated by a round are elected with paged exposures, and after each era the
 * worker pays with `payoutStakersByPage` every page that holds a delegator exactly once (checking
 * `claimedRewards`, so a page somebody else paid while the service was down is not paid again),
 * indexes the `Rewarded` events (equal to the delegators' balance changes, to the planck), serves
 * them as JSON and CSV, and notices a user who removed all proxies at once or nominated by hand
 * within one indexed block. Eras are injected (test/support/asset-hub-era.ts); the real election
 * cycle has its own test (era-election.test.ts).
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { advanceEra, electedValidators, exposurePages, setValidatorCount } from '../../support/chain-era.js';
import { payoutByHand } from '../../support/chain-rewards.js';
import { serveJson, type JsonServer } from '../../support/json-server.js';
import { startDevChain, type DevChain } from '../../support/dev-chain.js';
import { httpJson } from '../../support/http-json.js';
import {
  freePort,
  startServiceProcess,
  until,
  waitForChainReady,
  waitForHttp,
  waitForLog,
  type ServiceProcess,
} from '../../support/service-processes.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';
import { expectRewardsCsv, fundAndBond, joinAndRunRound, serviceEnv } from '../../support/service-scenario.js';

const ADMIN_TOKEN = 'rewards-admin-token-0123456789';
const OPERATOR_SEED = '//NDeST//ah-rewards-operator';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
/** Two nominators per exposure page: the three delegators of a validator fill pages 0 and 1. */
const PAGE_SIZE = 2;

let chain: DevChain;
let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let server: JsonServer;
let env: Record<string, string>;
let apiProc: ServiceProcess;
let workerProc: ServiceProcess;
let base: string;

const pair = (uri: string): KeyringPair => chain.keyring.addFromUri(uri);
const validatorUris = ['//AhRewards//W1', '//AhRewards//W2', '//AhRewards//W3'];
const validators = () => validatorUris.map((u) => pair(u).address);
const delegators = () => ['//AhRewards//D1', '//AhRewards//D2', '//AhRewards//D3'].map(pair);
const get = (path: string) => httpJson('GET', `${base}${path}`);
/** Stake on Asset Hub is a hold: a `Staked` reward moves into `reserved`, so free + reserved is the balance. */
const balance = async (address: string) => {
  const { free, reserved } = (await chain.api.query.system.account(address)).data;
  return free.toBigInt() + reserved.toBigInt();
};

async function statusOf(stash: string): Promise<string> {
  return (await get(`/v1/delegations/${stash}`)).body.delegation.status;
}

async function indexerCursor(): Promise<number> {
  const row = await prisma.serviceState.findUnique({ where: { key: 'indexer.cursor' } });
  return row ? Number(row.value) : -1;
}

beforeAll(async () => {
  chain = await startDevChain({ mode: 'Manual' });
  db = await createTestDatabase('ah_rewards');
  prisma = createPrismaClient(db.url);
  for (const uri of validatorUris) await chain.createValidator(pair(uri), { commission: 0, blocked: false });
  // An active set to start from (the genesis validators); the next elections take everyone.
  await advanceEra(chain);
  await setValidatorCount(chain, 11);
  server = await serveJson(validators());

  await chain.fund([pair(OPERATOR_SEED).address, pair('//Charlie').address], 1_000);
  await fundAndBond(chain, delegators(), 1_000, 100n);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = serviceEnv({
    label: 'ah-rewards',
    databaseUrl: db.url,
    chain,
    operatorSeed: OPERATOR_SEED,
    adminToken: ADMIN_TOKEN,
    candidatesUrl: server.url,
    port,
    overrides: {
      // Only the indexer may notice a removed proxy or a manual nomination quickly: the periodic watcher is slow here.
      WATCH_INTERVAL_MS: '600000',
      ERA_POLL_MS: '300',
      INDEX_INTERVAL_MS: '200',
      PAYOUT_INTERVAL_MS: '600000',
    },
  });
  apiProc = startServiceProcess('api-main', env);
  workerProc = startServiceProcess('worker-main', env);
  await waitForHttp(base, apiProc);
  await waitForChainReady(base, apiProc);
  await waitForLog(workerProc, /first active era seen/);
});

afterAll(async () => {
  await apiProc?.kill();
  await workerProc?.kill();
  await prisma?.$disconnect();
  await server?.close();
  await chain?.close();
  await db?.drop();
});

describe('rewards on Kusama Asset Hub (payoutStakersByPage, paged exposures)', () => {
  // A round, three eras and the catch-up after downtime: its own waits alone allow more than the
  // suite's 180 s per test, which a loaded machine used up (CI, 2026-11-29).
  it('pays every page holding a delegator once, records rewards equal to the balance changes, and catches up after downtime', async () => {
    const [d1, d2, d3] = delegators() as [KeyringPair, KeyringPair, KeyringPair];
    await joinAndRunRound(chain, base, ADMIN_TOKEN, [d1, d2, d3]);

    // Era e1: the nominated validators are elected with the delegators' stake, on two pages each.
    const e1 = await advanceEra(chain, { pageSize: PAGE_SIZE });
    await until('the stats of era e1', async () => ((await get('/v1/stats')).body.latestEra === e1 ? true : undefined));
    const elected = await electedValidators(chain, e1);
    for (const v of validators()) expect(elected).toContain(v);
    for (const v of validators()) expect((await exposurePages(chain, e1, v)).length).toBe(2);
    expect((await get(`/v1/delegations/${d1.address}`)).body.warnings).toEqual([]);

    // The service stops; two eras pass.
    await workerProc.kill();
    const indexedBeforeDowntime = await indexerCursor();
    const e2 = await advanceEra(chain, { pageSize: PAGE_SIZE });
    const before = { d1: await balance(d1.address), d2: await balance(d2.address) };
    // Somebody else pays page 0 of W1 in e1; D3 removes all its proxies at once; nobody is watching.
    const w1 = validators()[0]!;
    expect((await payoutByHand(chain, pair('//Charlie'), w1, e1, 0)).error).toBeNull();
    const removal = await chain.submit(chain.api.tx.proxy.removeProxies(), d3);
    expect(removal.error).toBeNull();
    // proxy.removeProxies emits no ProxyRemoved: only the decoded call can tell the indexer.
    expect(removal.events.some((e) => e.section === 'proxy')).toBe(false);
    const e3 = await advanceEra(chain, { pageSize: PAGE_SIZE });
    expect(e3).toBe(e2 + 1);

    // Which (era, validator, page) hold which delegator, as the chain's exposures say.
    const exposed = new Map<string, string[]>();
    for (const era of [e1, e2])
      for (const v of validators())
        (await exposurePages(chain, era, v)).forEach((who, page) => {
          const held = delegators()
            .map((p) => p.address)
            .filter((a) => who.includes(a));
          if (held.length > 0) exposed.set(`${era}/${v}/${page}`, held);
        });
    expect(exposed.size).toBe(2 * 3 * 2);

    // Back up: it catches up on blocks, pays what is due, and records it all once.
    const operator = pair(OPERATOR_SEED).address;
    const nonceBefore = (await chain.api.query.system.account(operator)).nonce.toNumber();
    workerProc = startServiceProcess('worker-main', env);
    const payouts = await until(
      'every due page settled',
      async () => {
        const rows = await prisma.payout.findMany({ orderBy: [{ era: 'asc' }, { validator: 'asc' }, { page: 'asc' }] });
        const settled =
          rows.length === exposed.size && rows.every((r) => ['paid', 'claimed_by_other'].includes(r.status));
        return settled ? rows : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 250 },
    );
    const head = await chain.head();
    await until('the indexer at the head', async () => ((await indexerCursor()) >= head ? true : undefined), {
      timeoutMs: 60_000,
    });
    expect(indexedBeforeDowntime).toBeLessThan(removal.blockNumber);

    const statusOfPage = (era: number, v: string, page: number) =>
      payouts.find((p) => p.era === era && p.validator === v && p.page === page)?.status;
    expect(statusOfPage(e1, w1, 0)).toBe('claimed_by_other');
    for (const key of exposed.keys()) {
      const [era, v, page] = key.split('/') as [string, string, string];
      if (key !== `${e1}/${w1}/0`) expect(statusOfPage(Number(era), v, Number(page)), key).toBe('paid');
    }
    // Every page the service paid is claimed on chain, and it sent one extrinsic per batch, no more.
    for (const era of [e1, e2])
      for (const v of validators())
        expect(((await chain.api.query.staking.claimedRewards(era, v)).toJSON() as number[]).sort()).toEqual([0, 1]);
    const batches = await prisma.payoutBatch.findMany({ where: { itemCount: { gt: 0 } } });
    const nonceAfter = (await chain.api.query.system.account(operator)).nonce.toNumber();
    expect(nonceAfter - nonceBefore).toBe(batches.length);
    expect(batches.every((b) => b.status === 'included' && b.fee !== null)).toBe(true);

    // Rewards: one per (era, validator) exposing the stash, whoever paid, equal to the balance change.
    for (const [p, was] of [
      [d1, before.d1],
      [d2, before.d2],
    ] as const) {
      const res = await get(`/v1/delegations/${p.address}/rewards`);
      expect(res.status).toBe(200);
      const keys = res.body.rewards.map((r: any) => `${r.era}/${r.validator}`).sort();
      const expected = [...exposed.entries()]
        .filter(([, who]) => who.includes(p.address))
        .map(([k]) => k.split('/').slice(0, 2).join('/'));
      expect(keys).toEqual(expected.sort());
      expect(res.body.rewards.every((r: any) => BigInt(r.amount) > 0n)).toBe(true);
      expect(BigInt(res.body.total)).toBe((await balance(p.address)) - was);
      const byHand = res.body.rewards.find((r: any) => r.era === e1 && r.validator === w1);
      if (byHand && exposed.get(`${e1}/${w1}/0`)?.includes(p.address))
        expect(byHand.paidBy).toBe(pair('//Charlie').address);

      await expectRewardsCsv(base, p.address, res.body);
    }
    const recorded = await prisma.chainEventRecord.groupBy({
      by: ['account', 'era', 'validator'],
      where: { kind: 'rewarded' },
      _count: { _all: true },
    });
    expect(recorded.every((r) => r._count._all === 1)).toBe(true);

    // All proxies removed during the downtime: indexed once, and the delegation revoked.
    expect(await prisma.chainEventRecord.count({ where: { account: d3.address, kind: 'proxies_removed' } })).toBe(1);
    expect(await statusOf(d3.address)).toBe('revoked');

    // The public record: the three validators entered the active set while NDeST nominated them.
    const stats = (await get('/v1/stats')).body;
    const era1 = stats.eras.find((e: any) => e.era === e1);
    expect([...era1.entered].sort()).toEqual([...validators()].sort());
    expect(stats.validatorsEnteredActiveSet).toBe(3);
    expect(stats.payoutFees.map((f: any) => f.era)).toEqual([e1, e2]);
    for (const f of stats.payoutFees) expect(BigInt(f.fee)).toBeGreaterThan(0n);
  }, 420_000);

  it('sees all proxies removed at once, and a nomination by hand, within one indexed block', async () => {
    const [d1, d2] = delegators() as [KeyringPair, KeyringPair];
    expect(await statusOf(d1.address)).toBe('active');
    expect(await statusOf(d2.address)).toBe('active');
    const removal = await chain.submit(chain.api.tx.proxy.removeProxies(), d1);
    expect(removal.error).toBeNull();
    const manual = await chain.submit(chain.api.tx.staking.nominate([validators()[0]!]), d2);
    expect(manual.error).toBeNull();
    const last = Math.max(removal.blockNumber, manual.blockNumber);
    await until('the indexer past both blocks', async () => ((await indexerCursor()) >= last ? true : undefined));
    // The periodic watcher runs every 10 minutes here: the indexer made both changes.
    expect(await statusOf(d1.address)).toBe('revoked');
    expect(await statusOf(d2.address)).toBe('manual');
  });

  it('reports progress and state in the metrics and the admin job status', async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^ndest_indexer_block\{which="cursor"\} \d+/m);
    expect(metrics).toMatch(/^ndest_payouts\{status="paid"\} [1-9]/m);
    expect(metrics).toMatch(/^ndest_payouts\{status="claimed_by_other"\} 1/m);
    expect(metrics).toMatch(/^ndest_delegators\{status="revoked"\} 2/m);
    expect(metrics).toMatch(/^ndest_validators_entered_active_set 3/m);
    const jobs = await httpJson('GET', `${base}/v1/admin/jobs`, undefined, admin);
    const sweeps = jobs.body.queues.find((q: any) => q.name === 'payouts');
    expect(sweeps.jobs.some((j: any) => j.state === 'completed' && j.progress?.phase === 'done')).toBe(true);
  });
});
