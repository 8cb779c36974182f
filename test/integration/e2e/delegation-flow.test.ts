/**
 * End to end with the service's real processes (API and worker), real PostgreSQL and Redis, and
 * a local chain executing the real Kusama Asset Hub runtime (staking-async): wallets opt in, sign
 * the setup call data, get nominated by a round, and the service notices proxies removed, manual
 * nominations and opt-outs.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { encodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type Context } from '../../../src/main/context.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { runRound } from '../../../src/domain/rounds/run-round.use-case.js';
import { startRound } from '../../../src/domain/rounds/start-round.use-case.js';
import { systemClock } from '../../../src/infra/system-clock.js';
import { advanceEra, electedValidators } from '../../support/chain-era.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';
import { httpJson } from '../../support/http-json.js';
import { serveJson, type JsonServer } from '../../support/json-server.js';
import { createTestDatabase, testRedisUrl, uniquePrefix } from '../../support/test-env.js';
import {
  freePort,
  startServiceProcess,
  until,
  waitForChainReady,
  waitForHttp,
  waitForLog,
  type ServiceProcess,
} from '../../support/service-processes.js';
import { signedEnvelope, signPayload } from '../../support/wallet.js';
import { optInThroughApi } from '../../support/wallet-opt-in.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const OPERATOR_SEED = '//NDeST//e2e-operator';
const PERCENT = 10_000_000; // Perbill per percent

let chain: DevChain;
let db: { url: string; drop(): Promise<void> };
let candidatesServer: JsonServer;
let env: Record<string, string>;
let apiProc: ServiceProcess;
let workerProc: ServiceProcess;
let base: string;
let genesis: string;
/** Two validators of the genesis that the active era elected. */
let activeValidators: [string, string];

const pair = (uri: string): KeyringPair => chain.keyring.addFromUri(uri);
const aliceStash = () => activeValidators[0];
const bobStash = () => activeValidators[1];
// Five eligible waiting validators, one charging too much, one blocked, one the programme calls invalid.
const eligibleUris = ['//E2E//W1', '//E2E//W2', '//E2E//W3', '//E2E//W4', '//E2E//W5'];
const eligible = () => eligibleUris.map((u) => pair(u).address);
const stashes = () => ['//E2E//N1', '//E2E//N2', '//E2E//N3', '//E2E//N4', '//E2E//N5', '//E2E//N6'].map(pair);
const lateStashes = () => ['//E2E//N7', '//E2E//N8', '//E2E//N9'].map(pair);

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const get = (path: string) => httpJson('GET', `${base}${path}`);

async function chainTargets(stash: string): Promise<string[]> {
  const n = (await chain.api.query.staking.nominators(stash)).toJSON() as { targets: string[] } | null;
  return (n?.targets ?? []).map((t) => encodeAddress(t, 2));
}

async function waitForStatus(stash: string, status: string): Promise<void> {
  await until(`${stash} to be ${status}`, async () => {
    const res = await get(`/v1/delegations/${stash}`);
    return res.body?.delegation?.status === status ? true : undefined;
  });
}

const optInAndSetUp = (p: KeyringPair) => optInThroughApi(chain, base, p);

async function runAdminRound(dryRun = false): Promise<any> {
  const started = await httpJson('POST', `${base}/v1/admin/rounds`, { dryRun }, admin);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const id = started.body.round.id as string;
  return until(
    `round ${id} to finish`,
    async () => {
      const res = await get(`/v1/rounds/${id}`);
      return ['completed', 'skipped'].includes(res.body?.round?.status) ? res.body : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 200 },
  );
}

function startWorker(): ServiceProcess {
  return startServiceProcess('worker-main', env);
}

beforeAll(async () => {
  chain = await startDevChain({ mode: 'Manual' });
  genesis = chain.api.genesisHash.toHex();
  db = await createTestDatabase('e2e_flow');

  const validators: [string, { commission: number; blocked: boolean }][] = [
    ...eligibleUris.map(
      (u) => [u, { commission: 5 * PERCENT, blocked: false }] as [string, { commission: number; blocked: boolean }],
    ),
    ['//E2E//WHigh', { commission: 20 * PERCENT, blocked: false }],
    ['//E2E//WBlocked', { commission: 0, blocked: true }],
    ['//E2E//WProgrammeInvalid', { commission: 0, blocked: false }],
  ];
  for (const [uri, prefs] of validators) await chain.createValidator(pair(uri), prefs);
  // Asset Hub's genesis era has no exposures: an era with an elected set (the genesis validators,
  // who outweigh the new ones by far) is what a live chain always has.
  const era = await advanceEra(chain);
  activeValidators = (await electedValidators(chain, era)).slice(0, 2) as [string, string];

  // The programme's list, in the 1KV /candidates format, with one bad entry and one non-validator.
  const entry = (stash: string, name: string, valid = true) => ({ stash, name, valid, active: false, validity: [] });
  const candidates = [
    entry(aliceStash(), 'alice'),
    entry(bobStash(), 'bob'),
    ...eligible().map((s, i) => entry(s, `w${i + 1}`)),
    entry(pair('//E2E//WHigh').address, 'greedy'),
    entry(pair('//E2E//WBlocked').address, 'blocked'),
    {
      ...entry(pair('//E2E//WProgrammeInvalid').address, 'offline', false),
      validity: [{ valid: false, type: 'ONLINE', details: 'offline for 3 days' }],
    },
    entry(pair('//Charlie').address, 'not-validating'),
    entry('not-an-address', 'broken'),
  ];
  candidatesServer = await serveJson(candidates);
  const candidatesUrl = candidatesServer.url;

  await chain.fund([pair(OPERATOR_SEED).address], 1_000);
  for (const p of [...stashes(), ...lateStashes()]) {
    await chain.fund([p.address], 1_000);
    expect((await chain.submit(chain.api.tx.staking.bond(100n * KSM, 'Staked'), p)).error).toBeNull();
  }

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = {
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix('e2e-flow'),
    CHAIN_ENDPOINTS: chain.endpoint,
    OPERATOR_SEED,
    OPERATOR_ADDRESS: pair(OPERATOR_SEED).address,
    ADMIN_TOKEN,
    CANDIDATES_URL: candidatesUrl,
    PORT: String(port),
    WATCH_INTERVAL_MS: '300',
    ERA_POLL_MS: '60000',
    CANDIDATES_REFRESH_MS: '600000',
    JOB_LOCK_MS: '3000',
  };
  apiProc = startServiceProcess('api-main', env);
  workerProc = startWorker();
  await waitForHttp(base, apiProc);
  await waitForChainReady(base, apiProc);
  await waitForLog(workerProc, /workers started/);
});

afterAll(async () => {
  await apiProc?.kill();
  await workerProc?.kill();
  await candidatesServer?.close();
  await chain?.close();
  await db?.drop();
});

describe('delegation end to end on Kusama Asset Hub', () => {
  it('nominates 4 distinct eligible inactive validators for every stash that set up its proxy, and nothing for the one that did not', async () => {
    const [n1, n2, n3, n4, n5, n6] = stashes() as [KeyringPair, ...KeyringPair[]];
    for (const p of [n1, n2, n3, n4, n5]) await optInAndSetUp(p!);
    const lone = await httpJson('POST', `${base}/v1/delegations`, signedEnvelope(n6!, 'opt-in', genesis));
    expect(lone.status).toBe(201);
    for (const p of [n1, n2, n3, n4, n5]) await waitForStatus(p!.address, 'active');

    const detail = await runAdminRound();
    expect(detail.round.status).toBe('completed');
    expect(detail.snapshot.eligibleInactive.sort()).toEqual(eligible().sort());
    expect(detail.selections).toHaveLength(5);
    expect(detail.batches.every((b: any) => b.status === 'included' && b.block)).toBe(true);

    for (const p of [n1, n2, n3, n4, n5]) {
      const targets = await chainTargets(p!.address);
      expect(new Set(targets).size).toBe(4);
      for (const t of targets) expect(eligible()).toContain(t);
      const view = await get(`/v1/delegations/${p!.address}`);
      expect(view.body.delegation.status).toBe('active');
      expect([...view.body.delegation.targets].sort()).toEqual([...targets].sort());
      expect(view.body.selections[0]).toMatchObject({ status: 'succeeded', error: null });
    }
    const pending = await get(`/v1/delegations/${n6!.address}`);
    expect(pending.body.delegation.status).toBe('pending');
    expect(pending.body.selections).toEqual([]);
    expect(await chainTargets(n6!.address)).toEqual([]);

    const replay = await get(`/v1/rounds/${detail.round.id}/replay`);
    expect(replay.body.matches).toBe(true);
  });

  it('gives the reason for every excluded candidate', async () => {
    const res = await get('/v1/candidates');
    expect(res.status).toBe(200);
    const reasonOf = (uri: string) => res.body.candidates.find((c: any) => c.stash === pair(uri).address)?.reason;
    expect(res.body.candidates.find((c: any) => c.stash === aliceStash()).reason).toBe('ACTIVE');
    expect(res.body.candidates.find((c: any) => c.stash === bobStash()).reason).toBe('ACTIVE');
    expect(reasonOf('//E2E//WHigh')).toBe('COMMISSION_TOO_HIGH');
    expect(reasonOf('//E2E//WBlocked')).toBe('BLOCKED');
    expect(reasonOf('//E2E//WProgrammeInvalid')).toBe('PROGRAMME_INVALID');
    expect(reasonOf('//Charlie')).toBe('NOT_VALIDATING');
    for (const uri of eligibleUris) expect(reasonOf(uri)).toBeNull();
    expect(res.body.rejected).toEqual([
      expect.objectContaining({ entry: 'not-an-address', reason: 'INVALID_ADDRESS' }),
    ]);
  });

  it('records both outcomes when a stash removed its proxy after planning, in one extrinsic', async () => {
    const [n7, n8, n9] = lateStashes() as [KeyringPair, KeyringPair, KeyringPair];
    for (const p of [n7, n8, n9]) await optInAndSetUp(p);
    for (const p of [n7, n8, n9]) await waitForStatus(p.address, 'active');
    // The worker process would watch and run rounds itself; this round is run here, step by step.
    await workerProc.kill();

    const ctx: Context = await createContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }), createLogger('silent'), {
      databaseUrl: db.url,
      redisUrl: testRedisUrl(),
    });
    try {
      const { round } = await startRound(
        { rounds: ctx.rounds, writer: ctx.writer, targetsPerDelegator: 4, rotationEras: 28 },
        { trigger: 'admin', dryRun: false, era: null },
      );
      const operator = ctx.writer.operatorAddress()!;
      let removed = false;
      const writer = {
        operatorAddress: () => ctx.writer.operatorAddress(),
        packNominations: ctx.writer.packNominations.bind(ctx.writer),
        sendAndTrack: ctx.writer.sendAndTrack.bind(ctx.writer),
        discard: ctx.writer.discard.bind(ctx.writer),
        // The plan is stored by now: the user removes the proxy before the batch is signed.
        signNominationBatch: async (items: { stash: string; targets: string[] }[]) => {
          if (!removed) {
            removed = true;
            const out = await chain.submit(chain.api.tx.proxy.removeProxy(operator, 'Staking', 0), n8);
            expect(out.error).toBeNull();
          }
          return ctx.writer.signNominationBatch(items);
        },
      };
      const done = await runRound(
        {
          rounds: ctx.rounds,
          delegations: ctx.delegations,
          snapshots: ctx.snapshots,
          refreshCandidates: ctx.refresh,
          chain: ctx.reader,
          beacon: ctx.beacon,
          writer,
          lock: ctx.signingLock,
          clock: systemClock,
        },
        round.id,
      );
      expect(done.status).toBe('completed');
      expect(removed).toBe(true);

      const detail = (await get(`/v1/rounds/${round.id}`)).body;
      expect(detail.batches).toHaveLength(1);
      const byStash = new Map(detail.selections.map((s: any) => [s.stash, s]));
      expect(byStash.get(n7.address)).toMatchObject({ status: 'succeeded', error: null });
      expect(byStash.get(n9.address)).toMatchObject({ status: 'succeeded', error: null });
      expect(byStash.get(n8.address)).toMatchObject({ status: 'failed', error: 'proxy.NotProxy' });
      const hashes = new Set(detail.selections.map((s: any) => s.extrinsicHash));
      expect(hashes.size).toBe(1);
      expect(await chainTargets(n8.address)).toEqual([]);
      expect((await chainTargets(n7.address)).length).toBe(4);

      const n8View = (await get(`/v1/delegations/${n8.address}`)).body;
      expect(n8View.selections[0]).toMatchObject({ status: 'failed', error: 'proxy.NotProxy' });
    } finally {
      await ctx.close();
    }

    workerProc = startWorker();
    await waitForStatus(n8.address, 'revoked');
  });

  it('stops nominating after an opt-out and never overwrites manual nominations', async () => {
    const [n1, n2, n3] = stashes() as [KeyringPair, KeyringPair, KeyringPair];
    const before1 = await chainTargets(n1.address);

    const out = await httpJson(
      'DELETE',
      `${base}/v1/delegations/${n1.address}`,
      signedEnvelope(n1, 'opt-out', genesis),
    );
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(out.body.delegation.status).toBe('opted_out');

    const manualTargets = [aliceStash()];
    expect((await chain.submit(chain.api.tx.staking.nominate(manualTargets), n2)).error).toBeNull();
    await waitForStatus(n2.address, 'manual');

    // A validator that all three nominate stops validating: active delegators get new targets.
    const t2 = await chainTargets(n2.address);
    const t3 = await chainTargets(n3.address);
    const common = before1.filter((t) => t3.includes(t));
    expect(common.length).toBeGreaterThan(0);
    const quitter = eligibleUris.map(pair).find((p) => p.address === common[0])!;
    expect((await chain.submit(chain.api.tx.staking.chill(), quitter)).error).toBeNull();

    // A dry run builds and records the whole plan but sends nothing.
    const dry = await runAdminRound(true);
    expect(dry.round).toMatchObject({ dryRun: true, status: 'completed' });
    expect(dry.selections.map((s: any) => s.stash)).toContain(n3.address);
    expect(dry.selections.every((s: any) => s.status === 'dry_run' && s.extrinsicHash === null)).toBe(true);
    expect(await chainTargets(n3.address)).toEqual(t3);

    const detail = await runAdminRound();
    const touched = detail.selections.map((s: any) => s.stash);
    expect(touched).not.toContain(n1.address);
    expect(touched).not.toContain(n2.address);
    expect(touched).toContain(n3.address);
    expect(detail.selections.find((s: any) => s.stash === n3.address)).toMatchObject({
      reason: 'target_invalid',
      status: 'succeeded',
    });
    expect(await chainTargets(n3.address)).not.toContain(quitter.address);
    expect(await chainTargets(n1.address)).toEqual(before1);
    expect(t2).toEqual(manualTargets);
    expect(await chainTargets(n2.address)).toEqual(manualTargets);
  });
});

describe('operations', () => {
  it('documents every route in OpenAPI, with the admin ones behind the bearer token', async () => {
    const doc = await get('/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    for (const path of [
      '/v1/delegations',
      '/v1/delegations/{address}',
      '/v1/candidates',
      '/v1/rounds/{id}',
      '/v1/admin/rounds',
    ])
      expect(Object.keys(doc.body.paths)).toContain(path);
    expect(doc.body.paths['/v1/admin/rounds'].post.security).toBeDefined();
    expect((await fetch(`${base}/docs`)).status).toBe(200);
  });

  it('reports readiness of PostgreSQL, Redis and the chain, metrics, and the jobs to an operator', async () => {
    expect((await get('/health/ready')).body).toEqual({
      status: 'ok',
      checks: { postgres: 'ok', redis: 'ok', chain: 'ok', eraWatcher: 'ok' },
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^http_requests_total/m);
    const jobs = await httpJson('GET', `${base}/v1/admin/jobs`, undefined, admin);
    expect(jobs.status).toBe(200);
    const rounds = jobs.body.queues.find((q: any) => q.name === 'rounds');
    expect(rounds.jobs.some((j: any) => j.state === 'completed')).toBe(true);
  });
});

describe('bad requests', () => {
  it('get their documented status and code, and write nothing', async () => {
    const prisma = createPrismaClient(db.url);
    const counts = async () => ({
      delegations: await prisma.delegation.count(),
      // The worker keeps watching meanwhile: only what a request could have written is counted.
      apiEvents: await prisma.delegationEvent.count({ where: { source: 'api' } }),
      nonces: await prisma.usedNonce.count(),
      rounds: await prisma.round.count(),
    });
    try {
      const before = await counts();
      const fresh = pair('//E2E//Bad');
      const other = pair('//E2E//Other');
      const post = (body: unknown) => httpJson('POST', `${base}/v1/delegations`, body);
      const expectError = async (res: Promise<{ status: number; body: any }>, status: number, code: string) => {
        const r = await res;
        expect(r.status, JSON.stringify(r.body)).toBe(status);
        expect(r.body.error.code).toBe(code);
      };

      // Signed by another key than the address claims.
      const forged = signedEnvelope(fresh, 'opt-in', genesis);
      forged.signature = signPayload(other, 'opt-in', genesis, forged.payload);
      await expectError(post(forged), 401, 'BAD_SIGNATURE');
      // Tampered after signing.
      const tampered = signedEnvelope(fresh, 'opt-in', genesis, { bond: '1000000000000' });
      tampered.payload.bond = '2000000000000';
      await expectError(post(tampered), 401, 'BAD_SIGNATURE');
      // Signed for another action, or another chain.
      await expectError(post(signedEnvelope(fresh, 'opt-out', genesis)), 401, 'BAD_SIGNATURE');
      await expectError(post(signedEnvelope(fresh, 'opt-in', `0x${'11'.repeat(32)}`)), 401, 'BAD_SIGNATURE');
      // An address of another network (Polkadot, prefix 0) for the same key.
      await expectError(
        post(signedEnvelope(fresh, 'opt-in', genesis, {}, { address: encodeAddress(fresh.publicKey, 0) })),
        400,
        'ADDRESS_INVALID',
      );
      // Expired, and too far ahead.
      const past = new Date(Date.now() - 60_000).toISOString();
      await expectError(
        post(signedEnvelope(fresh, 'opt-in', genesis, {}, { expiresAt: past })),
        401,
        'REQUEST_EXPIRED',
      );
      const far = new Date(Date.now() + 3_600_000).toISOString();
      await expectError(
        post(signedEnvelope(fresh, 'opt-in', genesis, {}, { expiresAt: far })),
        400,
        'EXPIRES_AT_TOO_FAR',
      );
      // Malformed fields.
      await expectError(
        post(signedEnvelope(fresh, 'opt-in', genesis, {}, { nonce: 'short' })),
        400,
        'INVALID_PAYLOAD_NONCE',
      );
      await expectError(post(signedEnvelope(fresh, 'opt-in', genesis, { bond: '1.5' })), 400, 'INVALID_PAYLOAD_BOND');
      // Planck are u128 on chain, spelt without leading zeros; nonces hold no control character.
      await expectError(post(signedEnvelope(fresh, 'opt-in', genesis, { bond: '9'.repeat(39) })), 400, 'BOND_INVALID');
      await expectError(post(signedEnvelope(fresh, 'opt-in', genesis, { bond: '0100' })), 400, 'INVALID_PAYLOAD_BOND');
      await expectError(
        post(signedEnvelope(fresh, 'opt-in', genesis, {}, { nonce: `nul-in-the-nonce-${'\u0000'}x` })),
        400,
        'INVALID_PAYLOAD_NONCE',
      );
      // Era indices are u32.
      await expectError(get(`/v1/delegations/${fresh.address}/rewards?fromEra=4294967296`), 400, 'INVALID_FROM_ERA');
      await expectError(post(signedEnvelope(fresh, 'opt-in', genesis, { extra: true })), 400, 'INVALID_PAYLOAD_EXTRA');
      await expectError(post({ payload: {}, signature: '0x00' }), 400, 'INVALID_PAYLOAD_ADDRESS');
      await expectError(
        post({ ...signedEnvelope(fresh, 'opt-in', genesis), signature: 'nothex' }),
        400,
        'INVALID_SIGNATURE',
      );
      // Rule: the stash is not bonded and no bond was offered.
      await expectError(post(signedEnvelope(fresh, 'opt-in', genesis)), 422, 'BOND_REQUIRED');
      // Rule: a bond the chain would refuse. Asset Hub's minNominatorBond is 0 here, but staking.bond
      // refuses less than the existential deposit (3,333,333 planck).
      expect((await chain.api.query.staking.minNominatorBond()).toBigInt()).toBe(0n);
      await expectError(post(signedEnvelope(fresh, 'opt-in', genesis, { bond: '3333332' })), 422, 'BOND_BELOW_MINIMUM');
      // Opt-out of a stash that never opted in.
      await expectError(
        httpJson('DELETE', `${base}/v1/delegations/${fresh.address}`, signedEnvelope(fresh, 'opt-out', genesis)),
        404,
        'DELEGATION_NOT_FOUND',
      );
      // Admin routes without or with a wrong token.
      await expectError(httpJson('POST', `${base}/v1/admin/rounds`, { dryRun: true }), 401, 'ADMIN_TOKEN_MISSING');
      await expectError(
        httpJson(
          'POST',
          `${base}/v1/admin/rounds`,
          { dryRun: true },
          { authorization: 'Bearer wrong-token-0123456789' },
        ),
        403,
        'ADMIN_TOKEN_INVALID',
      );
      await expectError(get('/v1/delegations/not-an-address'), 400, 'ADDRESS_INVALID');
      await expectError(get('/v1/rounds/999999'), 404, 'ROUND_NOT_FOUND');
      expect(await counts()).toEqual(before);

      // A replayed nonce: the first use is accepted, the exact same request again is refused.
      const n4 = stashes()[3]!;
      const optOut = signedEnvelope(n4, 'opt-out', genesis);
      expect((await httpJson('DELETE', `${base}/v1/delegations/${n4.address}`, optOut)).status).toBe(200);
      const afterFirst = await counts();
      await expectError(httpJson('DELETE', `${base}/v1/delegations/${n4.address}`, optOut), 409, 'NOT_DELEGATING');
      const optIn = signedEnvelope(n4, 'opt-in', genesis, {}, { nonce: optOut.payload.nonce as string });
      await expectError(post(optIn), 401, 'NONCE_REPLAYED');
      expect(await counts()).toEqual(afterFirst);
    } finally {
      await prisma.$disconnect();
    }
  });
});
