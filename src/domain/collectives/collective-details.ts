import type { Clock } from '../ports/clock-and-beacon.js';
import type { BookCheck } from '../shared/book-check.js';
import type { Fixed } from '../shared/fixed-point.js';
import type { Page, PageRequest } from '../shared/page.js';
import { committedValue, totalBonds } from './bonds.js';
import { collectiveBooks, type CollectiveBooks } from './books.js';
import type { CollectiveRegistries } from './collective-deps.js';
import type { CollectiveRepository } from './collective.repository.js';
import { computeStatus, minimumOf } from './status.js';
import type {
  Bond,
  Breach,
  CollectiveStatus,
  CollectiveTokenSums,
  CollectiveTransferView,
  Contributor,
  Distribution,
  RewardBooking,
  StakingCollective,
} from './types.js';

export interface CollectiveDetailsDeps {
  collectives: CollectiveRepository;
  registries: CollectiveRegistries;
  clock: Clock;
}

/** One token's books as DESIGN §8 Accounts states them (see collectiveBooks), with its last check against the chain. */
export type TokenBooks = CollectiveBooks & {
  denom: string;
  /** The last reconciliation of this token's balance on chain; null: never checked. */
  check: BookCheck | null;
};

/** How far the collective's account has come: created on chain, then endowed by the operator. */
export type AccountStatus = 'creating' | 'endowing' | 'ready';

/**
 * One collective in full (DESIGN §8 reads, the "Reads"), in domain values: the caller
 * presents them as JSON. Everything that depends on the registry or the clock is computed at the
 * read, so that a token's new rate or its delisting shows at once rather than at the next tick.
 */
export interface CollectiveDetails {
  collective: StakingCollective;
  /** Computed now, not the one stored: the stored one lags until the next change or tick. */
  status: CollectiveStatus;
  /** Σ counting bonds valued at the registry's current rates (base units). */
  bondedValue: Fixed;
  /** minCollectiveBond now (base units). */
  minimum: Fixed;
  /** Σ counting bonds per token, in denom order. */
  bonded: Bond[];
  accountStatus: AccountStatus;
  /** Every contributor, counting or not, oldest first. */
  contributors: Contributor[];
  breaches: Breach[];
  /** Per token that has books or a check, in denom order. */
  books: TokenBooks[];
  /** Donations held per token (received as donations, not sent yet): owners send them by proposal. */
  donations: Bond[];
  /** Rewards awaiting distribution to the pools, per token. */
  rewards: Bond[];
  /** Distributions, newest first, a page at a time. */
  distributions: Page<Distribution>;
  /** The latest rewards booked (RECENT_LIMIT at most), newest first: how each was split. */
  bookedRewards: RewardBooking[];
  /** The latest transfers out of the account (RECENT_LIMIT at most), newest first, with their status. */
  transfers: CollectiveTransferView[];
}

/** How many of the latest rewards and transfers the details show. */
export const RECENT_LIMIT = 100;
const RECENT: PageRequest = { limit: RECENT_LIMIT, after: null };

export const DEFAULT_DISTRIBUTIONS_PAGE: PageRequest = { limit: 20, after: null };

/** One collective in full, or null when there is no collective of that name. */
export async function collectiveDetails(
  deps: CollectiveDetailsDeps,
  name: string,
  distributionsPage: PageRequest = DEFAULT_DISTRIBUTIONS_PAGE,
): Promise<CollectiveDetails | null> {
  const collective = await deps.collectives.byName(name);
  if (!collective) return null;
  const [contributors, breaches, sums, checks, distributions, rewards, transfers, tokens, properties] =
    await Promise.all([
      deps.collectives.contributors(collective.id),
      deps.collectives.breaches(collective.id),
      deps.collectives.sums(collective.id),
      deps.collectives.bookChecks(collective.id),
      deps.collectives.distributions(collective.id, distributionsPage),
      deps.collectives.rewards(collective.id, RECENT),
      deps.collectives.transfers(collective.id, RECENT),
      deps.registries.tokens(),
      deps.registries.networkProperties(),
    ]);
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const bondedValue = committedValue(contributors, tokens);
  const minimum = minimumOf(properties);

  const books = [...new Set([...sums.keys(), ...checks.map((c) => c.denom)])].sort(byText).map((denom) => {
    const s = sums.get(denom) ?? ZERO_SUMS;
    return { denom, ...collectiveBooks(s), check: checks.find((c) => c.denom === denom) ?? null };
  });

  return {
    collective,
    status: computeStatus(collective, bondedValue, minimum, now),
    bondedValue,
    minimum,
    bonded: totalBonds(contributors.filter((c) => c.status === 'counting')).sort((a, b) => byText(a.denom, b.denom)),
    accountStatus: collective.account === null ? 'creating' : collective.endowed ? 'ready' : 'endowing',
    contributors,
    breaches,
    books,
    donations: books.map((b) => ({ denom: b.denom, amount: b.donationsHeld })),
    rewards: books.map((b) => ({ denom: b.denom, amount: b.awaiting })),
    distributions,
    bookedRewards: rewards.items,
    transfers: transfers.items,
  };
}

const ZERO_SUMS: CollectiveTokenSums = {
  received: 0n,
  returned: 0n,
  donations: 0n,
  forPools: 0n,
  toPools: 0n,
  donationsSent: 0n,
  paidOut: 0n,
};

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
