/**
 * Spending pools end to end with the service's real processes (API and worker), real PostgreSQL
 * and Redis, and a local chain executing the real Kusama Asset Hub runtime: the worker creates and
 * endows each pool's pure proxy, the indexer books real transfers into it, a dynamic pool settles
 * each period at its boundary and the payment batches pay beneficiaries on chain; a static pool
 * pays claims; owners govern their pool; bad requests change nothing.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import type { WalletAction } from '../../../src/domain/wallet/signed-request.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';
import { httpJson } from '../../support/http-json.js';
import { serveJson, type JsonServer } from '../../support/json-server.js';
import { serviceEnv } from '../../support/service-scenario.js';
import {
  freePort,
  startServiceProcess,
  until,
  waitForChainReady,
  waitForHttp,
  waitForLog,
  type ServiceProcess,
} from '../../support/service-processes.js';
import { createTestDatabase } from '../../support/test-env.js';
import { signedEnvelope } from '../../support/wallet.js';

const ADMIN_TOKEN = 'e2e-pools-admin-token-0123456789';
const OPERATOR_SEED = '//NDeST//e2e-pools-operator';
/** An asset id no genesis asset uses; minimum balance 1, 6 decimals. */
const ASSET_ID = 4_343;
const ASSET = 'TST';
/** Kusama Asset Hub's existential deposit: what the operator endows each pool account with. */
const ED = 3_333_333n;
/** Seconds of the dynamic pool's periods. */
const PERIOD = 15;

let chain: DevChain;
let db: { url: string; drop(): Promise<void> };
let candidates: JsonServer;
let apiProc: ServiceProcess;
let workerProc: ServiceProcess;
let base: string;
let genesis: string;

const pair = (uri: string): KeyringPair => chain.keyring.addFromUri(uri);
const owner = () => pair('//Pools//Owner');
const issuer = () => pair('//Pools//Issuer');
const alice = () => pair('//Pools//A'); // account beneficiary, weight 1
const member = () => pair('//Pools//M'); // member of the role, weight 2
const late = () => pair('//Pools//C'); // account beneficiary that registers late
const claimer = () => pair('//Pools//S'); // static pool's beneficiary, weight 2
const idle = () => pair('//Pools//R'); // static pool's beneficiary that never registers
const stranger = () => pair('//Pools//X');
const expiring = () => pair('//Pools//E'); // beneficiary of the pool whose claims reach back 4 s

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const get = (path: string) => httpJson('GET', `${base}${path}`);
const signed = (p: KeyringPair, action: WalletAction, path: string, fields: Record<string, unknown>) =>
  httpJson('POST', `${base}${path}`, signedEnvelope(p, action, genesis, fields));
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function expectError(res: Promise<{ status: number; body: any }>, status: number, code?: string) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  if (code) expect(r.body.error.code).toBe(code);
  return r;
}

const freeOf = async (address: string) => (await chain.api.query.system.account(address)).data.free.toBigInt();
const assetOf = async (address: string) => {
  const entry = await chain.api.query.assets.account(ASSET_ID, address);
  return entry.isSome ? entry.unwrap().balance.toBigInt() : 0n;
};

async function details(name: string): Promise<any> {
  const res = await get(`/v1/spending-pools/${name}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function createPool(fields: Record<string, unknown>): Promise<any> {
  const res = await signed(owner(), 'pool.create', '/v1/spending-pools', fields);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function register(p: KeyringPair, pool: string): Promise<void> {
  const res = await signed(p, 'pool.register', `/v1/spending-pools/${pool}/registrations`, { pool });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** The pool's account once the worker created and endowed it. */
async function readyAccount(name: string): Promise<string> {
  return until(
    `pool ${name}'s account to be ready`,
    async () => {
      const d = await details(name);
      return d.accountStatus === 'ready' ? (d.account as string) : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
}

const balanceOf = (d: any, denom: string) => d.balances.find((b: any) => b.denom === denom);

/** Every token's books add up: deposited = paid + owed + held, to the planck. */
function expectBooksBalance(d: any): void {
  for (const b of d.balances)
    expect(BigInt(b.deposited), `${d.name} ${b.denom}`).toBe(BigInt(b.paid) + BigInt(b.owed) + BigInt(b.held));
}

/** The pool's account on chain holds what its books say (what was deposited and not paid, plus the endowment). */
async function expectChainMatchesBooks(d: any): Promise<void> {
  const ksm = balanceOf(d, 'KSM');
  if (ksm) expect(await freeOf(d.account)).toBe(BigInt(ksm.deposited) - BigInt(ksm.paid) + ED);
  const asset = balanceOf(d, ASSET);
  if (asset) expect(await assetOf(d.account)).toBe(BigInt(asset.deposited) - BigInt(asset.paid));
}

/** Sleeps until the wall clock has reached unix second `t` (a period boundary, a claim window's end). */
async function untilClock(t: number): Promise<void> {
  const ms = t * 1000 - Date.now();
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

beforeAll(async () => {
  chain = await startDevChain({ runtime: 'asset-hub', mode: 'Manual' });
  genesis = chain.api.genesisHash.toHex();
  db = await createTestDatabase('e2e_pools');
  candidates = await serveJson([]);

  await chain.fund(
    [pair(OPERATOR_SEED), owner(), issuer(), alice(), member(), late(), claimer(), idle(), stranger()].map(
      (p) => p.address,
    ),
    1_000,
  );
  const { api } = chain;
  const created = await chain.submit(
    api.tx.utility.batchAll([
      api.tx.assets.create(ASSET_ID, issuer().address, 1),
      api.tx.assets.setMetadata(ASSET_ID, 'Pools E2E Token', ASSET, 6),
      api.tx.assets.mint(ASSET_ID, issuer().address, 1_000_000_000_000n),
    ]),
    issuer(),
  );
  expect(created.error).toBeNull();

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = serviceEnv({
    label: 'e2e-pools',
    databaseUrl: db.url,
    chain,
    operatorSeed: OPERATOR_SEED,
    adminToken: ADMIN_TOKEN,
    candidatesUrl: candidates.url,
    port,
    overrides: {
      WATCH_INTERVAL_MS: '300',
      ERA_POLL_MS: '60000',
      POOLS_TICK_MS: '1000',
      GOVERNANCE_TICK_MS: '500',
      INDEX_INTERVAL_MS: '300',
    },
  });
  apiProc = startServiceProcess('api-main', env);
  workerProc = startServiceProcess('worker-main', env);
  await waitForHttp(base, apiProc);
  await waitForChainReady(base, apiProc);
  await waitForLog(workerProc, /workers started/);

  const put = async (path: string, body?: unknown) => {
    const res = await httpJson('PUT', `${base}/v1/admin${path}`, body, admin);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}\n${apiProc.output().slice(-3000)}`).toBeLessThan(300);
  };
  // The chain's own token is listed by the service itself the first time it meets the chain.
  const ksm = await until(
    'the native token to be listed',
    async () => {
      const res = await httpJson('GET', `${base}/v1/tokens/KSM`);
      return res.status === 200 ? (res.body as { token: unknown }).token : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  );
  expect(ksm).toEqual({ denom: 'KSM', kind: 'native', assetId: null, decimals: 12, rate: '1', staking: true });
  await put(`/tokens/${ASSET}`, { kind: 'asset', assetId: ASSET_ID, decimals: 6, rate: '1', staking: false });
  await put('/roles/pool-team');
  await put(`/roles/pool-team/members/${member().address}`);
}, 180_000);

afterAll(async () => {
  await apiProc?.kill();
  await workerProc?.kill();
  await candidates?.close();
  await chain?.close();
  await db?.drop();
});

describe('spending pools end to end on Kusama Asset Hub', () => {
  it('a dynamic pool pays what was deposited in a period out in the next, by weight, to those registered before it began', async () => {
    const created = await createPool({
      name: 'dyn',
      description: 'dynamic pool',
      dynamicRate: true,
      dynamicRatePeriod: PERIOD,
      beneficiaries: {
        accounts: [
          { address: alice().address, weight: '1' },
          { address: late().address, weight: '1' },
        ],
        roles: [{ name: 'pool-team', weight: '2' }],
      },
    });
    const claimStart = created.claimStart as number;
    expect(created.accountStatus).not.toBe('ready');
    await register(alice(), 'dyn');
    await register(member(), 'dyn');
    const account = await readyAccount('dyn');

    const ksmDeposit = 10n * KSM + 1n; // not a multiple of 3: some dust stays
    const assetDeposit = 1_000_000n;
    const { api } = chain;
    const before = {
      alice: { ksm: await freeOf(alice().address), asset: await assetOf(alice().address) },
      member: { ksm: await freeOf(member().address), asset: await assetOf(member().address) },
      late: { ksm: await freeOf(late().address), asset: await assetOf(late().address) },
    };
    const sent = await chain.submit(
      api.tx.utility.batchAll([
        api.tx.balances.transferKeepAlive(account, ksmDeposit),
        api.tx.assets.transfer(ASSET_ID, account, assetDeposit),
      ]),
      issuer(),
    );
    expect(sent.error).toBeNull();

    // The period the indexer booked the deposits into (by the service's clock).
    const booked = await until(
      'both deposits booked',
      async () => {
        const d = await details('dyn');
        const ok =
          balanceOf(d, 'KSM')?.deposited === ksmDeposit.toString() &&
          balanceOf(d, ASSET)?.deposited === assetDeposit.toString();
        return ok ? d : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const cp = booked.currentPeriod;
    const k: number =
      cp.deposits.KSM === ksmDeposit.toString() && cp.deposits[ASSET] === assetDeposit.toString()
        ? cp.index
        : cp.index - 1;
    expect(k).toBeGreaterThanOrEqual(0);
    expectBooksBalance(booked);

    // C registers once period k+1 began: it shares in none of what was deposited in period k.
    const next = claimStart + (k + 1) * PERIOD;
    await untilClock(next + 1);
    await register(late(), 'dyn');

    // Period k+1 is settled at its end (the boundary of k+2) and paid by the next batch.
    await untilClock(claimStart + (k + 2) * PERIOD);
    const settled = await until(
      'period k+1 settled and paid',
      async () => {
        const d = await details('dyn');
        const ksm = balanceOf(d, 'KSM');
        const asset = balanceOf(d, ASSET);
        return BigInt(ksm.paid) > 0n && ksm.owed === '0' && BigInt(asset.paid) > 0n && asset.owed === '0'
          ? d
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    expectBooksBalance(settled);

    const got = {
      alice: {
        ksm: (await freeOf(alice().address)) - before.alice.ksm,
        asset: (await assetOf(alice().address)) - before.alice.asset,
      },
      member: {
        ksm: (await freeOf(member().address)) - before.member.ksm,
        asset: (await assetOf(member().address)) - before.member.asset,
      },
    };
    for (const denom of ['ksm', 'asset'] as const) {
      const deposit = denom === 'ksm' ? ksmDeposit : assetDeposit;
      expect(got.alice[denom], denom).toBeGreaterThan(0n);
      const diff = got.member[denom] - 2n * got.alice[denom];
      expect(diff >= -1n && diff <= 1n, `${denom}: ${got.member[denom]} vs 2 × ${got.alice[denom]}`).toBe(true);
      // Everything deposited is paid but dust (a planck or two lost to rounding per beneficiary).
      const paid = got.alice[denom] + got.member[denom];
      expect(paid <= deposit && deposit - paid <= 3n, `${denom}: paid ${paid} of ${deposit}`).toBe(true);
      const book = balanceOf(settled, denom === 'ksm' ? 'KSM' : ASSET);
      expect(BigInt(book.paid)).toBe(paid);
      expect(BigInt(book.held)).toBe(deposit - paid);
    }
    expect(await freeOf(late().address)).toBe(before.late.ksm);
    expect(await assetOf(late().address)).toBe(before.late.asset);
    expect(settled.claims.filter((l: any) => l.address === late().address)).toEqual([]);
    await expectChainMatchesBooks(settled);
    // The worker's reconciliation agrees with the chain.
    await until(
      "the worker's reconciliation to agree",
      async () => {
        const d = await details('dyn');
        return d.balances.every((b: any) => b.chain?.difference === '0' && b.paid === balanceOf(settled, b.denom).paid)
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
  });

  it('a static pool pays a claim rate × weight × elapsed, on chain, within its claim window', async () => {
    const claimStart = nowSeconds() + 5;
    const claimEnd = claimStart + 10;
    await createPool({
      name: 'static',
      tokenRates: [{ denom: 'KSM', rate: '1000000' }],
      claimStart,
      claimEnd,
      beneficiaries: {
        accounts: [
          { address: claimer().address, weight: '2' },
          { address: idle().address, weight: '1' },
        ],
      },
    });
    await register(claimer(), 'static');
    const claim = (p: KeyringPair) => signed(p, 'pool.claim', '/v1/spending-pools/static/claims', { pool: 'static' });
    expect(nowSeconds()).toBeLessThan(claimStart);
    await expectError(claim(claimer()), 422, 'NOTHING_TO_CLAIM');

    const account = await readyAccount('static');
    const deposit = 1n * KSM;
    expect((await chain.submit(chain.api.tx.balances.transferKeepAlive(account, deposit), issuer())).error).toBeNull();
    await until(
      'the deposit booked',
      async () => (balanceOf(await details('static'), 'KSM')?.deposited === deposit.toString() ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 200 },
    );

    await untilClock(claimEnd + 1);
    const before = await freeOf(claimer().address);
    const res = await claim(claimer());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.lines).toHaveLength(1);
    const line = res.body.lines[0];
    expect(line).toMatchObject({
      address: claimer().address,
      denom: 'KSM',
      accruedFrom: claimStart,
      accruedTo: claimEnd,
    });
    expect(BigInt(line.amount)).toBe(1_000_000n * 2n * BigInt(line.accruedTo - line.accruedFrom));
    // Claimed to the end already: nothing more.
    await expectError(claim(claimer()), 422, 'NOTHING_TO_CLAIM');

    const paid = await until(
      'the claim paid on chain',
      async () => {
        const d = await details('static');
        return balanceOf(d, 'KSM').owed === '0' && balanceOf(d, 'KSM').paid === line.amount ? d : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    expect((await freeOf(claimer().address)) - before).toBe(BigInt(line.amount));
    expectBooksBalance(paid);
    await expectChainMatchesBooks(paid);
  });

  it("claimExpire caps how far back a static pool's claim reaches", async () => {
    await createPool({
      name: 'expiring',
      tokenRates: [{ denom: 'KSM', rate: '1000000' }],
      claimExpire: 4,
      beneficiaries: { accounts: [{ address: expiring().address }] },
    });
    await register(expiring(), 'expiring');
    const registeredAt = nowSeconds();
    const account = await readyAccount('expiring');
    expect((await chain.submit(chain.api.tx.balances.transferKeepAlive(account, KSM), issuer())).error).toBeNull();
    await until(
      'the deposit booked',
      async () => (balanceOf(await details('expiring'), 'KSM')?.deposited === KSM.toString() ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    await untilClock(registeredAt + 8);
    const res = await signed(expiring(), 'pool.claim', '/v1/spending-pools/expiring/claims', { pool: 'expiring' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [line] = res.body.lines;
    // Registered 8 s or more ago, but the claim reaches back 4 s only (weight 1 by default).
    expect(line.accruedTo - line.accruedFrom).toBe(4);
    expect(line.accruedFrom).toBeGreaterThan(registeredAt + 1);
    expect(BigInt(line.amount)).toBe(1_000_000n * 4n);
  });

  it('owners govern their pool: a non-owner cannot propose, a passed update is enacted, an unvoted one is rejected', async () => {
    await createPool({
      name: 'gov',
      tokenRates: [{ denom: 'KSM', rate: '1' }],
      votePeriod: 2,
      voteEnactment: 2,
    });
    const propose = (p: KeyringPair, proposal: Record<string, unknown>) =>
      signed(p, 'pool.propose', '/v1/spending-pools/gov/proposals', { pool: 'gov', proposal });
    await expectError(propose(stranger(), { kind: 'update', changes: { description: 'y' } }), 403, 'NOT_OWNER');

    const made = await propose(owner(), { kind: 'update', changes: { description: 'x' } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.proposal.id as string;
    const vote = await signed(owner(), 'proposal.vote', `/v1/proposals/${id}/votes`, { proposal: id, vote: 'yes' });
    expect(vote.status, JSON.stringify(vote.body)).toBeLessThan(300);

    const unvoted = await propose(owner(), { kind: 'update', changes: { description: 'never' } });
    expect(unvoted.status, JSON.stringify(unvoted.body)).toBe(201);
    const uid = unvoted.body.proposal.id as string;
    await expectError(
      signed(stranger(), 'proposal.vote', `/v1/proposals/${uid}/votes`, { proposal: uid, vote: 'yes' }),
      403,
      'NOT_OWNER',
    );

    await until('the update enacted', async () => ((await details('gov')).description === 'x' ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    expect((await get(`/v1/proposals/${id}`)).body.proposal.status).toBe('enacted');
    const rejected = await until(
      'the unvoted proposal rejected',
      async () => {
        const p = (await get(`/v1/proposals/${unvoted.body.proposal.id}`)).body.proposal;
        return p.status === 'voting' ? undefined : p;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(rejected.status).toBe('rejected');
    expect((await details('gov')).description).toBe('x');
  });

  it('bad requests get their status and code, and change nothing', async () => {
    const prisma = createPrismaClient(db.url);
    const counts = async () => ({
      pools: await prisma.spendingPool.count(),
      registrations: await prisma.poolRegistration.count(),
      nonces: await prisma.usedNonce.count(),
      claims: await prisma.poolPayoutLine.count({ where: { kind: 'claim' } }),
      proposals: await prisma.proposal.count(),
    });
    try {
      const before = await counts();
      const create = (fields: Record<string, unknown>) =>
        signed(owner(), 'pool.create', '/v1/spending-pools', { tokenRates: [{ denom: 'KSM', rate: '1' }], ...fields });
      await expectError(create({ name: 'dyn' }), 409, 'NAME_TAKEN');
      await expectError(
        signed(late(), 'pool.register', '/v1/spending-pools/dyn/registrations', { pool: 'static' }),
        400,
        'RESOURCE_MISMATCH',
      );
      await expectError(
        signed(alice(), 'pool.register', '/v1/spending-pools/nope/registrations', { pool: 'nope' }),
        404,
        'POOL_NOT_FOUND',
      );
      await expectError(
        signed(stranger(), 'pool.register', '/v1/spending-pools/dyn/registrations', { pool: 'dyn' }),
        403,
        'NOT_BENEFICIARY',
      );
      await expectError(
        signed(idle(), 'pool.claim', '/v1/spending-pools/static/claims', { pool: 'static' }),
        422,
        'NOT_REGISTERED',
      );
      for (const weight of ['0', '-1'])
        await expectError(
          create({ name: 'bad-weight', beneficiaries: { accounts: [{ address: alice().address, weight }] } }),
          400,
        );
      for (const rate of ['abc', '-1', '1.2.3'])
        await expectError(create({ name: 'bad-rate', tokenRates: [{ denom: 'KSM', rate }] }), 400);
      // Planck amounts: negative, fractional, above u128.
      for (const amount of ['-1', '1.5', (2n ** 128n).toString()])
        await expectError(
          signed(owner(), 'pool.propose', '/v1/spending-pools/gov/proposals', {
            pool: 'gov',
            proposal: { kind: 'pay', payments: [{ address: alice().address, denom: 'KSM', amount }] },
          }),
          400,
          'AMOUNT_INVALID',
        );
      await expectError(
        signed(owner(), 'pool.propose', '/v1/spending-pools/gov/proposals', {
          pool: 'static',
          proposal: { kind: 'distribute' },
        }),
        400,
        'RESOURCE_MISMATCH',
      );
      expect(await counts()).toEqual(before);
    } finally {
      await prisma.$disconnect();
    }
  });
});
