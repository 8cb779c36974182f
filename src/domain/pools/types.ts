import type { Address, Planck } from '../shared/types.js';

/**
 * Spending Pools (DESIGN §3, §8). Times are unix seconds (bigint-free `number`: they fit), amounts
 * planck (bigint); weights, rates and quorums exact decimal strings in the API and `Fixed`
 * (bigint scaled by 10^18, see shared/fixed-point.ts) in the maths.
 */
export interface BeneficiaryEntry {
  kind: 'account' | 'role';
  /** The address (kind account) or the role's name (kind role). */
  name: string;
  /** Exact decimal string, > 0. */
  weight: string;
}

export interface PoolSettings {
  description: string;
  /** Unix seconds. */
  claimStart: number;
  /** Unix seconds; 0: none. */
  claimEnd: number;
  /** Seconds a claim may reach back; 0: no cap (dynamic pools: always dynamicRatePeriod). */
  claimExpire: number;
  voteQuorum: string;
  votePeriod: number;
  voteEnactment: number;
  owners: { roles: string[]; accounts: Address[] };
  beneficiaries: BeneficiaryEntry[];
  /** Static pools: planck per second per unit of weight, per token (exact decimal strings). */
  tokenRates: { denom: string; rate: string }[];
  dynamicRate: boolean;
  /** Seconds; set when dynamicRate. */
  dynamicRatePeriod: number | null;
}

export interface SpendingPool extends PoolSettings {
  id: string;
  name: string;
  creator: Address;
  /** The pool's pure proxy, once it exists on chain. */
  account: Address | null;
  accountIndex: number;
  createdAt: Date;
}

export interface PoolRegistration {
  address: Address;
  registeredAt: Date;
  lastClaimAt: Date;
}

export type PayoutLineKind = 'claim' | 'distribution' | 'settlement' | 'payment';

/** What the pool owes one beneficiary in one token, until a transfer pays it. */
export interface PayoutLine {
  address: Address;
  denom: string;
  amount: Planck;
  kind: PayoutLineKind;
  accruedFrom: Date | null;
  accruedTo: Date | null;
  proposalId: string | null;
}
