import { FIXED_ONE, sumFixed, type Fixed } from '../shared/fixed-point.js';
import type { Planck } from '../shared/types.js';
import { isEligible } from './period-maths.js';

/** A beneficiary as the maths sees it: weights as Fixed, registration in unix seconds. */
export interface WeightedBeneficiary {
  address: string;
  weight: Fixed;
  registeredAt: number;
}

/** Σ weights of the beneficiaries who share in a period that starts at `periodStart`. */
export function eligibleWeight(beneficiaries: readonly WeightedBeneficiary[], periodStart: number): Fixed {
  return sumFixed(beneficiaries.filter((b) => isEligible(b.registeredAt, periodStart)).map((b) => b.weight));
}

/**
 * A dynamic period's rate, planck per second per unit of weight (DESIGN §3):
 * deposits / (P × Σ weights), floored to 10^-18 so that rate × Σ weights × P never exceeds the
 * deposits it pays out. With weights scaled by 10^18 too: rate = floor(D × 10^36 / (P × W)).
 * 0 when no one is eligible: the deposits stay held rather than being owed to no one.
 */
export function dynamicRate(deposits: Planck, periodSeconds: number, totalWeight: Fixed): Fixed {
  if (deposits < 0n || totalWeight < 0n) throw new RangeError('deposits and weights are never negative');
  if (!Number.isSafeInteger(periodSeconds) || periodSeconds <= 0) {
    throw new RangeError(`a period is a positive whole number of seconds, got ${periodSeconds}`);
  }
  if (totalWeight === 0n) return 0n;
  return (deposits * FIXED_ONE * FIXED_ONE) / (BigInt(periodSeconds) * totalWeight);
}
