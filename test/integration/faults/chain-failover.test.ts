/**
 * Fault test 4 (issue 7): the chain endpoint in use dies in the middle of a round. TCP proxies
 * stand in front of one local Asset Hub: the worker gets CHAIN_ENDPOINTS=proxy1,proxy2 and the
 * API process a pair of its own (so that each process's endpoint in use can be told apart). Once
 * a signed batch waits in the pool (blocks held back by the test), the endpoint each process uses
 * (normally the first of its list; the second if the first answered too slowly at start) is
 * killed: its connections dropped, its port closed. Only the other one still reaches the chain,
 * so the round can complete only if the service fails over, and it must send no nomination twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { advanceEra } from '../../support/chain-era.js';
import { startTcpProxy, type TcpProxy } from '../../support/chain-tcp-proxy.js';
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
import { produceSeedBlocks, type SeedBlockProducer } from '../../support/seed-blocks.js';
import { serviceEnv } from '../../support/service-scenario.js';
import {
  freePort,
  startServiceProcess,
  waitForHttp,
  waitForLog,
  type ServiceProcess,
} from '../../support/service-processes.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

const ADMIN_TOKEN = 'fault-failover-admin-token-0123';
const OPERATOR_SEED = '//NDeST//fault-failover-operator';
const DELEGATORS = 8;
const PER_BATCH = 2;

let chain: DevChain;
let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
/** The endpoints of the worker and of the API process, in CHAIN_ENDPOINTS order. */
let workerProxies: TcpProxy[];
let apiProxies: TcpProxy[];
let server: JsonServer;
let seedBlocks: SeedBlockProducer;
let stakers: Stakers;
let apiProc: ServiceProcess;
let workerProc: ServiceProcess;
let base: string;
const procs = () => [workerProc, apiProc];

beforeAll(async () => {
  chain = await startDevChain({ mode: 'Manual' });
  db = await createTestDatabase('fault_failover');
  prisma = createPrismaClient(db.url);
  seedBlocks = produceSeedBlocks(chain, prisma);
  workerProxies = [await startTcpProxy(chain.endpoint), await startTcpProxy(chain.endpoint)];
  apiProxies = [await startTcpProxy(chain.endpoint), await startTcpProxy(chain.endpoint)];
  stakers = await prepareStakers(chain, {
    label: 'FaultFailover',
    operatorSeed: OPERATOR_SEED,
    validators: 5,
    delegators: DELEGATORS,
  });
  await advanceEra(chain);
  server = await serveJson(stakers.validators.map((v) => v.address));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = serviceEnv({
    label: 'fault-failover',
    databaseUrl: db.url,
    chain,
    operatorSeed: OPERATOR_SEED,
    adminToken: ADMIN_TOKEN,
    candidatesUrl: server.url,
    port,
    overrides: {
      MAX_ITEMS_PER_BATCH: String(PER_BATCH),
      WATCH_INTERVAL_MS: '300',
      ERA_POLL_MS: '600000',
      PAYOUT_INTERVAL_MS: '600000',
    },
  });
  const endpoints = (pair: TcpProxy[]) => pair.map((p) => p.endpoint).join(',');
  apiProc = startServiceProcess('api-main', { ...env, CHAIN_ENDPOINTS: endpoints(apiProxies) });
  workerProc = startServiceProcess('worker-main', { ...env, CHAIN_ENDPOINTS: endpoints(workerProxies) });
  await waitForHttp(base, apiProc);
  await waitReady(base, procs());
  await waitForLog(workerProc, /workers started/);
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
  for (const p of [...(workerProxies ?? []), ...(apiProxies ?? [])]) await p.close();
  await chain?.close();
  await db?.drop();
});

describe('the chain endpoint in use (the first of two) killed in the middle of a round', () => {
  it('fails over to the other and completes the round, every delegator nominated once', async () => {
    chain.setAutoBuild(false);
    let roundId: bigint;
    try {
      roundId = await startAdminRound(base, ADMIN_TOKEN);
      const held = await waitForSignedRoundBatch(chain, prisma, roundId, procs());
      const inUse = (pair: TcpProxy[], name: string) => {
        const used = pair.filter((p) => p.openConnections() > 0);
        expect(used, `${name}: exactly one endpoint in use`).toHaveLength(1);
        return used[0]!;
      };
      const killed = [inUse(workerProxies, 'worker'), inUse(apiProxies, 'api')];
      for (const p of killed) await p.close();
      console.log(
        `chain-failover: killed the worker's endpoint #${workerProxies.indexOf(killed[0]!) + 1} and the API's ` +
          `#${apiProxies.indexOf(killed[1]!) + 1} while batch ${held} of round ${roundId} waited in the pool`,
      );
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
    // The API process follows too: it is ready again, its chain check answered through its other endpoint.
    await waitReady(base, procs(), 90_000);
  }, 270_000);
});
