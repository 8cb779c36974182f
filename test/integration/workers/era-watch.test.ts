/**
 * Rounds follow the chain: a change of `activeEra` on the local chain starts exactly one round,
 * however many times the watcher runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolkadotChainReader } from '../../../src/chain/chain-reader.js';
import { ChainConnection } from '../../../src/chain/connection.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { PrismaRoundRepository } from '../../../src/db/round.repository.js';
import { ServiceStateRepository } from '../../../src/db/service-state.repository.js';
import { createLogger } from '../../../src/logger.js';
import { eraWatchProcessor } from '../../../src/workers/processors/era-watch.processor.js';
import { startDevChain, type DevChain } from '../../support/dev-chain.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

let chain: DevChain;
let conn: ChainConnection;
let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;

beforeAll(async () => {
  chain = await startDevChain({ runtime: 'relay', mode: 'Manual' });
  conn = await ChainConnection.connect({ endpoints: [chain.endpoint] });
  db = await createTestDatabase('era_watch');
  prisma = createPrismaClient(db.url);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await conn?.close();
  await chain?.close();
  await db?.drop();
});

describe('era watch', () => {
  it('records the first era, then starts one round per change of activeEra', async () => {
    const rounds = new PrismaRoundRepository(prisma);
    const enqueued: string[] = [];
    const sweeps: number[] = [];
    let recorded = 0;
    const watch = eraWatchProcessor(
      {
        chain: new PolkadotChainReader(conn),
        state: new ServiceStateRepository(prisma),
        startRound: { rounds, writer: { operatorAddress: () => null }, targetsPerDelegator: 4, rotationEras: 28 },
        enqueueRound: async (id) => void enqueued.push(id),
        recordEra: async () => void recorded++,
        enqueuePayouts: async (era) => void sweeps.push(era),
      },
      createLogger('silent'),
    );
    const first = await watch();
    expect(first.started).toBe(false);
    expect(await watch()).toMatchObject({ started: false });
    expect(enqueued).toEqual([]);

    await chain.rpc('dev_setStorage', [{ Staking: { ActiveEra: { index: first.era + 1, start: null } } }]);
    await chain.newBlock();
    const changed = await watch();
    expect(changed).toMatchObject({ era: first.era + 1, started: true });
    expect(enqueued).toHaveLength(1);
    // Again for the same era, as a second worker would: no second round.
    await watch();
    expect(enqueued).toHaveLength(1);
    // The era's record is taken once when first seen and once at the change; payouts follow the change.
    expect(recorded).toBe(2);
    expect(sweeps).toEqual([first.era + 1]);

    const round = await rounds.get(enqueued[0]!);
    // Without an operator key the round is a dry run.
    expect(round).toMatchObject({ trigger: 'era', dryRun: true, status: 'planning' });
  });
});
