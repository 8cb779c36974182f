import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ChainConnection } from '../chain/connection.js';
import { PolkadotChainReader } from '../chain/chain-reader.js';
import { Ss58AddressCodec } from '../chain/address-codec.js';
import { PolkadotNominationWriter } from '../chain/nomination-writer.js';
import { PolkadotChainEventSource } from '../chain/chain-event-source.js';
import { PolkadotPayoutReader } from '../chain/payout-reader.js';
import { PolkadotPayoutWriter } from '../chain/payout-writer.js';
import { PrismaIndexedEventRepository } from '../db/indexed-event.repository.js';
import { PrismaPayoutRepository } from '../db/payout.repository.js';
import { PrismaStatsRepository } from '../db/stats.repository.js';
import { PolkadotSignatureVerifier } from '../chain/signature-verifier.js';
import { DEFAULT_CANDIDATES_URL, type Config } from '../config.js';
import { PrismaDelegationRepository } from '../db/delegation.repository.js';
import { createPrismaClient } from '../db/prisma-client.js';
import { PrismaRoundRepository } from '../db/round.repository.js';
import { ServiceStateRepository } from '../db/service-state.repository.js';
import { PrismaSnapshotRepository } from '../db/snapshot.repository.js';
import { refreshCandidates, type RefreshCandidatesDeps } from '../domain/candidates/refresh-candidates.use-case.js';
import { PERBILL } from '../domain/shared/types.js';
import { RedisSigningLock } from '../infra/redis-signing-lock.js';
import { ChainBlockBeacon } from '../chain/block-beacon.js';
import { SignerFenceRepository } from '../db/signer-fence.repository.js';
import { applyMigrations } from '../infra/migrations.js';
import { systemClock } from '../infra/system-clock.js';
import { createCandidateSource } from '../sources/candidate-source.factory.js';
import { createQueues, type Queues } from '../workers/queues.js';

/**
 * Everything a process needs, built once from the configuration. The only place (with the
 * entry points) that knows every layer.
 */
export interface Context {
  config: Config;
  logger: Logger;
  databaseUrl: string;
  redisUrl: string;
  prisma: ReturnType<typeof createPrismaClient>;
  redis: Redis;
  queues: Queues;
  chain: ChainConnection;
  reader: PolkadotChainReader;
  writer: PolkadotNominationWriter;
  codec: Ss58AddressCodec;
  verifier: PolkadotSignatureVerifier;
  delegations: PrismaDelegationRepository;
  rounds: PrismaRoundRepository;
  snapshots: PrismaSnapshotRepository;
  state: ServiceStateRepository;
  events: PrismaIndexedEventRepository;
  payouts: PrismaPayoutRepository;
  stats: PrismaStatsRepository;
  eventSource: PolkadotChainEventSource;
  payoutReader: PolkadotPayoutReader;
  payoutWriter: PolkadotPayoutWriter;
  /** Round seeds from block hashes. */
  beacon: ChainBlockBeacon;
  /** One signer per account across worker processes. */
  signingLock: RedisSigningLock;
  refreshDeps: RefreshCandidatesDeps;
  refresh: () => ReturnType<typeof refreshCandidates>;
  close(): Promise<void>;
}

/**
 * A service started before its chain nodes answer waits for them (logging each attempt) rather
 * than exiting: a container restart loop would do the same, only louder.
 */
async function connectUntilReachable(config: Config, logger: Logger): Promise<ChainConnection> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ChainConnection.connect({
        endpoints: config.chainEndpoints,
        logger,
        callTimeoutMs: config.chainCallTimeoutMs,
        connectTimeoutMs: Math.min(config.chainCallTimeoutMs, 10_000),
      });
    } catch (e) {
      const waitMs = Math.min(30_000, 1_000 * 2 ** Math.min(attempt - 1, 5));
      logger.warn({ attempt, waitMs, err: (e as Error).message }, 'chain not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}

export const redisConnection = (url: string) => new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });

export async function createContext(
  config: Config,
  logger: Logger,
  urls: { databaseUrl: string; redisUrl: string },
): Promise<Context> {
  await applyMigrations(urls.databaseUrl, { logger: logger.child({ component: 'migrations' }) });
  const prisma = createPrismaClient(urls.databaseUrl);
  const redis = redisConnection(urls.redisUrl);
  const queues = createQueues(redisConnection(urls.redisUrl), config.queuePrefix);
  const chainLog = logger.child({ component: 'chain' });
  const chain = await connectUntilReachable(config, chainLog);
  const reader = new PolkadotChainReader(chain);
  const { maxNominations } = await reader.stakingLimits();
  if (config.targetsPerDelegator > maxNominations)
    throw new Error(
      `Invalid configuration:\n- TARGETS_PER_DELEGATOR ${config.targetsPerDelegator} exceeds the chain's maximum of ${maxNominations} nominations`,
    );
  const writer = await PolkadotNominationWriter.create(chain, {
    operatorSeed: config.operatorSeed,
    operatorAddress: config.operatorAddress,
    logger: chainLog,
    mortalPeriod: config.mortalPeriod,
    maxItemsPerBatch: config.maxItemsPerBatch,
  });
  const codec = new Ss58AddressCodec(chain.ss58Prefix);
  const verifier = new PolkadotSignatureVerifier();
  const snapshots = new PrismaSnapshotRepository(prisma);
  const source = createCandidateSource({
    url: config.candidatesUrl ?? (config.candidatesFile ? undefined : DEFAULT_CANDIDATES_URL),
    file: config.candidatesFile ?? undefined,
    maxBytes: config.candidatesMaxBytes,
  });
  const refreshDeps: RefreshCandidatesDeps = {
    source,
    chain: reader,
    codec,
    snapshots,
    clock: systemClock,
    commissionCap: (config.commissionCapPercent * PERBILL) / 100,
    maxChangePercent: config.candidatesMaxChangePercent,
  };
  logger.info(
    {
      network: config.network,
      genesisHash: chain.genesisHash,
      operator: writer.operatorAddress(),
      readOnly: writer.operatorAddress() === null,
      candidates: source.describe(),
    },
    'context ready',
  );
  return {
    config,
    logger,
    ...urls,
    prisma,
    redis,
    queues,
    chain,
    reader,
    writer,
    codec,
    verifier,
    delegations: new PrismaDelegationRepository(prisma),
    rounds: new PrismaRoundRepository(prisma),
    snapshots,
    state: new ServiceStateRepository(prisma),
    events: new PrismaIndexedEventRepository(prisma),
    payouts: new PrismaPayoutRepository(prisma),
    stats: new PrismaStatsRepository(prisma),
    eventSource: new PolkadotChainEventSource(chain, { operatorAddress: writer.operatorAddress() }),
    payoutReader: new PolkadotPayoutReader(chain),
    payoutWriter: new PolkadotPayoutWriter(chain, writer, { maxItemsPerBatch: config.maxItemsPerBatch }),
    beacon: new ChainBlockBeacon(chain),
    signingLock: new RedisSigningLock(
      redis,
      config.queuePrefix,
      new SignerFenceRepository(prisma),
      logger.child({ component: 'signing-lock' }),
    ),
    refreshDeps,
    refresh: () => refreshCandidates(refreshDeps),
    close: async () => {
      await queues.close();
      await chain.close();
      redis.disconnect();
      await prisma.$disconnect();
    },
  };
}

export { systemClock };
