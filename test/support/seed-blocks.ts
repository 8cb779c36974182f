import type { PrismaClient } from '../../src/db/prisma-client.js';
import type { DevChain } from './dev-chain.js';

export interface SeedBlockProducer {
  stop(): Promise<void>;
}

/**
 * A round commits to a block that does not exist yet and draws from its hash. A live chain makes
 * a block every few seconds; the local chain makes one only when an extrinsic waits (or when the
 * test says so), so here the seed block of every committed round still planning is built as soon
 * as it is due. Race-free around faults: a round waiting for its seed block has signed nothing, so
 * such a block never includes one of its batches the test is holding back.
 */
export function produceSeedBlocks(chain: DevChain, prisma: PrismaClient, intervalMs = 200): SeedBlockProducer {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const waiting = await prisma.round.aggregate({
          where: { status: 'planning', seedBlockNumber: { not: null } },
          _max: { seedBlockNumber: true },
        });
        const due = waiting._max.seedBlockNumber;
        if (due !== null && (await chain.head()) < due) await chain.newBlock();
      } catch {
        // The database may be down on purpose (a fault test): try again at the next tick.
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
