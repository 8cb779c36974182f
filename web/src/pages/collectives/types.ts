/** What the API answers for collectives, tokens, network properties and proposals (src/api/schemas). */

export interface Bond {
  denom: string;
  /** Planck, a decimal string. */
  amount: string;
}

export interface BlockRef {
  hash: string;
  number: number;
}

export interface Contributor {
  address: string;
  status: 'counting' | 'released' | 'breached';
  bonds: Bond[];
  locking: number;
  donation: string;
  donationLock: boolean;
  joinedAt: number;
  endedReason: string | null;
  endedAt: number | null;
}

export interface BookCheck {
  chainBalance: string;
  expected: string;
  difference: string;
  at: BlockRef;
  checkedAt: number;
}

export interface TokenBooks {
  denom: string;
  received: string;
  distributed: string;
  toPools: string;
  donationsSent: string;
  donationsHeld: string;
  awaiting: string;
  returned: string;
  chain: BookCheck | null;
}

export interface Distribution {
  id: string;
  kind: 'claim' | 'final';
  at: number;
  amounts: Bond[];
}

export interface BookedReward {
  stash: string;
  era: number | null;
  denom: string;
  amount: string;
  returned: string;
  donation: string;
  forPools: string;
  block: BlockRef;
  bookedAt: number;
}

export interface CollectiveTransfer {
  id: string;
  kind: 'pool' | 'return' | 'donation';
  address: string;
  poolName: string | null;
  denom: string;
  amount: string;
  status: 'owed' | 'planned' | 'sent' | 'paid' | 'failed';
  error: string | null;
  distributionId: string | null;
  proposalId: string | null;
  createdAt: number;
}

export interface Breach {
  address: string;
  kind: string;
  detail: string;
  block: BlockRef | null;
  at: number;
}

export interface PoolShare {
  name: string;
  share: string;
}

export interface CollectiveDetail {
  name: string;
  description: string;
  creator: string;
  status: 'inactive' | 'active' | 'paused' | 'removed';
  bondedValue: string;
  minimum: string;
  bonded: Bond[];
  paused: boolean;
  depositWhitelist: { any: boolean; roles: string[]; accounts: string[] };
  ownersWhitelist: { roles: string[]; accounts: string[] };
  spendingPools: PoolShare[];
  claimStart: number;
  claimPeriod: number;
  claimEnd: number;
  voteQuorum: string;
  votePeriod: number;
  voteEnactment: number;
  lastDistro: number | null;
  bondingDeadline: number;
  reachedMinimumAt: number | null;
  account: string | null;
  accountStatus: 'creating' | 'endowing' | 'ready';
  contributors: Contributor[];
  breaches: Breach[];
  books: TokenBooks[];
  donations: Bond[];
  rewards: Bond[];
  distributions: Distribution[];
  nextDistributionsCursor: string | null;
  bookedRewards: BookedReward[];
  transfers: CollectiveTransfer[];
  removed: { at: number; reason: string } | null;
  createdAt: number;
}

export interface Names {
  names: string[];
  nextCursor: string | null;
}

export interface Token {
  denom: string;
  kind: string;
  assetId: number | null;
  decimals: number;
  /** Base units per whole token, a decimal string. */
  rate: string;
  staking: boolean;
}

export interface NetworkProperties {
  minCollectiveBond: string;
  minCollectiveBondingTime: number;
  maxCollectiveOutputs: number;
  minCollectiveClaimPeriod: number;
  updatedAt: number | null;
}

export interface Role {
  name: string;
  memberCount: number;
  createdAt: number;
}
