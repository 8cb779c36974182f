export type DevChainMode = 'Batch' | 'Instant' | 'Manual';

export interface DevChainServerOptions {
  /** Raw chain spec whose genesis holds the runtime (../shared/chain/*.json). */
  specPath: string;
  host?: string;
  /** 0: any free port. */
  port?: number;
  /** Batch (default): a block ~100 ms after the last submitted extrinsic, several extrinsics per block. */
  mode?: DevChainMode;
  /** Chopsticks' own log level; applies to the first start in a process. */
  logLevel?: string;
  /**
   * Run the runtime's offchain worker after each block. Asset Hub's multi-block election needs it
   * (its unsigned solution is mined there); it costs time on every block, so only real election
   * cycles turn it on.
   */
  offchainWorker?: boolean;
}

export interface DevChainServer {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * A local chain executing a real runtime with Chopsticks, in this process. For tests and local
 * development only: Chopsticks is a devDependency, loaded on first use.
 */
export async function startDevChainServer(options: DevChainServerOptions): Promise<DevChainServer> {
  const chopsticks = await importChopsticks(options.logLevel ?? 'error');
  const server = await chopsticks.setupWithServer({
    genesis: options.specPath,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    'build-block-mode': (options.mode ?? 'Batch') as never,
    'offchain-worker': options.offchainWorker ?? false,
  } as Parameters<typeof chopsticks.setupWithServer>[0]);
  try {
    await buildFirstBlock(chopsticks, server.chain);
  } catch (error) {
    await server.close();
    throw error;
  }
  return { endpoint: `ws://${server.addr}`, close: () => server.close() };
}

type Chopsticks = Awaited<ReturnType<typeof importChopsticks>>;
type Blockchain = Awaited<ReturnType<Chopsticks['setupWithServer']>>['chain'];

/**
 * Genesis has no Timestamp.Now, so Chopsticks takes the wall clock twice for block 1 (for the
 * BABE slot and for the timestamp inherent); when a slot boundary passes in between, the block
 * panics ("Timestamp slot must match CurrentSlot") and its extrinsics are lost. Storing a
 * slot-aligned timestamp first makes block 1 deterministic.
 */
async function buildFirstBlock(chopsticks: Chopsticks, chain: Blockchain): Promise<void> {
  if (chain.head.number !== 0) return;
  const slotMs = await chopsticks.getSlotDuration(chain.head);
  await chopsticks.setStorage(chain, { Timestamp: { Now: Math.floor(Date.now() / slotMs) * slotMs } });
  const head = await chain.newBlock();
  if (head.number !== 1) throw new Error('dev chain: block 1 could not be built');
}

/** Chopsticks reads LOG_LEVEL once, when its logger module loads: set it for that moment only. */
async function importChopsticks(level: string) {
  const previous = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = level;
  try {
    return await import('@acala-network/chopsticks');
  } finally {
    if (previous === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = previous;
  }
}
