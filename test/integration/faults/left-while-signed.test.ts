/**
 * Fault test 5 (issue 7): the user's choice wins over a signature already made. A round signs a
 * batch of four stashes and hands it to the pool; the worker dies. While no worker runs, one
 * user opts out (API) and another nominates by hand (in a block that leaves the operator's
 * extrinsic in the pool), and the operator's signature expires unincluded. When a worker comes
 * back, the round must re-send the batch for the two others only: neither stash that left is
 * touched, and nothing else is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAddress } from '@polkadot/util-crypto';

import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { advanceEra } from '../../support/chain-era.js';
import { startDevChain, type DevChain } from '../../support/dev-chain.js';
import {
  enrol,
  operatorNonce,
  prepareStakers,
  startAdminRound,
  waitActive,
  waitForSignedRoundBatch,
  waitRoundCompleted,
  type Stakers,
} from '../../support/fault-round.js';
import { httpJson } from '../../support/http-json.js';
import { serveJson, type JsonServer } from '../../support/json-server.js';
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
import { signedEnvelope } from '../../support/wallet.js';

const ADMIN_TOKEN = 'fault-left-while-signed-token-01';
const OPERATOR_SEED = '//NDeST//fault-left-operator';
const MORTAL_PERIOD = 8;

let chain: DevChain;
let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let server: JsonServer;
let seedBlocks: SeedBlockProducer;
let stakers: Stakers;
let env: Record<string, string>;
let apiProc: ServiceProcess;
let workerProc: ServiceProcess;
let base: string;
const procs = () => [workerProc, apiProc];

beforeAll(async () => {
  chain = await startDevChain({ mode: 'Manual' });
  db = await createTestDatabase('fault_left');
  prisma = createPrismaClient(db.url);
  seedBlocks = produceSeedBlocks(chain, prisma);
  stakers = await prepareStakers(chain, {
    label: 'FaultLeft',
    operatorSeed: OPERATOR_SEED,
    validators: 5,
    delegators: 4,
  });
  await chain.fund([chain.keyring.addFromUri('//FaultLeft//Filler').address], 100);
  await advanceEra(chain);
  server = await serveJson(stakers.validators.map((v) => v.address));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = serviceEnv({
    label: 'fault-left',
    databaseUrl: db.url,
    chain,
    operatorSeed: OPERATOR_SEED,
    adminToken: ADMIN_TOKEN,
    candidatesUrl: server.url,
    port,
    overrides: {
      MAX_ITEMS_PER_BATCH: '4',
      MORTAL_PERIOD: String(MORTAL_PERIOD),
      // Slow on purpose: when the worker comes back, only the round's own re-check can see the hand nomination.
      WATCH_INTERVAL_MS: '600000',
      INDEX_INTERVAL_MS: '600000',
      ERA_POLL_MS: '600000',
      PAYOUT_INTERVAL_MS: '600000',
    },
  });
  apiProc = startServiceProcess('api-main', env);
  workerProc = startServiceProcess('worker-main', { ...env, WATCH_INTERVAL_MS: '300' });
  await waitForHttp(base, apiProc);
  await waitForLog(workerProc, /workers started/);
  const stashes = stakers.delegators.map((d) => d.address);
  await enrol(prisma, stashes);
  await waitActive(prisma, stashes, procs());
  // The API answers before its chain connection is up: the admin round needs it.
  await until('the API to be ready', async () => ((await fetch(`${base}/health/ready`)).ok ? true : undefined), {
    timeoutMs: 90_000,
    intervalMs: 250,
  });
}, 300_000);

afterAll(async () => {
  await apiProc?.kill('SIGKILL');
  await workerProc?.kill('SIGKILL');
  await seedBlocks?.stop();
  await prisma?.$disconnect();
  await server?.close();
  await chain?.close();
  await db?.drop();
});

const nominations = async (stash: string) => {
  const json = (await chain.api.query.staking.nominators(stash)).toJSON() as { targets: string[] } | null;
  return json ? json.targets.map((t) => encodeAddress(t, 2)).sort() : null;
};

describe('a user opts out and another nominates by hand while a signed batch holding them waits to be re-sent', () => {
  it('re-sends the batch without them: neither stash is touched', async () => {
    const [leaver, manual, d2, d3] = stakers.delegators;
    const filler = chain.keyring.addFromUri('//FaultLeft//Filler');
    const nonceBefore = await operatorNonce(chain, stakers.operator.address);
    chain.setAutoBuild(false);
    const roundId = await startAdminRound(base, ADMIN_TOKEN);
    await waitForSignedRoundBatch(chain, prisma, roundId, procs());
    const signed = (await prisma.roundBatch.findFirstOrThrow({ where: { roundId, index: 0 } }))!;
    expect(signed.itemCount).toBe(4);
    await workerProc.kill('SIGKILL');
    await seedBlocks.stop();

    // The user leaves through the API...
    const genesis = chain.api.genesisHash.toHex();
    const out = await httpJson(
      'DELETE',
      `${base}/v1/delegations/${leaver!.address}`,
      signedEnvelope(leaver!, 'opt-out', genesis),
    );
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    // ...another nominates by hand, in a block of its own: the operator's batch stays in the pool.
    const own = [stakers.validators[0]!.address];
    const hand = await chain.api.tx.staking.nominate(own).signAsync(manual!, { nonce: -1 });
    await chain.rpc('dev_newBlock', [{ transactions: [hand.toHex()] }]);
    expect(await nominations(manual!.address)).toEqual(own);
    // The operator's signature outlives its mortality unincluded (blocks with only a filler's remark).
    const lastValid = signed.signedAtNumber! + MORTAL_PERIOD;
    let fillerNonce = (await chain.api.rpc.system.accountNextIndex(filler.address)).toNumber();
    while ((await chain.head()) <= lastValid + 1) {
      const remark = await chain.api.tx.system.remark('0x00').signAsync(filler, { nonce: fillerNonce++ });
      await chain.rpc('dev_newBlock', [{ transactions: [remark.toHex()] }]);
    }
    expect(await operatorNonce(chain, stakers.operator.address)).toBe(nonceBefore);

    // A worker comes back; blocks are made again as extrinsics arrive.
    chain.setAutoBuild(true);
    workerProc = startServiceProcess('worker-main', env);
    await waitRoundCompleted(prisma, roundId, procs(), 180_000);

    const selections = new Map((await prisma.roundSelection.findMany({ where: { roundId } })).map((s) => [s.stash, s]));
    await explained(procs(), async () => {
      expect(selections.get(leaver!.address)).toMatchObject({ status: 'cancelled' });
      expect(selections.get(manual!.address)).toMatchObject({ status: 'cancelled' });
      for (const d of [d2!, d3!]) {
        const s = selections.get(d.address)!;
        expect(s.status).toBe('succeeded');
        expect(await nominations(d.address)).toEqual([...s.targets].sort());
      }
    });
    // Neither stash that left was touched.
    expect(await nominations(leaver!.address)).toBeNull();
    expect(await nominations(manual!.address)).toEqual(own);
    expect(await prisma.delegation.findUnique({ where: { stash: leaver!.address } })).toMatchObject({
      status: 'opted_out',
      targets: [],
    });
    expect(await prisma.delegation.findUnique({ where: { stash: manual!.address } })).toMatchObject({
      status: 'manual',
      targets: [],
    });
    // One extrinsic landed: the re-signed batch of the two who stayed.
    expect((await operatorNonce(chain, stakers.operator.address)) - nonceBefore).toBe(1);
    const batch = await prisma.roundBatch.findFirstOrThrow({ where: { roundId, index: 0 } });
    expect(batch).toMatchObject({ status: 'included', error: null });
    expect(batch.extrinsicHash).not.toBe(signed.extrinsicHash);
  }, 300_000);
});
