/**
 * A real era cycle on Kusama Asset Hub with the service running: NDeST nominates two waiting
 * validators for its delegators, the staking pallet plans the next era at a session report, the
 * multi-block election runs (snapshot, the unsigned solution mined by the offchain worker,
 * verification, export) and elects them over an equal validator nobody nominated; the service
 * sees them enter the active set, pays their first era once it ends, and records the rewards.
 * The other tests inject era state instead (minutes against seconds).
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import {
  activeEraIndex,
  advanceEra,
  electedValidators,
  exposurePages,
  setValidatorCount,
} from '../../support/chain-era.js';
import { startDevChain, type DevChain } from '../../support/dev-chain.js';
import { httpJson } from '../../support/http-json.js';
import { serveJson, type JsonServer } from '../../support/json-server.js';
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
import { fundAndBond, joinAndRunRound, serviceEnv } from '../../support/service-scenario.js';

const ADMIN_TOKEN = 'election-admin-token-0123456789';
const OPERATOR_SEED = '//NDeST//election-operator';

let chain: DevChain;
let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let server: JsonServer;
let proc: ServiceProcess;
let base: string;

const pair = (uri: string): KeyringPair => chain.keyring.addFromUri(uri);
/** In the programme: W1, W2. Not in it: W3, as strong on its own, that nobody nominates. */
const programme = () => ['//Election//W1', '//Election//W2'].map((u) => pair(u).address);
const outsider = () => pair('//Election//W3').address;
const delegators = () => ['//Election//D1', '//Election//D2'].map(pair);
const get = (path: string) => httpJson('GET', `${base}${path}`);
const balance = async (address: string) => {
  const { free, reserved } = (await chain.api.query.system.account(address)).data;
  return free.toBigInt() + reserved.toBigInt();
};

beforeAll(async () => {
  chain = await startDevChain({ mode: 'Manual', offchainWorker: true });
  db = await createTestDatabase('ah_election');
  prisma = createPrismaClient(db.url);
  for (const uri of ['//Election//W1', '//Election//W2', '//Election//W3'])
    await chain.createValidator(pair(uri), { commission: 0, blocked: false });
  // Room for two of the three newcomers next to the 8 validators of the genesis.
  await setValidatorCount(chain, 10);
  server = await serveJson(programme());
  await chain.fund([pair(OPERATOR_SEED).address], 1_000);
  await fundAndBond(chain, delegators(), 20_000, 10_000n);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  proc = startServiceProcess(
    'all',
    serviceEnv({
      label: 'ah-election',
      databaseUrl: db.url,
      chain,
      operatorSeed: OPERATOR_SEED,
      adminToken: ADMIN_TOKEN,
      candidatesUrl: server.url,
      port,
      overrides: { ERA_POLL_MS: '500', INDEX_INTERVAL_MS: '500', WATCH_INTERVAL_MS: '1000', JOB_LOCK_MS: '5000' },
    }),
  );
  await waitForHttp(base, proc);
  await waitForChainReady(base, proc);
  await waitForLog(proc, /first active era seen/);
});

afterAll(async () => {
  await proc?.kill();
  await prisma?.$disconnect();
  await server?.close();
  await chain?.close();
  await db?.drop();
});

describe('a real era cycle on Asset Hub (multi-block election)', () => {
  it('elects the validators NDeST nominated, and pays their first era once it ends', async () => {
    const [d1, d2] = delegators() as [KeyringPair, KeyringPair];
    const round = await joinAndRunRound(chain, base, ADMIN_TOKEN, [d1, d2]);
    expect(round.selections.map((s: any) => [...s.targets].sort())).toEqual([
      [...programme()].sort(),
      [...programme()].sort(),
    ]);

    // The pallet plans era 1, the election runs block by block, the next report activates it.
    const e0 = await activeEraIndex(chain);
    const e1 = await advanceEra(chain, { realEra: true, onProgress: (line) => console.log(`election: ${line}`) });
    expect(e1).toBe(e0 + 1);
    const elected = await electedValidators(chain, e1);
    expect(elected).toHaveLength(10);
    for (const v of programme()) expect(elected).toContain(v);
    expect(elected).not.toContain(outsider());
    await until('the service saw them enter the active set', async () => {
      const stats = (await get('/v1/stats')).body;
      const era = stats.eras.find((e: any) => e.era === e1);
      return era && [...era.entered].sort().join() === [...programme()].sort().join() ? true : undefined;
    });

    // How the election spread each delegator's stake over its elected targets.
    const exposing = new Map<string, string[]>();
    for (const v of programme()) {
      const who = (await exposurePages(chain, e1, v)).flat();
      for (const p of [d1, d2])
        if (who.includes(p.address)) exposing.set(p.address, [...(exposing.get(p.address) ?? []), v]);
    }
    const paidValidators = [...new Set([...exposing.values()].flat())].sort();
    expect(exposing.size).toBe(2);

    // Era 1 ends (injected: one election is enough): the service pays each page holding a delegator, once.
    const before = { d1: await balance(d1.address), d2: await balance(d2.address) };
    const e2 = await advanceEra(chain);
    const payouts = await until(
      'the pages of era 1 paid',
      async () => {
        const rows = await prisma.payout.findMany({ where: { era: e1 } });
        return rows.length === paidValidators.length && rows.every((r) => r.status === 'paid') ? rows : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    expect(payouts.map((p) => p.validator).sort()).toEqual(paidValidators);
    for (const v of paidValidators) expect((await chain.api.query.staking.claimedRewards(e1, v)).toJSON()).toEqual([0]);
    for (const [p, was] of [
      [d1, before.d1],
      [d2, before.d2],
    ] as const) {
      const expected = exposing.get(p.address)!.sort();
      const rewards = await until(`the rewards of ${p.address}`, async () => {
        const body = (await get(`/v1/delegations/${p.address}/rewards`)).body;
        return body.rewards.length === expected.length ? body : undefined;
      });
      expect(rewards.rewards.map((r: any) => r.validator).sort()).toEqual(expected);
      expect(rewards.rewards.every((r: any) => r.era === e1)).toBe(true);
      expect(BigInt(rewards.total)).toBeGreaterThan(0n);
      expect(BigInt(rewards.total)).toBe((await balance(p.address)) - was);
    }
    expect(e2).toBe(e1 + 1);
  }, 900_000);
});
