/**
 * Fault test 6 (issue 7): a load test, bounded in time (20 s) and count. The service runs as one
 * real `all` process (API and workers, as `npm start`); 64 keep-alive connections send, as fast
 * as it answers, a mix of signed opt-ins (each from a fresh key, with a bond: an unbonded stash
 * may opt in) and status reads, while a round for a few dozen delegators runs. Expected: no 5xx
 * and no request left without an answer, every accepted opt-in stored, the round completed with
 * every nomination sent once. Rate limits are disabled here (429s would be counted apart). The
 * figures are printed; nothing is asserted on time.
 */
import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { advanceEra } from '../../support/chain-era.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';
import {
  enrol,
  expectOperatorNonceMatchesRecords,
  expectRoundDeliveredOnce,
  prepareStakers,
  startAdminRound,
  waitActive,
  waitReady,
  waitRoundCompleted,
  type Stakers,
} from '../../support/fault-round.js';
import { formatLoadReport, runLoad, type LoadRequest } from '../../support/http-load.js';
import { serveJson, type JsonServer } from '../../support/json-server.js';
import { produceSeedBlocks, type SeedBlockProducer } from '../../support/seed-blocks.js';
import { relevantLogs, servedRequests } from '../../support/service-logs.js';
import { serviceEnv } from '../../support/service-scenario.js';
import {
  freePort,
  startServiceProcess,
  waitForHttp,
  waitForLog,
  type ServiceProcess,
} from '../../support/service-processes.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';
import { signedEnvelope } from '../../support/wallet.js';

const ADMIN_TOKEN = 'fault-load-admin-token-012345';
const OPERATOR_SEED = '//NDeST//fault-load-operator';
const DELEGATORS = 32;
const PER_BATCH = 4;
const CONNECTIONS = 64;
const DURATION_MS = 20_000;
const MAX_REQUESTS = 100_000;
/** One request in four is an opt-in, the rest status reads. */
const OPT_IN_SHARE = 0.25;

let chain: DevChain;
let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let server: JsonServer;
let seedBlocks: SeedBlockProducer;
let stakers: Stakers;
let proc: ServiceProcess;
let base: string;

beforeAll(async () => {
  chain = await startDevChain({ mode: 'Manual' });
  db = await createTestDatabase('fault_load');
  prisma = createPrismaClient(db.url);
  seedBlocks = produceSeedBlocks(chain, prisma);
  stakers = await prepareStakers(chain, {
    label: 'FaultLoad',
    operatorSeed: OPERATOR_SEED,
    validators: 5,
    delegators: DELEGATORS,
  });
  await advanceEra(chain);
  server = await serveJson(stakers.validators.map((v) => v.address));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = serviceEnv({
    label: 'fault-load',
    databaseUrl: db.url,
    chain,
    operatorSeed: OPERATOR_SEED,
    adminToken: ADMIN_TOKEN,
    candidatesUrl: server.url,
    port,
    overrides: {
      MAX_ITEMS_PER_BATCH: String(PER_BATCH),
      WATCH_INTERVAL_MS: '1000',
      ERA_POLL_MS: '600000',
      PAYOUT_INTERVAL_MS: '600000',
      // Measured without rate limits (0 disables them); any 429 is counted apart.
      RATE_LIMIT_READ_PER_MIN: '0',
      RATE_LIMIT_SIGNED_PER_MIN: '0',
    },
  });
  proc = startServiceProcess('all', env);
  await waitForHttp(base, proc);
  await waitReady(base, [proc]);
  await waitForLog(proc, /workers started/);
  const stashes = stakers.delegators.map((d) => d.address);
  await enrol(prisma, stashes);
  await waitActive(prisma, stashes, [proc]);
}, 300_000);

afterAll(async () => {
  await proc?.kill('SIGKILL');
  await seedBlocks?.stop();
  await prisma?.$disconnect();
  await server?.close();
  await chain?.close();
  await db?.drop();
});

describe('load: opt-ins and status reads at 64 connections for 20 s while a round runs', () => {
  it('answers every request without a 5xx, loses no opt-in, and completes the round', async () => {
    const genesis = chain.api.genesisHash.toHex();
    const bond = (10n * KSM).toString();
    const readable = stakers.delegators.map((d) => d.address);
    const accepted: string[] = [];
    const refusedOptIns: Record<string, number> = {};
    const next = (): LoadRequest => {
      if (Math.random() < OPT_IN_SHARE) {
        // A fresh account each time: never seen on chain, so the opt-in carries a bond.
        const pair = chain.keyring.createFromUri(`0x${randomBytes(32).toString('hex')}`);
        return {
          kind: 'opt-in',
          method: 'POST',
          path: '/v1/delegations',
          body: signedEnvelope(pair, 'opt-in', genesis, { bond }),
          onAnswer: (status) => {
            if (status === 201 || status === 200) {
              accepted.push(pair.address);
              readable.push(pair.address);
            } else refusedOptIns[status] = (refusedOptIns[status] ?? 0) + 1;
          },
        };
      }
      const address = readable[Math.floor(Math.random() * readable.length)]!;
      return { kind: 'status', method: 'GET', path: `/v1/delegations/${address}` };
    };

    const roundId = await startAdminRound(base, ADMIN_TOKEN);
    const report = await runLoad({
      baseUrl: base,
      connections: CONNECTIONS,
      durationMs: DURATION_MS,
      maxRequests: MAX_REQUESTS,
      next,
    });
    const roundAtEnd = await prisma.round.findUniqueOrThrow({ where: { id: roundId } });
    const served = servedRequests(proc, report.startedAt, report.startedAt + report.elapsedMs);
    const at = (p: number) =>
      served.responseTimes[
        Math.min(served.responseTimes.length - 1, Math.ceil((p / 100) * served.responseTimes.length) - 1)
      ] ?? 0;
    console.log(
      `load (${CONNECTIONS} connections, ${DURATION_MS / 1000} s, at most ${MAX_REQUESTS} requests):\n` +
        `${formatLoadReport(report)}\n` +
        `  server side: ${served.responseTimes.length} requests over ${served.connections} connections, ` +
        `responseTime p50 ${at(50).toFixed(1)} ms, p99 ${at(99).toFixed(1)} ms, max ${at(100).toFixed(1)} ms\n` +
        `  opt-ins accepted: ${accepted.length}; refused: ${JSON.stringify(refusedOptIns)}; 429s: ${report.statuses['429'] ?? 0}\n` +
        `  round ${roundId}: ${roundAtEnd.status} when the load ended` +
        (roundAtEnd.completedAt
          ? `, completed ${((roundAtEnd.completedAt.getTime() - report.startedAt) / 1000).toFixed(1)} s into it`
          : ''),
    );

    const failures = Object.entries(report.statuses).filter(([s]) => s.startsWith('error') || Number(s) >= 500);
    expect(failures, `5xx or unanswered requests:\n${formatLoadReport(report)}\n${relevantLogs([proc])}`).toEqual([]);
    // Status reads of existing delegations answer 200 (or 429 if a limit were on).
    expect(Object.keys(report.byKind.status?.statuses ?? {}).filter((s) => s !== '200' && s !== '429')).toEqual([]);
    // Every opt-in was either accepted or rate limited: fresh keys have nothing else to be refused for.
    expect(
      Object.keys(refusedOptIns).filter((s) => s !== '429'),
      JSON.stringify(refusedOptIns),
    ).toEqual([]);
    expect(accepted.length).toBeGreaterThan(0);

    // No lost opt-in: every accepted one is stored.
    const stored = new Set<string>();
    for (let i = 0; i < accepted.length; i += 5_000) {
      const rows = await prisma.delegation.findMany({
        where: { stash: { in: accepted.slice(i, i + 5_000) } },
        select: { stash: true },
      });
      for (const r of rows) stored.add(r.stash);
    }
    expect(accepted.filter((a) => !stored.has(a))).toEqual([]);

    await waitRoundCompleted(prisma, roundId, [proc]);
    expect(proc.child.exitCode).toBeNull();
    await expectRoundDeliveredOnce(chain, prisma, roundId, {
      delegators: stakers.delegators.map((d) => d.address),
      perBatch: PER_BATCH,
    });
    await expectOperatorNonceMatchesRecords(chain, prisma, stakers.operator.address);
  }, 280_000);
});
