/**
 * Fault test 2 (issue 7): Redis loses its data (FLUSHALL: a restart without persistence, or a
 * failover to an empty replica) in the middle of a round. The service's real API and worker
 * processes run on a redis-server of this test alone; the test holds block production back so
 * that the flush lands while a signed batch waits in the pool. The round must complete without
 * restarting anything, every delegator nominated once, and the job schedulers must come back by
 * themselves (an era change after the flush is still seen).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { advanceEra } from '../../support/chain-era.js';
import { startDevChain, type DevChain } from '../../support/dev-chain.js';
import {
  enrol,
  expectOperatorNonceMatchesRecords,
  expectRoundDeliveredOnce,
  prepareStakers,
  startAdminRound,
  waitActive,
  waitReady,
  waitForSignedRoundBatch,
  waitRoundCompleted,
  type Stakers,
} from '../../support/fault-round.js';
import { serveJson, type JsonServer } from '../../support/json-server.js';
import { startPrivateRedis, type PrivateRedis } from '../../support/private-redis.js';
import { produceSeedBlocks, type SeedBlockProducer } from '../../support/seed-blocks.js';
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

const ADMIN_TOKEN = 'fault-redis-admin-token-0123';
const OPERATOR_SEED = '//NDeST//fault-redis-operator';
const DELEGATORS = 8;
const PER_BATCH = 2;

let chain: DevChain;
let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let redis: PrivateRedis;
let server: JsonServer;
let seedBlocks: SeedBlockProducer;
let stakers: Stakers;
let apiProc: ServiceProcess;
let workerProc: ServiceProcess;
let base: string;
const procs = () => [workerProc, apiProc];

beforeAll(async () => {
  chain = await startDevChain({ mode: 'Manual' });
  db = await createTestDatabase('fault_redis');
  prisma = createPrismaClient(db.url);
  redis = await startPrivateRedis();
  seedBlocks = produceSeedBlocks(chain, prisma);
  stakers = await prepareStakers(chain, {
    label: 'FaultRedis',
    operatorSeed: OPERATOR_SEED,
    validators: 5,
    delegators: DELEGATORS,
  });
  // An elected set to start from (the genesis validators, far heavier than the candidates).
  await advanceEra(chain);
  server = await serveJson(stakers.validators.map((v) => v.address));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = serviceEnv({
    label: 'fault-redis',
    databaseUrl: db.url,
    chain,
    operatorSeed: OPERATOR_SEED,
    adminToken: ADMIN_TOKEN,
    candidatesUrl: server.url,
    port,
    overrides: {
      REDIS_URL: redis.url,
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
  await enrol(
    prisma,
    stakers.delegators.map((d) => d.address),
  );
  await waitActive(
    prisma,
    stakers.delegators.map((d) => d.address),
    procs(),
  );
}, 300_000);

afterAll(async () => {
  await apiProc?.kill('SIGKILL');
  await workerProc?.kill('SIGKILL');
  await seedBlocks?.stop();
  await prisma?.$disconnect();
  await server?.close();
  await redis?.stop();
  await chain?.close();
  await db?.drop();
});

describe('Redis flushed in the middle of a round', () => {
  it('the round completes without a restart, every delegator nominated once', async () => {
    const workerPid = workerProc.child.pid;
    // Blocks held back until the flush: a signed batch waits in the pool meanwhile.
    chain.setAutoBuild(false);
    let roundId: bigint;
    try {
      roundId = await startAdminRound(base, ADMIN_TOKEN);
      const held = await waitForSignedRoundBatch(chain, prisma, roundId, procs());
      const keysBefore = await redis.keyCount();
      expect(keysBefore).toBeGreaterThan(0);
      await redis.flushAll();
      console.log(`redis-flush: flushed ${keysBefore} keys while batch ${held} of round ${roundId} waited in the pool`);
    } finally {
      chain.setAutoBuild(true);
    }

    await waitRoundCompleted(prisma, roundId, procs());
    // Not restarted: the same worker process, still running.
    expect(workerProc.child.pid).toBe(workerPid);
    expect(workerProc.child.exitCode).toBeNull();
    await expectRoundDeliveredOnce(chain, prisma, roundId, {
      delegators: stakers.delegators.map((d) => d.address),
      perBatch: PER_BATCH,
    });
    await expectOperatorNonceMatchesRecords(chain, prisma, stakers.operator.address);
  }, 240_000);

  it('the job schedulers come back by themselves: an era change after the flush starts its round', async () => {
    const era = await advanceEra(chain);
    // The issue allows a minute for the schedulers to come back; the era is polled every 500 ms.
    const round = await explained(procs(), () =>
      until(
        `the worker to see era ${era} (its era round) after the flush`,
        async () => (await prisma.round.findUnique({ where: { eraKey: era } })) ?? undefined,
        { timeoutMs: 90_000, intervalMs: 500 },
      ),
    );
    // Its round runs too (nothing to send: every delegator keeps its targets).
    const finished = await explained(procs(), () =>
      until(
        `round ${round.id} of era ${era} to finish`,
        async () => {
          const status = (await prisma.round.findUnique({ where: { id: round.id } }))?.status;
          return status === 'completed' || status === 'skipped' ? status : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 250 },
      ),
    );
    expect(['completed', 'skipped']).toContain(finished);
    expect(workerProc.child.exitCode).toBeNull();
    await expectOperatorNonceMatchesRecords(chain, prisma, stakers.operator.address);
  }, 240_000);
});
