/**
 * The legacy path: rewards end to end over real eras of the 2023 Kusama relay runtime
 * (pallet-staking on the relay chain: `payoutStakers`, clipped exposures, reward points injected), with the service's real processes:
 * delegators nominated by a round get elected, eras end with injected reward points, and the
 * worker pays every due page once (skipping one somebody else paid), indexes the rewards (equal
 * to the delegators' balance changes, to the planck), catches up after being stopped across two
 * eras, and sees a removed proxy within one indexed block.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { advanceEra, setValidatorCount } from '../../support/chain-era.js';
import { injectRewardPoints, payoutByHand } from '../../support/chain-rewards.js';
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
const OPERATOR_SEED = '//NDeST//rewards-operator';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

let chain: DevChain;
let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let server: JsonServer;
let env: Record<string, string>;
let apiProc: ServiceProcess;
let workerProc: ServiceProcess;
let base: string;

const pair = (uri: string): KeyringPair => chain.keyring.addFromUri(uri);
const validatorUris = ['//Rewards//W1', '//Rewards//W2', '//Rewards//W3'];
const validators = () => validatorUris.map((u) => pair(u).address);
const delegators = () => ['//Rewards//D1', '//Rewards//D2', '//Rewards//D3'].map(pair);
const get = (path: string) => httpJson('GET', `${base}${path}`);
const free = async (address: string) => (await chain.api.query.system.account(address)).data.free.toBigInt();

async function statusOf(stash: string): Promise<string> {
  return (await get(`/v1/delegations/${stash}`)).body.delegation.status;
}

async function indexerCursor(): Promise<number> {
  const row = await prisma.serviceState.findUnique({ where: { key: 'indexer.cursor' } });
  return row ? Number(row.value) : -1;
}

beforeAll(async () => {
  chain = await startDevChain({ runtime: 'relay', mode: 'Manual' });
  db = await createTestDatabase('rewards');
  prisma = createPrismaClient(db.url);
  for (const uri of validatorUris) await chain.createValidator(pair(uri), { commission: 0, blocked: false });
  await setValidatorCount(chain, 5);
  server = await serveJson(validators());

  await chain.fund([pair(OPERATOR_SEED).address], 1_000);
  await fundAndBond(chain, delegators(), 1_000, 100n);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = serviceEnv({
    label: 'rewards',
    databaseUrl: db.url,
    chain,
    operatorSeed: OPERATOR_SEED,
    adminToken: ADMIN_TOKEN,
    candidatesUrl: server.url,
    port,
    overrides: {
      // Only the indexer may notice a removed proxy quickly: the periodic watcher is slow here.
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

describe('rewards over real eras of the relay runtime (legacy payoutStakers)', () => {
  it('pays every due page once, records rewards equal to the balance changes, and catches up after downtime', async () => {
    const [d1, d2, d3] = delegators() as [KeyringPair, KeyringPair, KeyringPair];
    // Opt in through the API, sign the setup call, get active, get nominated by a round.
    await joinAndRunRound(chain, base, ADMIN_TOKEN, [d1, d2, d3]);
    expect(await statusOf(d1.address)).toBe('active');

    // Era e1: the nominated validators are elected with the delegators' stake.
    const e1 = await advanceEra(chain);
    await until('the stats of era e1', async () => ((await get('/v1/stats')).body.latestEra === e1 ? true : undefined));
    const elected = (await chain.api.query.staking.erasStakers.keys(e1)).map((k) =>
      chain.keyring.encodeAddress(k.args[1]!.toU8a(), 2),
    );
    for (const v of validators()) expect(elected).toContain(v);
    // The warning about waiting validators is gone once they are elected.
    expect((await get(`/v1/delegations/${d1.address}`)).body.warnings).toEqual([]);

    // The service stops; two eras pass.
    await workerProc.kill();
    const indexedBeforeDowntime = await indexerCursor();
    await injectRewardPoints(chain, e1, Object.fromEntries(validators().map((v) => [v, 20])));
    const e2 = await advanceEra(chain);
    const before = { d1: await free(d1.address), d2: await free(d2.address) };
    // Somebody else pays one page of e1; D3 removes its proxy; nobody is watching.
    const w1 = validators()[0]!;
    expect((await payoutByHand(chain, pair('//Charlie'), w1, e1)).error).toBeNull();
    const removal = await chain.submit(chain.api.tx.proxy.removeProxy(pair(OPERATOR_SEED).address, 'Staking', 0), d3);
    expect(removal.error).toBeNull();
    await injectRewardPoints(chain, e2, Object.fromEntries(validators().map((v) => [v, 10])));
    const e3 = await advanceEra(chain);
    expect(e3).toBe(e2 + 1);

    // Which (era, validator) pages hold which delegator, as the chain's exposures say.
    const exposed = new Map<string, string[]>();
    for (const era of [e1, e2])
      for (const v of validators()) {
        const x = (await chain.api.query.staking.erasStakersClipped(era, v)).toJSON() as { others: { who: string }[] };
        const who = x.others.map((o) => chain.keyring.encodeAddress(o.who, 2));
        for (const p of delegators())
          if (who.includes(p.address)) exposed.set(`${era}/${v}`, [...(exposed.get(`${era}/${v}`) ?? []), p.address]);
      }
    expect(exposed.has(`${e1}/${validators()[0]}`)).toBe(true);

    // Back up: it catches up on blocks, pays what is due, and records it all once.
    const nonceBefore = (await chain.api.query.system.account(pair(OPERATOR_SEED).address)).nonce.toNumber();
    workerProc = startServiceProcess('worker-main', env);
    const payouts = await until(
      'every due page settled',
      async () => {
        const rows = await prisma.payout.findMany({ orderBy: [{ era: 'asc' }, { validator: 'asc' }] });
        const settled =
          rows.length === exposed.size && rows.every((r) => ['paid', 'claimed_by_other'].includes(r.status));
        return settled ? rows : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    const head = (await chain.api.rpc.chain.getHeader()).number.toNumber();
    await until('the indexer at the head', async () => ((await indexerCursor()) >= head ? true : undefined), {
      timeoutMs: 60_000,
    });
    expect(indexedBeforeDowntime).toBeLessThan(removal.blockNumber);

    const statusOfPage = (era: number, v: string) => payouts.find((p) => p.era === era && p.validator === v)?.status;
    expect(statusOfPage(e1, w1)).toBe('claimed_by_other');
    for (const key of exposed.keys()) {
      const [era, v] = key.split('/') as [string, string];
      if (key !== `${e1}/${w1}`) expect(statusOfPage(Number(era), v)).toBe('paid');
    }
    // One extrinsic per batch and no more: nothing was sent twice.
    const batches = await prisma.payoutBatch.findMany({ where: { itemCount: { gt: 0 } } });
    const nonceAfter = (await chain.api.query.system.account(pair(OPERATOR_SEED).address)).nonce.toNumber();
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
      const expected = [...exposed.entries()].filter(([, who]) => who.includes(p.address)).map(([k]) => k);
      expect(keys).toEqual(expected.sort());
      expect(BigInt(res.body.total)).toBe((await free(p.address)) - was);
      const byHand = res.body.rewards.find((r: any) => r.era === e1 && r.validator === w1);
      if (byHand) expect(byHand.paidBy).toBe(pair('//Charlie').address);

      await expectRewardsCsv(base, p.address, res.body);
      const e2Only = await get(`/v1/delegations/${p.address}/rewards?fromEra=${e2}&toEra=${e2}`);
      expect(e2Only.body.rewards.every((r: any) => r.era === e2)).toBe(true);
      expect(e2Only.body.rewards).toHaveLength(expected.filter((k) => k.startsWith(`${e2}/`)).length);
    }
    const recorded = await prisma.chainEventRecord.groupBy({
      by: ['account', 'era', 'validator'],
      where: { kind: 'rewarded' },
      _count: { _all: true },
    });
    expect(recorded.every((r) => r._count._all === 1)).toBe(true);

    // The proxy removed during the downtime: indexed once, and the delegation revoked.
    expect(await prisma.chainEventRecord.count({ where: { account: d3.address, kind: 'proxy_removed' } })).toBe(1);
    expect(await statusOf(d3.address)).toBe('revoked');

    // The public record: the three validators entered the active set while NDeST nominated them.
    const stats = (await get('/v1/stats')).body;
    const era1 = stats.eras.find((e: any) => e.era === e1);
    expect([...era1.entered].sort()).toEqual([...validators()].sort());
    expect(stats.validatorsEnteredActiveSet).toBe(3);
    expect(BigInt(stats.eras.find((e: any) => e.era === e3)?.stake ?? '0')).toBeGreaterThan(0n);
    // The operator's payout fees, per era.
    expect(stats.payoutFees.map((f: any) => f.era)).toEqual([e1, e2]);
    for (const f of stats.payoutFees) expect(BigInt(f.fee)).toBeGreaterThan(0n);
    expect(BigInt(era1.payoutFee)).toBe(BigInt(stats.payoutFees[0].fee));
  }, 420_000);

  it('sees a removed proxy within one indexed block', async () => {
    const d1 = delegators()[0]!;
    expect(await statusOf(d1.address)).toBe('active');
    const removal = await chain.submit(chain.api.tx.proxy.removeProxy(pair(OPERATOR_SEED).address, 'Staking', 0), d1);
    expect(removal.error).toBeNull();
    await until('the indexer past the removal', async () =>
      (await indexerCursor()) >= removal.blockNumber ? true : undefined,
    );
    // The periodic watcher runs every 10 minutes here: the indexer made the change.
    expect(await statusOf(d1.address)).toBe('revoked');
  });

  it('reports progress and state in the metrics and the admin job status', async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^ndest_indexer_block\{which="cursor"\} \d+/m);
    expect(metrics).toMatch(/^ndest_indexer_block\{which="lag"\} \d+/m);
    expect(metrics).toMatch(/^ndest_payouts\{status="paid"\} [1-9]/m);
    expect(metrics).toMatch(/^ndest_delegators\{status="revoked"\} 2/m);
    expect(metrics).toMatch(/^ndest_validators_entered_active_set 3/m);
    const jobs = await httpJson('GET', `${base}/v1/admin/jobs`, undefined, admin);
    const sweeps = jobs.body.queues.find((q: any) => q.name === 'payouts');
    const done = sweeps.jobs.find((j: any) => j.state === 'completed' && j.progress?.phase === 'done');
    expect(done).toBeDefined();
    const indexer = jobs.body.queues.find((q: any) => q.name === 'indexer');
    expect(indexer.jobs.some((j: any) => typeof j.progress?.cursor === 'number')).toBe(true);
  });
});
