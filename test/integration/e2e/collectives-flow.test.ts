/**
 * Staking Collectives end to end with the service's real processes (API and worker), real
 * PostgreSQL and Redis, and a local chain executing the real Kusama Asset Hub runtime: delegators
 * nominated by NDeST commit stake to a collective, the worker creates its pure proxy account and
 * points their reward destinations at it through their Staking proxies, the service's payouts pay
 * the era's rewards to it, the indexer books them (the uncommitted share goes back to the stash,
 * the donations stay with the collective), claims distribute them to two spending pools by share,
 * and the pools pay their beneficiaries; the books balance to the planck at every step and agree
 * with the chain. Then: owners send donations by proposal, a rate change drops the status, a
 * collective under the minimum at the end of its bonding window is removed and its contributors'
 * destinations restored, and a withdrawal below the minimum raises a removal that releases everyone.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceEra, setValidatorCount } from '../../support/chain-era.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';
import { httpJson } from '../../support/http-json.js';
import { serveJson, type JsonServer } from '../../support/json-server.js';
import { fundAndBond, joinAndRunRound, serviceEnv } from '../../support/service-scenario.js';
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
import { signedEnvelope } from '../../support/wallet.js';
import type { WalletAction } from '../../../src/domain/wallet/signed-request.js';

const ADMIN_TOKEN = 'e2e-collectives-admin-token-0123';
const OPERATOR_SEED = '//NDeST//e2e-collectives-operator';
/** Kusama Asset Hub's existential deposit: what the operator endows each collective and pool account with. */
const ED = 3_333_333n;
/** Seconds of the pools' dynamic periods. */
const PERIOD = 10;
const ASSET_ID = 4_344;
const ASSET = 'CTST';

let chain: DevChain;
let db: TestDatabase;
let candidates: JsonServer;
let apiProc: ServiceProcess;
let workerProc: ServiceProcess;
let base: string;
let genesis: string;

const pair = (uri: string): KeyringPair => chain.keyring.addFromUri(uri);
const validatorUris = ['//Coll//W1', '//Coll//W2', '//Coll//W3'];
const validators = () => validatorUris.map((u) => pair(u).address);
const creator = () => pair('//Coll//D1'); // creates "commons", commits all its bond
const partner = () => pair('//Coll//D2'); // commits 60 of its 100 KSM, donates 10%
const doomedCreator = () => pair('//Coll//D3'); // creates a collective that never reaches the minimum
const doomedPartner = () => pair('//Coll//D4');
const coOwner = () => pair('//Coll//Owner2'); // listed owner of "commons"
const poolOwner = () => pair('//Coll//PoolOwner');
const benA = () => pair('//Coll//BenA'); // beneficiary of pool "grants"
const benB = () => pair('//Coll//BenB'); // beneficiary of pool "research"
const charity = () => pair('//Coll//Charity'); // receives donations by proposal
const outsider = () => pair('//Coll//Outsider');

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const get = (path: string) => httpJson('GET', `${base}${path}`);
const signed = (p: KeyringPair, action: WalletAction, path: string, fields: Record<string, unknown>) =>
  httpJson('POST', `${base}${path}`, signedEnvelope(p, action, genesis, fields));
const put = async (path: string, body?: unknown) => {
  const res = await httpJson('PUT', `${base}/v1/admin${path}`, body, admin);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res;
};

const freeOf = async (address: string) => (await chain.api.query.system.account(address)).data.free.toBigInt();
/** A stash's reward destination on chain: `Account:<hex public key>`, or the variant's name. */
const payeeOf = async (stash: string): Promise<string> => {
  const payee = await chain.api.query.staking.payee(stash);
  const dest = (payee as any).isSome ? (payee as any).unwrap() : payee;
  return dest.isAccount ? `Account:${u8aToHex(decodeAddress(dest.asAccount.toString()))}` : String(dest.type);
};
const accountPayee = (address: string) => `Account:${u8aToHex(decodeAddress(address))}`;

async function expectError(res: Promise<{ status: number; body: any }>, status: number, code: string) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error.code).toBe(code);
  return r;
}

async function collective(name: string): Promise<any> {
  const res = await get(`/v1/collectives/${name}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.collective ?? res.body;
}

async function pool(name: string): Promise<any> {
  const res = await get(`/v1/spending-pools/${name}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** One token's books of a collective, as numbers to add up. */
function booksOf(d: any, denom = 'KSM') {
  const b = (d.books ?? d.balances ?? []).find((x: any) => x.denom === denom);
  if (!b) return null;
  const n = (k: string) => BigInt(b[k] ?? '0');
  return {
    received: n('received'),
    distributed: n('distributed'),
    toPools: n('toPools'),
    donationsSent: n('donationsSent'),
    donationsHeld: n('donationsHeld'),
    awaiting: n('awaiting'),
    returned: n('returned'),
    paidOut: b.paidOut === undefined ? null : BigInt(b.paidOut),
    chainDifference: b.chain?.difference ?? null,
  };
}

/** received = distributed + donations held + awaiting + returned, to the planck. */
function expectBooksBalance(d: any): void {
  const b = booksOf(d);
  if (!b) return;
  expect(b.received, `${d.name}: ${JSON.stringify(d.books ?? d.balances)}`).toBe(
    b.distributed + b.donationsHeld + b.awaiting + b.returned,
  );
  expect(b.distributed).toBe(b.toPools + b.donationsSent);
}

/** The collective once nothing it owes is on its way: its account on chain holds what its books say. */
async function settledCollective(name: string, check: (d: any) => boolean = () => true): Promise<any> {
  return until(
    `${name}: every transfer settled and the books agreeing with the chain`,
    async () => {
      const d = await collective(name);
      expectBooksBalance(d);
      const b = booksOf(d);
      if (!b || !d.account || !check(d)) return undefined;
      const pending = (d.transfers ?? []).some((t: any) => ['owed', 'planned', 'sent'].includes(t.status));
      if (pending || b.chainDifference !== '0') return undefined;
      return d;
    },
    { timeoutMs: 90_000, intervalMs: 300 },
  );
}

async function createPool(name: string, beneficiary: KeyringPair): Promise<string> {
  const res = await signed(poolOwner(), 'pool.create', '/v1/spending-pools', {
    name,
    dynamicRate: true,
    dynamicRatePeriod: PERIOD,
    beneficiaries: { accounts: [{ address: beneficiary.address, weight: '1' }], roles: [] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const reg = await signed(beneficiary, 'pool.register', `/v1/spending-pools/${name}/registrations`, { pool: name });
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  return until(
    `pool ${name}'s account`,
    async () => {
      const d = await pool(name);
      return d.accountStatus === 'ready' ? (d.account as string) : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
}

const commonsSettings = () => ({
  description: 'rewards of committed stake for grants and research',
  depositWhitelist: { any: false, roles: [], accounts: [partner().address] },
  ownersWhitelist: { roles: [], accounts: [coOwner().address] },
  spendingPools: [
    { name: 'grants', share: '0.7' },
    { name: 'research', share: '0.3' },
  ],
  claimPeriod: 1,
  votePeriod: 3,
  voteEnactment: 1,
});

beforeAll(async () => {
  chain = await startDevChain({ runtime: 'asset-hub', mode: 'Manual' });
  genesis = chain.api.genesisHash.toHex();
  db = await createTestDatabase('e2e_collectives');
  for (const uri of validatorUris) await chain.createValidator(pair(uri), { commission: 0, blocked: false });
  await advanceEra(chain);
  await setValidatorCount(chain, 11);
  candidates = await serveJson(validators());
  await chain.fund(
    [pair(OPERATOR_SEED), coOwner(), poolOwner(), benA(), benB(), outsider()].map((p) => p.address),
    1_000,
  );
  await fundAndBond(chain, [creator(), partner(), doomedCreator(), doomedPartner()], 1_000, 100n);
  const { api } = chain;
  const created = await chain.submit(
    api.tx.utility.batchAll([
      api.tx.assets.create(ASSET_ID, outsider().address, 1),
      api.tx.assets.setMetadata(ASSET_ID, 'Collectives E2E Token', ASSET, 6),
    ]),
    outsider(),
  );
  expect(created.error).toBeNull();

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = serviceEnv({
    label: 'e2e-collectives',
    databaseUrl: db.url,
    chain,
    operatorSeed: OPERATOR_SEED,
    adminToken: ADMIN_TOKEN,
    candidatesUrl: candidates.url,
    port,
    overrides: {
      WATCH_INTERVAL_MS: '600000',
      ERA_POLL_MS: '300',
      INDEX_INTERVAL_MS: '200',
      PAYOUT_INTERVAL_MS: '600000',
      POOLS_TICK_MS: '1000',
      COLLECTIVES_TICK_MS: '500',
      GOVERNANCE_TICK_MS: '500',
    },
  });
  apiProc = startServiceProcess('api-main', env);
  workerProc = startServiceProcess('worker-main', env);
  await waitForHttp(base, apiProc);
  await waitForChainReady(base, apiProc);
  await waitForLog(workerProc, /first active era seen/);
  await until(
    'the native token to be listed',
    async () => ((await get('/v1/tokens/KSM')).status === 200 ? true : undefined),
    { timeoutMs: 30_000, intervalMs: 200 },
  );
  await put(`/tokens/${ASSET}`, { kind: 'asset', assetId: ASSET_ID, decimals: 6, rate: '1', staking: false });
  // 150 KSM (KSM's rate is 1 base unit per KSM): the creator commits at least 15.
  await put('/network-properties', { minCollectiveBond: '150', minCollectiveClaimPeriod: 1 });
}, 240_000);

afterAll(async () => {
  await apiProc?.kill();
  await workerProc?.kill();
  await candidates?.close();
  await chain?.close();
  await db?.drop();
});

describe('staking collectives end to end on Kusama Asset Hub', () => {
  it('routes the rewards of stake nominated by NDeST to two pools by share, minus donations, and the pools pay their beneficiaries', async () => {
    const [d1, d2] = [creator(), partner()];
    await joinAndRunRound(chain, base, ADMIN_TOKEN, [d1, d2, doomedCreator(), doomedPartner()]);
    const grants = await createPool('grants', benA());
    const research = await createPool('research', benB());

    // Only staking tokens bond; the creator must commit 10% of the minimum.
    await expectError(
      signed(d1, 'collective.create', '/v1/collectives', {
        ...commonsSettings(),
        name: 'commons',
        bonds: [{ denom: ASSET, amount: '1000000' }],
      }),
      422,
      'TOKEN_NOT_STAKING',
    );
    await expectError(
      signed(d1, 'collective.create', '/v1/collectives', {
        ...commonsSettings(),
        name: 'commons',
        bonds: [{ denom: 'KSM', amount: (14n * KSM).toString() }],
      }),
      422,
      'BOND_BELOW_MINIMUM',
    );
    const res = await signed(d1, 'collective.create', '/v1/collectives', {
      ...commonsSettings(),
      name: 'commons',
      bonds: [{ denom: 'KSM', amount: (100n * KSM).toString() }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // A name in use is refused.
    await expectError(
      signed(d2, 'collective.create', '/v1/collectives', {
        ...commonsSettings(),
        name: 'commons',
        bonds: [{ denom: 'KSM', amount: (20n * KSM).toString() }],
      }),
      409,
      'NAME_TAKEN',
    );
    // Others have no minimum: 60 of the partner's 100 KSM; an outsider is not whitelisted.
    await expectError(
      signed(outsider(), 'collective.contribute', '/v1/collectives/commons/contributions', {
        collective: 'commons',
        bonds: [{ denom: 'KSM', amount: '1' }],
      }),
      403,
      'NOT_WHITELISTED',
    );
    const joined = await signed(d2, 'collective.contribute', '/v1/collectives/commons/contributions', {
      collective: 'commons',
      bonds: [{ denom: 'KSM', amount: (60n * KSM).toString() }],
    });
    expect(joined.status, JSON.stringify(joined.body)).toBeLessThan(300);
    const locking = Math.floor(Date.now() / 1000) + 3_600;
    const donated = await signed(d2, 'collective.donate', '/v1/collectives/commons/donation', {
      collective: 'commons',
      locking,
      donation: '0.1',
      donationLock: true,
    });
    expect(donated.status, JSON.stringify(donated.body)).toBe(200);
    expect((await collective('commons')).status).toBe('active');

    // The worker creates the account and points both stashes' rewards at it, through their proxies.
    const account = await until(
      'the collective account and both reward destinations',
      async () => {
        const d = await collective('commons');
        if (!d.account) return undefined;
        const both = [await payeeOf(d1.address), await payeeOf(d2.address)];
        return both.every((p) => p === accountPayee(d.account)) ? (d.account as string) : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 300 },
    );
    expect(await freeOf(account)).toBe(ED);
    const partnerBefore = await freeOf(d2.address);
    const poolsBefore = { grants: await freeOf(grants), research: await freeOf(research) };
    const beneficiariesBefore = { grants: await freeOf(benA().address), research: await freeOf(benB().address) };

    // Two eras: the first elects the nominated validators with the delegators' stake, the second
    // ends it; the service pays its rewards, to the collective's account.
    await advanceEra(chain);
    await advanceEra(chain);
    const rewards = await until(
      'both stashes rewarded and booked',
      async () => {
        const d = await collective('commons');
        const rows = d.bookedRewards ?? [];
        const stashes = new Set(rows.map((r: any) => r.stash));
        return stashes.has(d1.address) && stashes.has(d2.address) ? rows : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    // Each booked reward is the chain's: the stash's reward record says it went to the account.
    for (const r of rewards) {
      expect(BigInt(r.amount)).toBe(BigInt(r.returned) + BigInt(r.donation) + BigInt(r.forPools));
      if (r.stash === d1.address) {
        expect(BigInt(r.returned)).toBe(0n);
        expect(BigInt(r.donation)).toBe(0n);
      } else {
        const committed = (BigInt(r.amount) * 60n) / 100n;
        expect(BigInt(r.returned)).toBe(BigInt(r.amount) - committed);
        expect(BigInt(r.donation)).toBe(committed / 10n);
      }
      const own = (await get(`/v1/delegations/${r.stash}/rewards`)).body.rewards;
      expect(own.some((x: any) => x.amount === r.amount)).toBe(true);
    }

    // Claimed every claim period: what awaited went to the pools, 70% and 30%; the returns went back.
    const settled = await settledCollective('commons', (d) => {
      const b = booksOf(d)!;
      return b.received > 0n && b.toPools > 0n && b.awaiting < 2n;
    });
    const books = booksOf(settled)!;
    const sum = (k: 'returned' | 'donation' | 'forPools') =>
      rewards.reduce((s: bigint, r: any) => s + BigInt(r[k]), 0n);
    expect(books.received).toBe(sum('returned') + sum('donation') + sum('forPools'));
    expect(books.returned).toBe(sum('returned'));
    expect(books.donationsHeld).toBe(sum('donation'));
    expect(await freeOf(account)).toBe(ED + books.received - books.returned - books.toPools);
    expect((await freeOf(d2.address)) - partnerBefore).toBe(books.returned);
    const toGrants = (await freeOf(grants)) - poolsBefore.grants;
    const toResearch = (await freeOf(research)) - poolsBefore.research;
    expect(toGrants + toResearch).toBe(books.toPools);
    const ratio = (toGrants * 1_000n) / books.toPools;
    expect(ratio >= 699n && ratio <= 700n, `grants got ${toGrants} of ${books.toPools}`).toBe(true);
    expect(settled.lastDistro).toBeGreaterThan(0);

    // The pools book the transfers as deposits and pay their beneficiaries in the next period.
    for (const [name, ben, got] of [
      ['grants', benA(), toGrants],
      ['research', benB(), toResearch],
    ] as const) {
      const before = beneficiariesBefore[name];
      const paid = await until(
        `${name} paying its beneficiary`,
        async () => {
          const d = await pool(name);
          const ksm = d.balances.find((b: any) => b.denom === 'KSM');
          return ksm && BigInt(ksm.deposited) === got && BigInt(ksm.paid) > 0n && ksm.owed === '0' ? ksm : undefined;
        },
        { timeoutMs: 4 * PERIOD * 1000 + 30_000, intervalMs: 500 },
      );
      expect((await freeOf(ben.address)) - before).toBe(BigInt(paid.paid));
      expect(BigInt(paid.deposited)).toBe(BigInt(paid.paid) + BigInt(paid.owed) + BigInt(paid.held));
    }
  }, 600_000);

  it('lets only owners propose and vote, and sends donations to any address by proposal', async () => {
    const before = booksOf(await collective('commons'))!;
    expect(before.donationsHeld).toBeGreaterThan(0n);
    const amount = before.donationsHeld;
    const proposal = {
      kind: 'send-donation',
      transfers: [{ address: charity().address, denom: 'KSM', amount: amount.toString() }],
    };
    await expectError(
      signed(partner(), 'collective.propose', '/v1/collectives/commons/proposals', { collective: 'commons', proposal }),
      403,
      'NOT_OWNER',
    );
    const raised = await signed(coOwner(), 'collective.propose', '/v1/collectives/commons/proposals', {
      collective: 'commons',
      proposal,
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const id = (raised.body.proposal ?? raised.body).id as string;
    await expectError(
      signed(partner(), 'proposal.vote', `/v1/proposals/${id}/votes`, { proposal: id, vote: 'yes' }),
      403,
      'NOT_OWNER',
    );
    for (const owner of [creator(), coOwner()]) {
      const v = await signed(owner, 'proposal.vote', `/v1/proposals/${id}/votes`, { proposal: id, vote: 'yes' });
      expect(v.status, JSON.stringify(v.body)).toBeLessThan(300);
    }
    const enacted = await until(
      'the donation proposal enacted',
      async () => {
        const p = (await get(`/v1/proposals/${id}`)).body;
        const body = p.proposal ?? p;
        return ['enacted', 'failed', 'rejected'].includes(body.status) ? body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    expect(enacted.status, enacted.reason).toBe('enacted');
    const charityBefore = 0n;
    await until(
      'the donation paid',
      async () => ((await freeOf(charity().address)) - charityBefore === amount ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    const after = await settledCollective('commons');
    expect(booksOf(after)!.donationsSent).toBe(amount);
    expect((await get(`/v1/proposals?collective=commons`)).body.proposals.map((p: any) => p.id)).toContain(id);
  }, 120_000);

  it('falls to inactive when the staking token is valued lower, and back', async () => {
    await put('/tokens/KSM', { kind: 'native', decimals: 12, rate: '0.5', staking: true });
    expect((await collective('commons')).status).toBe('inactive');
    await put('/tokens/KSM', { kind: 'native', decimals: 12, rate: '1', staking: true });
    expect((await collective('commons')).status).toBe('active');
  });

  it('removes a collective still under the minimum at the end of its bonding window, never active, after seeing a breach within its block, and restores its contributors', async () => {
    // Long enough for its account, a pool's transfer queued before it and the two destinations (an
    // operator batch each, 7-10 s apiece on a busy Chopsticks) before the window ends.
    await put('/network-properties', { minCollectiveBondingTime: 80 });
    const [d3, d4] = [doomedCreator(), doomedPartner()];
    const payees = { d3: await payeeOf(d3.address), d4: await payeeOf(d4.address) };
    const res = await signed(d3, 'collective.create', '/v1/collectives', {
      ...commonsSettings(),
      name: 'doomed',
      depositWhitelist: { any: true, roles: [], accounts: [] },
      ownersWhitelist: { roles: [], accounts: [] },
      bonds: [{ denom: 'KSM', amount: (20n * KSM).toString() }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const c = await signed(d4, 'collective.contribute', '/v1/collectives/doomed/contributions', {
      collective: 'doomed',
      bonds: [{ denom: 'KSM', amount: (30n * KSM).toString() }],
    });
    expect(c.status, JSON.stringify(c.body)).toBeLessThan(300);
    await until(
      "the doomed collective's destinations set",
      async () => {
        const d = await collective('doomed');
        if (!d.account) return undefined;
        const target = accountPayee(d.account);
        return (await payeeOf(d3.address)) === target && (await payeeOf(d4.address)) === target ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    expect((await collective('doomed')).status).toBe('inactive');

    // D4 unbonds below its commitment on chain (its bond grew by the rewards it restaked): the
    // indexer sees it within the block, publicly.
    const ledger = (await chain.api.query.staking.ledger(d4.address)) as any;
    const active = BigInt(ledger.unwrap().active.toString());
    expect(active).toBeGreaterThan(30n * KSM);
    const unbond = await chain.submit(chain.api.tx.staking.unbond(active - 10n * KSM), d4);
    expect(unbond.error).toBeNull();
    const breached = await until(
      "D4's breach recorded",
      async () => {
        const d = await collective('doomed');
        return d.breaches.some((b: any) => b.address === d4.address) ? d : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    const breach = breached.breaches.find((b: any) => b.address === d4.address);
    expect(breach).toMatchObject({ kind: 'unbonded', block: { number: unbond.blockNumber } });
    expect(breached.contributors.find((x: any) => x.address === d4.address).status).toBe('breached');
    expect(breached.status).toBe('inactive');

    const removed = await until(
      'the doomed collective removed',
      async () => {
        const d = await collective('doomed');
        return d.status === 'removed' ? d : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    expect(removed.removed?.reason ?? removed.removedReason).toMatch(/bonding window/);
    expect(removed.contributors.map((x: any) => [x.address, x.status])).toEqual([
      [d3.address, 'released'],
      [d4.address, 'breached'],
    ]);
    // The breached stash still delegates: its destination went home too.
    await until(
      'both reward destinations restored',
      async () =>
        (await payeeOf(d3.address)) === payees.d3 && (await payeeOf(d4.address)) === payees.d4 ? true : undefined,
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    // Its name stays taken and its record readable.
    await expectError(
      signed(d3, 'collective.create', '/v1/collectives', {
        ...commonsSettings(),
        name: 'doomed',
        bonds: [{ denom: 'KSM', amount: (20n * KSM).toString() }],
      }),
      409,
      'NAME_TAKEN',
    );
  }, 300_000);

  it('refuses a locked withdrawal, turns one below the minimum into a removal, and releases everyone with a final distribution', async () => {
    const [d1, d2] = [creator(), partner()];
    await expectError(
      signed(d2, 'collective.withdraw', '/v1/collectives/commons/withdrawal', { collective: 'commons' }),
      409,
      'LOCKED',
    );
    const refused = await expectError(
      signed(d1, 'collective.withdraw', '/v1/collectives/commons/withdrawal', { collective: 'commons' }),
      409,
      'WITHDRAWAL_BELOW_MINIMUM',
    );
    const id = refused.body.error.details.proposalId as string;
    expect((await get(`/v1/proposals/${id}`)).status).toBe(200);
    const removed = await until(
      'commons removed by the automatic proposal',
      async () => {
        const d = await collective('commons');
        return d.status === 'removed' ? d : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    expect(removed.contributors.every((x: any) => x.status === 'released')).toBe(true);
    // Both stashes, the locked one too, get their own reward destination back (Staked).
    await until(
      'reward destinations restored',
      async () =>
        (await payeeOf(d1.address)) === 'Staked' && (await payeeOf(d2.address)) === 'Staked' ? true : undefined,
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    const final = await settledCollective('commons');
    const b = booksOf(final)!;
    expect(b.donationsHeld).toBe(0n);
    expect(b.awaiting < 2n).toBe(true);
    expect(final.distributions?.[0]?.kind ?? 'final').toBe('final');
  }, 180_000);
});
