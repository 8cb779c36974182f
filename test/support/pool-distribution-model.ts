/**
 * The whole-period view of a dynamic pool's payout, kept as the tests' model: what each beneficiary
 * gets for a full period, the bounds on what stays held. The service itself settles registrations
 * one by one (src/domain/pools/advance-periods.ts), and its results are checked against this.
 */
import type { Fixed } from '../../src/domain/shared/fixed-point.js';
import type { Planck } from '../../src/domain/shared/types.js';
import { accrueStatic } from '../../src/domain/pools/accrual.js';
import { isEligible, type Period } from '../../src/domain/pools/period-maths.js';
import { dynamicRate, eligibleWeight, type WeightedBeneficiary } from '../../src/domain/pools/rate-maths.js';

export interface PeriodShare {
  address: string;
  /** 0 for a beneficiary who registered after the period began. */
  amount: Planck;
  eligible: boolean;
}

export interface PeriodDistribution {
  /** The rate the deposits give (what PoolPeriodRate stores), planck / s / unit of weight. */
  rate: Fixed;
  /** Σ weights of the eligible beneficiaries. */
  totalWeight: Fixed;
  /** One per beneficiary, in the order given. */
  shares: PeriodShare[];
  /** Σ shares: never above the deposits. */
  paid: Planck;
  /** deposits − paid: the rounding remainder, which stays held in the pool. */
  dust: Planck;
}

export interface DistributePeriodInput {
  period: Period;
  /** What the period's rate pays out: the deposits of the period before (DESIGN §3). */
  deposits: Planck;
  beneficiaries: readonly WeightedBeneficiary[];
}

/**
 * What each beneficiary receives over a whole dynamic period: floor(rate × weight × P), exactly
 * what accrueDynamic gives a claim over the whole period, so a distribution and claims agree.
 *
 * Bounds (n eligible beneficiaries of total weight W, P the period in seconds):
 * - paid ≤ deposits: rate ≤ D / (P·W), so Σ floor(rate·wᵢ·P) ≤ rate·W·P ≤ D.
 * - dust < n + P·W·10^-18: flooring the rate loses under 10^-18 per second per unit of weight
 *   (under P·W·10^-18 planck in all), and flooring each share loses under 1 planck (under n).
 *   While P·W < 10^18 (a year's period and Σ weights up to 3·10^10) that is dust ≤ n, and n is
 *   reached (D = 1, P = 3, one beneficiary of weight 1: rate 0.333…, share 0, dust 1).
 *   With no one eligible, the rate is 0 and all of D stays held.
 * - Each share ≤ D·wᵢ / W, the exact proportional share; weight 2 gets twice weight 1's share
 *   or that plus 1 planck (floor(2x) − 2·floor(x) ∈ {0, 1}).
 */
export function distributePeriod(input: DistributePeriodInput): PeriodDistribution {
  const { period, deposits, beneficiaries } = input;
  const seconds = period.end - period.start;
  const totalWeight = eligibleWeight(beneficiaries, period.start);
  const rate = dynamicRate(deposits, seconds, totalWeight);
  const shares = beneficiaries.map((b): PeriodShare => {
    const eligible = isEligible(b.registeredAt, period.start);
    return { address: b.address, eligible, amount: eligible ? accrueStatic(rate, b.weight, seconds) : 0n };
  });
  const paid = shares.reduce((total, share) => total + share.amount, 0n);
  return { rate, totalWeight, shares, paid, dust: deposits - paid };
}
