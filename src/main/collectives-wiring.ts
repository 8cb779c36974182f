import { PolkadotPayeeWriter } from '../chain/payee-writer.js';
import { PolkadotPoolAccountWriter } from '../chain/pool-account-writer.js';
import { PolkadotPoolChainReader } from '../chain/pool-chain-reader.js';
import { PolkadotPoolTransferWriter } from '../chain/pool-transfer-writer.js';
import { PolkadotStakeReader } from '../chain/stake-reader.js';
import {
  PrismaCollectiveAccountStore,
  PrismaCollectivePayeeStore,
  PrismaCollectiveTransferStore,
} from '../db/collective-batches.repository.js';
import { PrismaPayeeSettings } from '../db/collective-payee-settings.js';
import { PrismaCollectiveRepository } from '../db/collective.repository.js';
import type { PrismaNetworkPropertiesRepository } from '../db/network-properties.repository.js';
import { PrismaRemovalProposals } from '../db/removal-proposals.repository.js';
import type { PrismaRoleRepository } from '../db/role.repository.js';
import type { PrismaTokenRepository } from '../db/token.repository.js';
import { bookCollectiveRewards } from '../domain/collectives/book-rewards.use-case.js';
import type { CollectiveDeps, CollectiveRegistries } from '../domain/collectives/collective-deps.js';
import { detectBreaches, type BreachDeps } from '../domain/collectives/detect-breaches.use-case.js';
import type { GovernanceDeps } from '../domain/governance/governance-deps.js';
import type { IndexChainDeps } from '../domain/indexer/index-chain.use-case.js';
import type { PoolRepository } from '../domain/pools/pool.repository.js';
import type { FeatureModule } from '../modules/feature-module.js';
import { collectivesModule } from '../modules/collectives/module.js';
import { systemClock, type Context } from './context.js';

/**
 * The staking collectives wired from the context: their deps (registries read through the token,
 * role, network-properties and pool repositories), the indexer's hook (rewards paid to their
 * accounts booked, the stashes a block touched checked against their commitments) and their module.
 */
export function collectivesWiring(
  ctx: Context,
  registries: {
    tokens: PrismaTokenRepository;
    roles: PrismaRoleRepository;
    networkProperties: PrismaNetworkPropertiesRepository;
    pools: PoolRepository;
  },
) {
  const { tokens, roles, networkProperties, pools } = registries;
  const collectiveRegistries: CollectiveRegistries = {
    tokens: async () =>
      new Map(
        (await tokens.list()).map((t) => [
          t.denom,
          { kind: t.kind, assetId: t.assetId, decimals: t.decimals, rate: t.rate, staking: t.staking },
        ]),
      ),
    nativeDenom: async () => (await tokens.list()).find((t) => t.kind === 'native')?.denom ?? ctx.chain.token.symbol,
    networkProperties: () => networkProperties.get(),
    roleExists: (name) => roles.exists(name),
    rolesOf: (address) => roles.rolesOf(address),
    membersOf: (names) => roles.membersOf(names),
    pools: async (names) => {
      const found = new Map<string, { account: string | null }>();
      for (const name of new Set(names)) {
        const pool = await pools.byName(name);
        if (pool) found.set(name, { account: pool.account });
      }
      return found;
    },
  };
  const deps: CollectiveDeps = {
    authorize: ctx.authorize,
    collectives: new PrismaCollectiveRepository(ctx.prisma),
    registries: collectiveRegistries,
    delegations: ctx.delegations,
    stakes: new PolkadotStakeReader(ctx.chain),
    removals: new PrismaRemovalProposals(ctx.prisma),
    codec: ctx.codec,
    clock: systemClock,
    operator: () => ctx.writer.operatorAddress(),
  };
  const breaches: BreachDeps = {
    collectives: deps.collectives,
    registries: collectiveRegistries,
    delegations: deps.delegations,
    stakes: deps.stakes,
    payees: new PrismaPayeeSettings(ctx.prisma),
    clock: systemClock,
    operator: deps.operator,
  };
  const onBlock: NonNullable<IndexChainDeps['onBlock']> = async ({ block, events, touched }) => {
    const rewarded = events.filter((e) => e.kind === 'rewarded' && e.detail.dest === 'Account');
    if (rewarded.length > 0) await bookCollectiveRewards(deps, rewarded, block);
    if (touched.length > 0) await detectBreaches(breaches, touched, block);
  };
  const module = (governance: GovernanceDeps): FeatureModule =>
    collectivesModule({
      collectives: deps,
      governance,
      logger: ctx.logger,
      tickMs: ctx.config.collectivesTickMs,
      worker: () => ({
        chain: new PolkadotPoolChainReader(ctx.chain),
        breaches,
        batches: {
          accounts: new PrismaCollectiveAccountStore(ctx.prisma),
          payees: new PrismaCollectivePayeeStore(ctx.prisma),
          transfers: new PrismaCollectiveTransferStore(ctx.prisma),
          accountWriter: new PolkadotPoolAccountWriter(ctx.chain, ctx.writer),
          transferWriter: new PolkadotPoolTransferWriter(ctx.chain, ctx.writer),
          payeeWriter: new PolkadotPayeeWriter(ctx.chain, ctx.writer),
          chain: new PolkadotPoolChainReader(ctx.chain),
          stakes: deps.stakes,
          registries: collectiveRegistries,
          delegations: ctx.delegations,
          collectives: deps.collectives,
          lock: ctx.signingLock,
        },
      }),
    });
  return { deps, onBlock, module };
}
