import type {
  Breach,
  BreachKind,
  CollectiveSettings,
  CollectiveStatus,
  CollectiveTransferView,
  Contributor,
  ContributionStatus,
  Distribution,
  RewardBooking,
  RewardDestination,
  StakingCollective,
} from '../domain/collectives/types.js';
import type { Prisma } from './generated/client.js';
import { blockRef, toPlanck } from './mappers.js';

/**
 * The collectives' rows and the domain's types, both ways: settings to columns, rows to
 * collectives, contributors, breaches, rewards, transfers and distributions.
 */

type Decimal = { toFixed(dp?: number): string };

export const collectiveInclude = { pools: { orderBy: { position: 'asc' } } } as const;
export type CollectiveRow = Prisma.StakingCollectiveGetPayload<{ include: typeof collectiveInclude }>;

export const contributorInclude = { bonds: { orderBy: { denom: 'asc' } } } as const;
type ContributorRow = Prisma.CollectiveContributorGetPayload<{ include: typeof contributorInclude }>;

export const settingsColumns = (s: CollectiveSettings) => ({
  description: s.description,
  depositAny: s.depositWhitelist.any,
  depositAccounts: s.depositWhitelist.accounts,
  depositRoles: s.depositWhitelist.roles,
  ownerAccounts: s.ownersWhitelist.accounts,
  ownerRoles: s.ownersWhitelist.roles,
  claimStart: BigInt(s.claimStart),
  claimPeriod: s.claimPeriod,
  claimEnd: BigInt(s.claimEnd),
  voteQuorum: s.voteQuorum,
  votePeriod: s.votePeriod,
  voteEnactment: s.voteEnactment,
});

/** The spending pools in the order given: the position keeps it. */
export const poolRows = (s: CollectiveSettings) =>
  s.spendingPools.map((p, position) => ({ position, poolName: p.name, share: p.share }));

export const toCollective = (r: CollectiveRow): StakingCollective => ({
  id: r.id.toString(),
  name: r.name,
  creator: r.creator,
  description: r.description,
  depositWhitelist: { any: r.depositAny, roles: r.depositRoles, accounts: r.depositAccounts },
  ownersWhitelist: { roles: r.ownerRoles, accounts: r.ownerAccounts },
  spendingPools: r.pools.map((p) => ({ name: p.poolName, share: p.share })),
  claimStart: Number(r.claimStart),
  claimPeriod: r.claimPeriod,
  claimEnd: Number(r.claimEnd),
  voteQuorum: r.voteQuorum,
  votePeriod: r.votePeriod,
  voteEnactment: r.voteEnactment,
  paused: r.paused,
  status: r.status as CollectiveStatus,
  bondingDeadline: Number(r.bondingDeadline),
  reachedMinimumAt: r.reachedMinimumAt,
  lastDistro: r.lastDistro === null ? null : Number(r.lastDistro),
  removedAt: r.removedAt,
  removedReason: r.removedReason,
  account: r.account,
  accountIndex: r.accountIndex,
  accountError: r.accountError,
  endowment: r.endowment,
  endowed: r.endowed,
  createdAt: r.createdAt,
});

/** A reward destination as the JSON columns keep it ({"kind": …, "account"?}). */
export const toDestination = (v: Prisma.JsonValue | null): RewardDestination | null =>
  v === null ? null : (v as unknown as RewardDestination);

export const toContributor = (r: ContributorRow): Contributor => ({
  id: r.id.toString(),
  address: r.address,
  locking: Number(r.locking),
  donation: r.donation,
  donationLock: r.donationLock,
  status: r.status as ContributionStatus,
  endedReason: r.endedReason,
  endedAt: r.endedAt,
  joinedAt: r.joinedAt,
  previousPayee: toDestination(r.previousPayee),
  bonds: r.bonds.map((b) => ({ denom: b.denom, amount: toPlanck(b.amount)! })),
});

export const toBreach = (r: {
  address: string;
  kind: string;
  detail: string;
  blockNumber: number | null;
  blockHash: string | null;
  at: Date;
}): Breach => ({
  address: r.address,
  kind: r.kind as BreachKind,
  detail: r.detail,
  block: blockRef(r.blockHash, r.blockNumber),
  at: r.at,
});

export const toReward = (r: {
  stash: string;
  era: number | null;
  denom: string;
  amount: Decimal;
  returned: Decimal;
  donation: Decimal;
  forPools: Decimal;
  blockNumber: number;
  blockHash: string;
  eventKey: string;
  bookedAt: Date;
}): RewardBooking => ({
  stash: r.stash,
  era: r.era,
  denom: r.denom,
  amount: toPlanck(r.amount)!,
  returned: toPlanck(r.returned)!,
  donation: toPlanck(r.donation)!,
  forPools: toPlanck(r.forPools)!,
  block: { hash: r.blockHash, number: r.blockNumber },
  eventKey: r.eventKey,
  bookedAt: r.bookedAt,
});

export const toTransfer = (r: {
  id: bigint;
  kind: string;
  address: string;
  poolName: string | null;
  denom: string;
  amount: Decimal;
  status: string;
  error: string | null;
  distributionId: bigint | null;
  proposalId: bigint | null;
  createdAt: Date;
}): CollectiveTransferView => ({
  id: r.id.toString(),
  kind: r.kind as CollectiveTransferView['kind'],
  address: r.address,
  poolName: r.poolName,
  denom: r.denom,
  amount: toPlanck(r.amount)!,
  status: r.status as CollectiveTransferView['status'],
  error: r.error,
  distributionId: r.distributionId?.toString() ?? null,
  proposalId: r.proposalId?.toString() ?? null,
  createdAt: r.createdAt,
});

/** A distribution's amounts as the JSON column keeps them: planck as decimal strings. */
export const amountsJson = (amounts: Distribution['amounts']) =>
  amounts.map((a) => ({ denom: a.denom, amount: a.amount.toString() }));

export const toDistribution = (r: {
  id: bigint;
  kind: string;
  at: bigint;
  amounts: Prisma.JsonValue;
}): Distribution => ({
  id: r.id.toString(),
  kind: r.kind as Distribution['kind'],
  at: Number(r.at),
  amounts: (r.amounts as { denom: string; amount: string }[]).map((a) => ({
    denom: a.denom,
    amount: BigInt(a.amount),
  })),
});
