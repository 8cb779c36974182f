/** What the API answers about spending pools (GET /v1/spending-pools/{name} and friends), as the page reads it. */

export interface TokenRate {
  denom: string;
  /** Planck per second per unit of weight (an exact decimal string). */
  rate: string;
}

export interface ChainCheck {
  chainBalance: string;
  expected: string;
  difference: string;
  /** The block the balance was read at. */
  at: string | number | null;
  checkedAt: number;
}

export interface PoolBalance {
  denom: string;
  deposited: string;
  paid: string;
  owed: string;
  held: string;
  chain: ChainCheck | null;
}

export interface PeriodRate {
  denom: string;
  rate: string;
  deposits: string;
  totalWeight: string;
}

export interface CurrentPeriod {
  index: number;
  start: number | null;
  end: number;
  deposits: Record<string, string>;
  rates: PeriodRate[];
}

export interface PayoutLine {
  id: string;
  address: string;
  denom: string;
  amount: string;
  /** claim | distribution | settlement | payment */
  kind: string;
  /** owed | paid, and the batch states between */
  status: string;
  accruedFrom: number | null;
  accruedTo: number | null;
  proposalId: string | null;
  note: string | null;
  createdAt: number;
}

export interface PoolDetail {
  name: string;
  description: string;
  creator: string;
  account: string | null;
  accountStatus: 'creating' | 'endowing' | 'ready' | string;
  createdAt: number;
  claimStart: number;
  claimEnd: number;
  claimExpire: number;
  voteQuorum: string;
  votePeriod: number;
  voteEnactment: number;
  owners: { roles?: string[]; accounts?: string[] };
  beneficiaries: { roles?: { name: string; weight: string }[]; accounts?: { address: string; weight: string }[] };
  dynamicRate: boolean;
  dynamicRatePeriod: number | null;
  tokenRates: TokenRate[];
  currentPeriod: CurrentPeriod | null;
  balances: PoolBalance[];
  unknownTokens: { assetId: number | string; held: string; chain: ChainCheck | null }[];
  registrations: { address: string; registeredAt: number; lastClaimAt: number }[];
  owed: { address: string; denom: string; amount: string; note?: string | null }[];
  claims: PayoutLine[];
  nextClaimsCursor: string | null;
}

export interface ClaimLine {
  address: string;
  denom: string;
  amount: string;
  accruedFrom: number | null;
  accruedTo: number | null;
}
