/**
 * Fault test 3 (issue 7): PostgreSQL restarts in the middle of a round, and in the middle of a
 * payout sweep. The service's real API and worker processes run on a PostgreSQL server of this
 * test alone (the embedded binaries), which the test stops (a fast shutdown: every connection
 * cut) and starts again on the same port and data while a signed batch waits in the pool; the
 * batch is included while the database is down. Both the round and the sweep must complete,
 * with nothing sent twice: the operator's nonce on chain equals the extrinsics recorded, and
 * every due page is claimed once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { advanceEra, electedValidators, exposurePages, setValidatorCount } from '../../support/chain-era.js';
import { startDevChain, type DevChain } from '../../support/dev-chain.js';
import {
  enrol,
  expectOperatorNonceMatchesRecords,
  expectRoundDeliveredOnce,
  operatorNonce,
  prepareStakers,
  startAdminRound,
  waitActive,
  waitReady,
  waitForSignedPayoutBatch,
  waitForSignedRoundBatch,
  waitRoundCompleted,
  type Stakers,
} from '../../support/fault-round.js';
import { serveJson, type JsonServer } from '../../support/json-server.js';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres.js';
import { produceSeedBlocks, type SeedBlockProducer } from '../../support/seed-blocks.js';
import { explained, linesSince } from '../../support/service-logs.js';
import { serviceEnv } from '../../support/service-scenario.js';
import {
  freePort,
  startServiceProcess,
  until,
  waitForHttp,
  waitForLog,
  type ServiceProcess,
} from '../../support/service-processes.js';

const ADMIN_TOKEN = 'fault-postgres-admin-token-0123';
const OPERATOR_SEED = '//NDeST//fault-postgres-operator';
const DELEGATORS = 8;
const VALIDATORS = 5;
const PER_BATCH = 2;
/** Nominators per exposure page: each candidate's delegators fill two pages or more. */
const PAGE_SIZE = 4;

let chain: DevChain;
let pg: PrivatePostgres;
let prisma: ReturnType<typeof createPrismaClient>;
let server: JsonServer;
let seedBlocks: SeedBlockProducer;
let stakers: Stakers;
let apiProc: ServiceProcess;
let workerProc: ServiceProcess;
let base: string;
const procs = () => [workerProc, apiProc];

/**
 * With the batch `signed` waiting in the pool (blocks held back): stops PostgreSQL, lets the chain
 * include the batch while the database is down, waits until the worker met the outage (a warning
 * or error logged since the stop; at most 20 s), and starts PostgreSQL again on the same port.
 */
async function restartPostgresWhileIncluded(signedNonce: number): Promise<void> {
  const logOffset = workerProc.output().length;
  await pg.stop();
  chain.setAutoBuild(true);
  await until('the held batch included while the database is down', async () =>
    (await operatorNonce(chain, stakers.operator.address)) > signedNonce ? true : undefined,
  );
  const noticed = await until(
    'the worker to meet the outage',
    async () =>
      linesSince(workerProc, logOffset).some((l) => /"level":(40|50|60)/.test(l)) || workerProc.child.exitCode !== null
        ? true
        : undefined,
    { timeoutMs: 20_000, intervalMs: 200 },
  ).catch(() => false);
  await pg.start();
  console.log(`postgres-restart: restarted on port ${pg.port}; the worker logged a problem meanwhile: ${noticed}`);
}

beforeAll(async () => {
  pg = await startPrivatePostgres();
  prisma = createPrismaClient(pg.url);
  chain = await startDevChain({ mode: 'Manual' });
  seedBlocks = produceSeedBlocks(chain, prisma);
  stakers = await prepareStakers(chain, {
    label: 'FaultPostgres',
    operatorSeed: OPERATOR_SEED,
    validators: VALIDATORS,
    delegators: DELEGATORS,
  });
  // An elected set to start from (the genesis validators); later elections take every validator.
  await advanceEra(chain);
  const genesisValidators = (await chain.api.query.staking.validators.keys()).length - VALIDATORS;
  await setValidatorCount(chain, genesisValidators + VALIDATORS);
  server = await serveJson(stakers.validators.map((v) => v.address));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = serviceEnv({
    label: 'fault-postgres',
    databaseUrl: pg.url,
    chain,
    operatorSeed: OPERATOR_SEED,
    adminToken: ADMIN_TOKEN,
    candidatesUrl: server.url,
    port,
    overrides: {
      MAX_ITEMS_PER_BATCH: String(PER_BATCH),
      WATCH_INTERVAL_MS: '300',
      ERA_POLL_MS: '500',
      PAYOUT_INTERVAL_MS: '600000',
    },
  });
  apiProc = startServiceProcess('api-main', env);
  workerProc = startServiceProcess('worker-main', env);
  await waitForHttp(base, apiProc);
  await waitReady(base, procs());
  await waitForLog(workerProc, /first active era seen/);
  const stashes = stakers.delegators.map((d) => d.address);
  await enrol(prisma, stashes);
  await waitActive(prisma, stashes, procs());
}, 300_000);

afterAll(async () => {
  await apiProc?.kill('SIGKILL');
  await workerProc?.kill('SIGKILL');
  await seedBlocks?.stop();
  await prisma?.$disconnect();
  await server?.close();
  await chain?.close();
  await pg?.destroy();
});

describe('PostgreSQL restarted in the middle of a round and of a payout sweep', () => {
  it('the round completes, every delegator nominated once', async () => {
    chain.setAutoBuild(false);
    let roundId: bigint;
    try {
      roundId = await startAdminRound(base, ADMIN_TOKEN);
      const held = await waitForSignedRoundBatch(chain, prisma, roundId, procs());
      const batch = await prisma.roundBatch.findFirstOrThrow({ where: { roundId, index: held } });
      await restartPostgresWhileIncluded(batch.nonce!);
    } finally {
      chain.setAutoBuild(true);
    }

    await waitRoundCompleted(prisma, roundId, procs(), 180_000);
    expect(workerProc.child.exitCode).toBeNull();
    await expectRoundDeliveredOnce(chain, prisma, roundId, {
      delegators: stakers.delegators.map((d) => d.address),
      perBatch: PER_BATCH,
    });
    await expectOperatorNonceMatchesRecords(chain, prisma, stakers.operator.address);
  }, 270_000);

  it('the payout sweep completes, every due page paid once', async () => {
    // Era e1: the candidates are elected with the delegators' stake, on several pages each.
    const e1 = await advanceEra(chain, { pageSize: PAGE_SIZE });
    const elected = await electedValidators(chain, e1);
    const candidates = stakers.validators.map((v) => v.address);
    for (const v of candidates) expect(elected).toContain(v);
    // The worker has taken e1 (its era round finished: nothing to send) before blocks are held back.
    await explained(procs(), () =>
      until(
        `the worker to finish the round of era ${e1}`,
        async () => {
          const status = (await prisma.round.findUnique({ where: { eraKey: e1 } }))?.status;
          return status === 'completed' || status === 'skipped' ? true : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 250 },
      ),
    );
    const delegators = new Set(stakers.delegators.map((d) => d.address));
    const due = new Map<string, number[]>();
    for (const v of candidates) {
      const pages = (await exposurePages(chain, e1, v))
        .map((who, page) => (who.some((w) => delegators.has(w)) ? page : -1))
        .filter((p) => p >= 0);
      due.set(v, pages);
    }
    const dueCount = [...due.values()].reduce((n, pages) => n + pages.length, 0);
    expect(dueCount).toBeGreaterThan(PER_BATCH * 2);

    // Era e2 ends e1: the sweep pays it; the database restarts while its first batch waits in the pool.
    chain.setAutoBuild(false);
    try {
      const e2 = await advanceEra(chain, { pageSize: PAGE_SIZE });
      expect(e2).toBe(e1 + 1);
      const batchId = await waitForSignedPayoutBatch(chain, prisma, procs());
      const batch = await prisma.payoutBatch.findUniqueOrThrow({ where: { id: batchId } });
      await restartPostgresWhileIncluded(batch.nonce!);
    } finally {
      chain.setAutoBuild(true);
    }

    const payouts = await explained(procs(), async () => {
      try {
        return await until(
          `the ${dueCount} due pages of era ${e1} paid`,
          async () => {
            const rows = await prisma.payout.findMany({ where: { era: e1 } });
            return rows.length === dueCount && rows.every((r) => r.status === 'paid') ? rows : undefined;
          },
          { timeoutMs: 180_000, intervalMs: 250 },
        );
      } catch (error) {
        const rows = await prisma.payout.findMany({ where: { era: e1 } }).catch(() => []);
        const batches = await prisma.payoutBatch.findMany({ orderBy: { id: 'asc' } }).catch(() => []);
        throw new Error(
          `${(error as Error).message}\npayouts: ${rows.map((r) => `${r.validator.slice(0, 6)}/${r.page} ${r.status} ${r.error ?? ''}`).join('; ')}` +
            `\nbatches: ${batches.map((b) => `#${b.id} ${b.status} nonce=${b.nonce} error=${b.error}`).join('; ')}`,
          { cause: error },
        );
      }
    });
    expect(payouts).toHaveLength(dueCount);
    expect(workerProc.child.exitCode).toBeNull();
    // Each due page claimed on chain, and no payout batch failed or was sent twice.
    for (const [v, pages] of due)
      expect(((await chain.api.query.staking.claimedRewards(e1, v)).toJSON() as number[]).sort(), v).toEqual(pages);
    const batches = await prisma.payoutBatch.findMany({ where: { itemCount: { gt: 0 } } });
    expect(batches.map((b) => [b.status, b.error])).toEqual(batches.map(() => ['included', null]));
    await expectOperatorNonceMatchesRecords(chain, prisma, stakers.operator.address);
  }, 290_000);
});
