import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { asChainUnavailable, CHAIN_UNAVAILABLE, ChainConnection, chainUnavailable } from '../chain/connection.js';
import { toError } from '../chain/chain-logger.js';
import { NETWORK_DEFAULTS } from '../chain/network-defaults.js';
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
import { PgChangeFeed, type ChangeFeed } from '../db/change-feed.js';
import { PrismaDelegationRepository } from '../db/delegation.repository.js';
import { createPrismaClient } from '../db/prisma-client.js';
import { PrismaRoundRepository } from '../db/round.repository.js';
import { ServiceStateRepository } from '../db/service-state.repository.js';
import { PrismaSnapshotRepository } from '../db/snapshot.repository.js';
import { refreshCandidates, type RefreshCandidatesDeps } from '../domain/candidates/refresh-candidates.use-case.js';
import { DomainError } from '../domain/errors.js';
import { PERBILL } from '../domain/shared/types.js';
import { RedisSigningLock } from '../infra/redis-signing-lock.js';
import { ChainBlockBeacon } from '../chain/block-beacon.js';
import { SignerFenceRepository } from '../db/signer-fence.repository.js';
import { createAuthorize, type Authorize } from '../domain/wallet/authorize.js';
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
  /** Announces every write to the tables read through caches (any process's), see VersionedCache. */
  changes: ChangeFeed;
  redis: Redis;
  queues: Queues;
  chain: ChainConnection;
  /** Reads as workers need them: at the node's head when asked, never from a cache. */
  reader: PolkadotChainReader;
  /** Reads for the API's requests: at the announced head, shared by every request of a block. */
  apiReader: PolkadotChainReader;
  writer: PolkadotNominationWriter;
  codec: Ss58AddressCodec;
  verifier: PolkadotSignatureVerifier;
  /** The one check of every signed request (DESIGN §6); its nonce is spent by the write it authorises. */
  authorize: Authorize;
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
  /**
   * Resolves once the chain answered and what is built on it (`writer`, `eventSource`,
   * `payoutWriter`) exists; rejects on a configuration the chain refuses (see `openContext`).
   */
  whenChain(): Promise<void>;
  /** What the chain part still lacks, for readiness; null once `whenChain()` resolved. */
  chainStatus(): string | null;
  close(): Promise<void>;
}

export const redisConnection = (url: string) => new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });

/** The whole context, once the chain answered (workers, scripts and tests). */
export async function createContext(
  config: Config,
  logger: Logger,
  urls: { databaseUrl: string; redisUrl: string },
): Promise<Context> {
  const ctx = await openContext(config, logger, urls);
  try {
    await ctx.whenChain();
  } catch (error) {
    await ctx.close();
    throw error;
  }
  return ctx;
}

/**
 * The context at once, with the chain connecting in the background (every endpoint in turn,
 * again and again: a container restart loop would do the same, only louder), so that the API
 * serves what needs no chain meanwhile. Until `whenChain()` resolves, the chain's parts
 * (`chain.api()`, `writer`, `eventSource`, `payoutWriter`) throw a `CHAIN_UNAVAILABLE`
 * DomainError (503), and `codec` checks addresses with the configured network's prefix.
 */
export async function openContext(
  config: Config,
  logger: Logger,
  urls: { databaseUrl: string; redisUrl: string },
): Promise<Context> {
  await applyMigrations(urls.databaseUrl, { logger: logger.child({ component: 'migrations' }) });
  const prisma = createPrismaClient(urls.databaseUrl);
  const changes = await PgChangeFeed.start(urls.databaseUrl, { logger: logger.child({ component: 'change-feed' }) });
  const redis = redisConnection(urls.redisUrl);
  const queues = createQueues(redisConnection(urls.redisUrl), config.queuePrefix);
  const chainLog = logger.child({ component: 'chain' });
  const chain = ChainConnection.open({
    endpoints: config.chainEndpoints,
    logger: chainLog,
    callTimeoutMs: config.chainCallTimeoutMs,
    connectTimeoutMs: Math.min(config.chainCallTimeoutMs, 10_000),
  });
  const reader = new PolkadotChainReader(chain);
  const apiReader = new PolkadotChainReader(chain, { reads: 'shared-per-block' });
  const networkPrefix = NETWORK_DEFAULTS[config.network].ss58Prefix;
  const codec = new Ss58AddressCodec(() => {
    try {
      return chain.ss58Prefix;
    } catch {
      return networkPrefix;
    }
  });
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
  // What needs the chain's answers; built once it is connected.
  const buildOnChain = async () => {
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
      writer,
      eventSource: new PolkadotChainEventSource(chain, { operatorAddress: writer.operatorAddress() }),
      payoutWriter: new PolkadotPayoutWriter(chain, writer, { maxItemsPerBatch: config.maxItemsPerBatch }),
    };
  };
  let onChain: Awaited<ReturnType<typeof buildOnChain>> | null = null;
  let onChainFailure: Error | null = null;
  const built = buildWhenConnected(chain, chainLog, buildOnChain).then(
    (parts) => void (onChain = parts),
    (error: unknown) => {
      onChainFailure = toError(error);
      throw error;
    },
  );
  // Nobody may be waiting (the API alone); the entry point reports a failure through whenChain().
  built.catch(() => undefined);
  const chainStatus = (): string | null =>
    onChain ? null : (onChainFailure?.message ?? chain.status() ?? "connected; reading the chain's limits");
  const requireOnChain = () => {
    if (!onChain) throw chainUnavailable(chainStatus() ?? 'not connected yet');
    return onChain;
  };
  return {
    config,
    logger,
    ...urls,
    prisma,
    changes,
    redis,
    queues,
    chain,
    reader,
    apiReader,
    get writer() {
      return requireOnChain().writer;
    },
    codec,
    verifier,
    authorize: createAuthorize({ genesisHash: () => chain.genesisHash, codec, verifier, clock: systemClock }),
    delegations: new PrismaDelegationRepository(prisma),
    rounds: new PrismaRoundRepository(prisma),
    snapshots,
    state: new ServiceStateRepository(prisma),
    events: new PrismaIndexedEventRepository(prisma),
    payouts: new PrismaPayoutRepository(prisma),
    stats: new PrismaStatsRepository(prisma),
    get eventSource() {
      return requireOnChain().eventSource;
    },
    payoutReader: new PolkadotPayoutReader(chain),
    get payoutWriter() {
      return requireOnChain().payoutWriter;
    },
    beacon: new ChainBlockBeacon(chain),
    signingLock: new RedisSigningLock(
      redis,
      config.queuePrefix,
      new SignerFenceRepository(prisma),
      logger.child({ component: 'signing-lock' }),
    ),
    refreshDeps,
    refresh: () => refreshCandidates(refreshDeps),
    whenChain: () => built,
    chainStatus,
    close: async () => {
      await queues.close();
      await chain.close();
      redis.disconnect();
      await changes.close();
      await prisma.$disconnect();
    },
  };
}

/**
 * Builds `build()` once the chain is connected; a read that fails because the connection did
 * (the endpoint dropped right after answering) is tried again; anything else, such as a
 * configuration the chain refuses, stops the process as it did before.
 */
async function buildWhenConnected<T>(chain: ChainConnection, log: Logger, build: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await chain.ready();
    try {
      return await build();
    } catch (error) {
      const failure = asChainUnavailable(error);
      if (!(failure instanceof DomainError && failure.code === CHAIN_UNAVAILABLE)) throw error;
      const waitMs = Math.min(30_000, 1_000 * 2 ** Math.min(attempt - 1, 5));
      log.warn({ attempt, waitMs, err: toError(error) }, 'chain connected, but reading it failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
    }
  }
}

export { systemClock };
