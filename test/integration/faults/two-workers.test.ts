/**
 * Fault test 1 (issue 7): two worker processes and one API share the database and Redis, and an
 * era change starts a round (new delegators to nominate) and a payout sweep (the ended era's
 * pages) at the same time: they may run in different processes, both signing as the operator.
 * One signer per account (the signing lock and its fencing token) must keep them in nonce
 * order: every nomination and payout goes out once, the operator's nonce rises by exactly the
 * extrinsics recorded, and no nonce clash (a superseded or expired signature) happens at all.
 */
import { encodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { advanceEra, electedValidators } from '../../support/chain-era.js';
import { startDevChain, type DevChain } from '../../support/dev-chain.js';
import {
  enrol,
  expectOperatorNonceMatchesRecords,
  prepareStakers,
  startAdminRound,
  waitActive,
  waitRoundCompleted,
  type Stakers,
} from '../../support/fault-round.js';
import { serveJson, type JsonServer } from '../../support/json-server.js';
import { explained } from '../../support/service-logs.js';
import { serviceEnv } from '../../support/service-scenario.js';
import {
  freePort,
  startServiceProcess,
  until,
  waitForHttp,
  waitForLog,
  type ServiceProcess,
} from '../../support/service-processes.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

const ADMIN_TOKEN = 'fault-two-workers-admin-token-01';
const OPERATOR_SEED = '//NDeST//fault-two-workers-operator';
const PER_BATCH = 2;
const FIRST = 4;
const SECOND = 6;

let chain: DevChain;
let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let server: JsonServer;
let stakers: Stakers;
let apiProc: ServiceProcess;
let workers: ServiceProcess[] = [];
let base: string;
let elected: string[];
const procs = () => [...workers, apiProc];

beforeAll(async () => {
  chain = await startDevChain({ mode: 'Manual' });
  db = await createTestDatabase('fault_two_workers');
  prisma = createPrismaClient(db.url);
  stakers = await prepareStakers(chain, {
    label: 'FaultTwo',
    operatorSeed: OPERATOR_SEED,
    validators: 8,
    delegators: FIRST + SECOND,
  });
  // The next elections keep the genesis validators and add half the candidates (the other half stay
  // inactive, for the next round to draw from).
  const genesisSet = await electedValidators(chain, await advanceEra(chain));
  elected = [...genesisSet, ...stakers.validators.slice(0, 4).map((v) => v.address)];
  server = await serveJson(stakers.validators.map((v) => v.address));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = serviceEnv({
    label: 'fault-two-workers',
    databaseUrl: db.url,
    chain,
    operatorSeed: OPERATOR_SEED,
    adminToken: ADMIN_TOKEN,
    candidatesUrl: server.url,
    port,
    overrides: {
      MAX_ITEMS_PER_BATCH: String(PER_BATCH),
      WATCH_INTERVAL_MS: '2000',
      ERA_POLL_MS: '1000',
      INDEX_INTERVAL_MS: '2000',
      PAYOUT_INTERVAL_MS: '5000',
      // Half the candidates get elected (the eligible set halves): not a reason to hold rounds here.
      CANDIDATES_MAX_CHANGE_PERCENT: '60',
    },
  });
  apiProc = startServiceProcess('api-main', env);
  workers = [startServiceProcess('worker-main', env), startServiceProcess('worker-main', env)];
  await waitForHttp(base, apiProc);
  await Promise.all(workers.map((w) => waitForLog(w, /workers started/)));
  await until('the API to be ready', async () => ((await fetch(`${base}/health/ready`)).ok ? true : undefined), {
    timeoutMs: 90_000,
    intervalMs: 250,
  });
  await explained(procs(), () =>
    until(
      'the first active era to be recorded',
      async () =>
        (await prisma.serviceState.findUnique({ where: { key: 'era-watch.last-active-era' } })) ? true : undefined,
      { timeoutMs: 60_000, intervalMs: 250 },
    ),
  );
}, 300_000);

afterAll(async () => {
  for (const p of [apiProc, ...workers]) await p?.kill('SIGKILL');
  await prisma?.$disconnect();
  await server?.close();
  await chain?.close();
  await db?.drop();
});

describe('two workers and one API: a round and a payout sweep overlap', () => {
  it('sends every nomination and payout once, in nonce order, with no clash', async () => {
    const first = stakers.delegators.slice(0, FIRST).map((d) => d.address);
    const second = stakers.delegators.slice(FIRST).map((d) => d.address);
    await enrol(prisma, first);
    await waitActive(prisma, first, procs());
    const firstRound = await startAdminRound(base, ADMIN_TOKEN);
    await waitRoundCompleted(prisma, firstRound, procs());
    // Era e1: the candidates are elected, the first delegators exposed behind them.
    const e1 = await advanceEra(chain, { elected });
    await enrol(prisma, second);
    await waitActive(prisma, second, procs());
    // Era e2: its round nominates the second delegators while the sweep pays e1's pages.
    const e2 = await advanceEra(chain, { elected });
    const eraRound = await explained(procs(), () =>
      until(`the round of era ${e2}`, async () => (await prisma.round.findUnique({ where: { eraKey: e2 } }))?.id, {
        timeoutMs: 60_000,
        intervalMs: 250,
      }),
    );
    await waitRoundCompleted(prisma, eraRound, procs(), 240_000);
    const pages = await explained(procs(), () =>
      until(
        `every page of era ${e1} paid`,
        async () => {
          const rows = await prisma.payout.findMany({ where: { era: e1 } });
          return rows.length > 0 && rows.every((r) => r.status === 'paid') ? rows : undefined;
        },
        { timeoutMs: 240_000, intervalMs: 500 },
      ),
    );
    expect(pages.length).toBeGreaterThan(0);

    // Each delegator nominated exactly once (the second ones by the round of e1 if they became
    // active in time, else by e2's), and the chain holds what the database recorded.
    const succeeded = await prisma.roundSelection.findMany({ where: { status: 'succeeded' } });
    expect(succeeded.map((x) => x.stash).sort()).toEqual([...first, ...second].sort());
    for (const x of succeeded) {
      const onChain = (await chain.api.query.staking.nominators(x.stash)).toJSON() as { targets: string[] } | null;
      expect(onChain?.targets.map((t) => encodeAddress(t, 2)).sort(), x.stash).toEqual([...x.targets].sort());
      expect((await prisma.delegation.findUnique({ where: { stash: x.stash } }))?.targets).toEqual(x.targets);
    }
    const roundBatches = await prisma.roundBatch.findMany();
    expect(roundBatches.every((b) => b.status === 'included')).toBe(true);
    for (const p of pages) {
      const claimed = (await chain.api.query.staking.claimedRewards(e1, p.validator)).toJSON() as number[];
      expect(claimed, `${p.validator} page ${p.page}`).toContain(p.page);
    }
    // Settled: nothing more to send (a later sweep finds nothing due).
    await until('no batch left open', async () =>
      (await prisma.payoutBatch.count({ where: { status: { not: 'included' } } })) === 0 ? true : undefined,
    );
    await expectOperatorNonceMatchesRecords(chain, prisma, stakers.operator.address);

    // Who signed what, and the absence of any clash, from the workers' own accounts.
    const lines = workers.map((w) => w.output().split('\n'));
    const signedBy = lines.map((l) => l.filter((x) => /batch signed/.test(x)).length);
    const waited = lines.map((l) => l.filter((x) => /signing lock held by another process/.test(x)).length);
    console.log(
      `two-workers: batches signed per worker ${signedBy.join(' / ')}; waits for the other's lock ${waited.join(' / ')}`,
    );
    for (const l of lines) {
      expect(
        l.filter((x) =>
          /nonce used by another extrinsic|extrinsic expired|SIGNER_FENCED|BATCH_SIGNED_ELSEWHERE/.test(x),
        ),
      ).toEqual([]);
    }
    const failed = [
      ...roundBatches.filter((b) => b.error !== null && b.itemCount > 0 && !/cancelled/.test(b.error)),
      ...(await prisma.payoutBatch.findMany({ where: { error: { not: null }, itemCount: { gt: 0 } } })),
    ];
    expect(failed).toEqual([]);
  }, 600_000);
});
