import { PolkadotPoolAccountWriter } from '../chain/pool-account-writer.js';
import { PolkadotPoolChainReader } from '../chain/pool-chain-reader.js';
import { PolkadotPoolTransferWriter } from '../chain/pool-transfer-writer.js';
import { PrismaNetworkPropertiesRepository } from '../db/network-properties.repository.js';
import { PrismaPoolAccountStore, PrismaPoolPaymentStore } from '../db/pool-batches.repository.js';
import { PrismaPoolRepository } from '../db/pool.repository.js';
import { PrismaProposalRepository } from '../db/proposal.repository.js';
import { PrismaRoleRepository } from '../db/role.repository.js';
import { PrismaTokenRepository } from '../db/token.repository.js';
import type { GovernanceDeps } from '../domain/governance/governance-deps.js';
import { GovernedSubjectRegistry } from '../domain/governance/governed-subject.js';
import { bookPoolDeposits } from '../domain/pools/book-deposits.use-case.js';
import type { PoolDeps } from '../domain/pools/pool-deps.js';
import { collectiveSubjects } from '../domain/collectives/collective-governance.js';
import { poolSubjects } from '../domain/pools/pool-governance.js';
import type { PoolRegistries } from '../domain/pools/pool-registries.js';
import type { ChainTransfer } from '../domain/ports/chain-events.js';
import type { FeatureModule } from '../modules/feature-module.js';
import { governanceModule } from '../modules/governance/module.js';
import { poolsModule } from '../modules/pools/module.js';
import { registryModule } from '../modules/registry/module.js';
import { webModule } from '../modules/web/module.js';
import { demoModule } from '../modules/demo/module.js';
import { NETWORK_DEFAULTS } from '../chain/network-defaults.js';
import type { SupervisorDeps } from '../workers/queue-supervisor.js';
import { collectivesWiring } from './collectives-wiring.js';
import { systemClock, type Context } from './context.js';
import { coreModules } from './core-modules.js';

/**
 * The feature modules of the service, built once per process from its context: the one place
 * that names them. `src/main/api.ts` and `src/main/worker.ts` loop over `modules`.
 */
export interface Features {
  /** The core's first (their routes, gauges and readiness keep their order), then the features'. */
  modules: FeatureModule[];
  /** What the queue supervisor restores from PostgreSQL (round jobs, payout resumes). */
  record: Pick<SupervisorDeps, 'unfinishedRounds' | 'openPayoutBatches'>;
}

export function buildFeatures(ctx: Context): Features {
  const tokens = new PrismaTokenRepository(ctx.prisma);
  const roles = new PrismaRoleRepository(ctx.prisma);
  const registries: PoolRegistries = {
    tokens: async () =>
      new Map((await tokens.list()).map((t) => [t.denom, { kind: t.kind, assetId: t.assetId, decimals: t.decimals }])),
    roleExists: (name) => roles.exists(name),
    rolesOf: (address) => roles.rolesOf(address),
    membersOf: (names) => roles.membersOf(names),
  };
  const pools: PoolDeps = {
    authorize: ctx.authorize,
    pools: new PrismaPoolRepository(ctx.prisma),
    registries,
    codec: ctx.codec,
    clock: systemClock,
  };
  const networkProperties = new PrismaNetworkPropertiesRepository(ctx.prisma);
  const collectives = collectivesWiring(ctx, { tokens, roles, networkProperties, pools: pools.pools });
  const governance: GovernanceDeps = {
    proposals: new PrismaProposalRepository(ctx.prisma),
    subjects: new GovernedSubjectRegistry()
      .register(poolSubjects(pools))
      .register(collectiveSubjects(collectives.deps)),
    roles,
    clock: systemClock,
  };
  // The indexer's hook: transfers into pools' accounts become their deposits. Wired here, the one
  // place that knows both the indexer and the pools.
  const onTransfers = async (transfers: ChainTransfer[]) =>
    void (await bookPoolDeposits(
      { pools: pools.pools, registries, operator: ctx.writer.operatorAddress(), clock: systemClock },
      transfers,
    ));
  const core = coreModules(ctx, { onTransfers, onBlock: collectives.onBlock });
  const modules: FeatureModule[] = [
    ...core.modules,
    registryModule({
      tokens,
      roles,
      networkProperties,
      codec: ctx.codec,
      nativeToken: () => (ctx.chainStatus() === null ? ctx.chain.token : null),
      state: ctx.state,
    }),
    governanceModule({ governance, authorize: ctx.authorize, logger: ctx.logger, tickMs: ctx.config.governanceTickMs }),
    poolsModule({
      pools,
      governance,
      logger: ctx.logger,
      tickMs: ctx.config.poolsTickMs,
      worker: () => ({
        chain: new PolkadotPoolChainReader(ctx.chain),
        payments: {
          store: new PrismaPoolPaymentStore(ctx.prisma),
          accounts: new PrismaPoolAccountStore(ctx.prisma),
          chain: new PolkadotPoolChainReader(ctx.chain),
          writer: new PolkadotPoolTransferWriter(ctx.chain, ctx.writer),
          accountWriter: new PolkadotPoolAccountWriter(ctx.chain, ctx.writer),
          lock: ctx.signingLock,
        },
      }),
    }),
    collectives.module(governance),
    webModule({ appConfig: () => appConfigOf(ctx) }),
    ...(ctx.config.demoControlUrl ? [demoModule({ controlUrl: ctx.config.demoControlUrl })] : []),
  ];
  return { modules, record: core.record };
}

/** What the web app asks first: the chain as its browsers reach it, from the chain once it answered. */
function appConfigOf(ctx: Context) {
  const connected = ctx.chainStatus() === null;
  const defaults = NETWORK_DEFAULTS[ctx.config.network];
  let operator: string | null = ctx.config.operatorAddress;
  if (connected) operator = ctx.writer.operatorAddress() ?? operator;
  return {
    network: ctx.config.network,
    chain: {
      endpoint: ctx.config.webChainEndpoint ?? ctx.config.chainEndpoints[0] ?? null,
      genesisHash: connected ? ctx.chain.genesisHash : null,
      ss58Prefix: connected ? ctx.chain.ss58Prefix : defaults.ss58Prefix,
      token: connected ? ctx.chain.token : defaults.token,
      connected,
    },
    operator,
    targetsPerDelegator: ctx.config.targetsPerDelegator,
    demo: ctx.config.demoControlUrl !== null,
  };
}
