import type { Static } from '@sinclair/typebox';
import type { CollectiveDetails } from '../../domain/collectives/collective-details.js';
import type {
  Bond,
  Breach,
  CollectiveTransferView,
  Contributor,
  Distribution,
  RewardBooking,
} from '../../domain/collectives/types.js';
import type { BookCheck } from '../../domain/shared/book-check.js';
import { formatDecimal } from '../../domain/shared/fixed-point.js';
import type {
  CollectiveDetailSchema,
  ContributionResponseSchema,
  ContributorSchema,
} from '../schemas/collectives.schemas.js';

/** Collectives as JSON (DESIGN §8 JSON types): planck and decimals as strings, times as unix seconds. */

const unix = (d: Date) => Math.floor(d.getTime() / 1000);
const unixOrNull = (d: Date | null) => (d === null ? null : unix(d));

const presentBonds = (bonds: Bond[]) => bonds.map((b) => ({ denom: b.denom, amount: b.amount.toString() }));

export const presentContributor = (c: Contributor): Static<typeof ContributorSchema> => ({
  address: c.address,
  status: c.status,
  bonds: presentBonds(c.bonds),
  locking: c.locking,
  donation: c.donation,
  donationLock: c.donationLock,
  joinedAt: unix(c.joinedAt),
  endedReason: c.endedReason,
  endedAt: unixOrNull(c.endedAt),
});

/** The signer's contribution after a contribute, donate or withdraw request. */
export const presentContribution = (collective: string, c: Contributor): Static<typeof ContributionResponseSchema> => ({
  collective,
  ...presentContributor(c),
});

const presentBreach = (b: Breach) => ({
  address: b.address,
  kind: b.kind,
  detail: b.detail,
  block: b.block === null ? null : { hash: b.block.hash, number: b.block.number },
  at: unix(b.at),
});

const presentCheck = (c: BookCheck | null) =>
  c === null
    ? null
    : {
        chainBalance: c.chainBalance.toString(),
        expected: c.expected.toString(),
        difference: c.difference.toString(),
        at: { hash: c.at.hash, number: c.at.number },
        checkedAt: unix(c.checkedAt),
      };

const presentDistribution = (d: Distribution) => ({
  id: d.id,
  kind: d.kind,
  at: d.at,
  amounts: presentBonds(d.amounts),
});

const presentReward = (r: RewardBooking) => ({
  stash: r.stash,
  era: r.era,
  denom: r.denom,
  amount: r.amount.toString(),
  returned: r.returned.toString(),
  donation: r.donation.toString(),
  forPools: r.forPools.toString(),
  block: { hash: r.block.hash, number: r.block.number },
  bookedAt: unix(r.bookedAt),
});

const presentTransfer = (t: CollectiveTransferView) => ({
  id: t.id,
  kind: t.kind,
  address: t.address,
  poolName: t.poolName,
  denom: t.denom,
  amount: t.amount.toString(),
  status: t.status,
  error: t.error,
  distributionId: t.distributionId,
  proposalId: t.proposalId,
  createdAt: unix(t.createdAt),
});

export function presentCollectiveDetails(d: CollectiveDetails): Static<typeof CollectiveDetailSchema> {
  const c = d.collective;
  return {
    name: c.name,
    description: c.description,
    creator: c.creator,
    status: d.status,
    bondedValue: formatDecimal(d.bondedValue),
    minimum: formatDecimal(d.minimum),
    bonded: presentBonds(d.bonded),
    paused: c.paused,
    depositWhitelist: {
      any: c.depositWhitelist.any,
      roles: [...c.depositWhitelist.roles],
      accounts: [...c.depositWhitelist.accounts],
    },
    ownersWhitelist: { roles: [...c.ownersWhitelist.roles], accounts: [...c.ownersWhitelist.accounts] },
    spendingPools: c.spendingPools.map((p) => ({ name: p.name, share: p.share })),
    claimStart: c.claimStart,
    claimPeriod: c.claimPeriod,
    claimEnd: c.claimEnd,
    voteQuorum: c.voteQuorum,
    votePeriod: c.votePeriod,
    voteEnactment: c.voteEnactment,
    lastDistro: c.lastDistro,
    bondingDeadline: c.bondingDeadline,
    reachedMinimumAt: unixOrNull(c.reachedMinimumAt),
    account: c.account,
    accountStatus: d.accountStatus,
    contributors: d.contributors.map(presentContributor),
    breaches: d.breaches.map(presentBreach),
    books: d.books.map((b) => ({
      denom: b.denom,
      received: b.received.toString(),
      distributed: b.distributed.toString(),
      toPools: b.toPools.toString(),
      donationsSent: b.donationsSent.toString(),
      donationsHeld: b.donationsHeld.toString(),
      awaiting: b.awaiting.toString(),
      returned: b.returned.toString(),
      chain: presentCheck(b.check),
    })),
    donations: presentBonds(d.donations),
    rewards: presentBonds(d.rewards),
    distributions: d.distributions.items.map(presentDistribution),
    nextDistributionsCursor: d.distributions.next,
    bookedRewards: d.bookedRewards.map(presentReward),
    transfers: d.transfers.map(presentTransfer),
    // A removed collective stays readable with why and when (DESIGN §8).
    removed: c.removedAt === null ? null : { at: unix(c.removedAt), reason: c.removedReason ?? 'removed' },
    createdAt: unix(c.createdAt),
  };
}
