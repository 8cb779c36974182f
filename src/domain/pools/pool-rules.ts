import { compareFixed } from '../shared/fixed-point.js';
import type { Address } from '../shared/types.js';
import { fixedOf } from './accrue-lines.js';
import type { SpendingPool } from './types.js';

/**
 * A beneficiary's weight: its own account entry's when listed by address, otherwise the largest of
 * its roles' (one person is one beneficiary, however many roles name them); null: not a beneficiary.
 */
export function beneficiaryWeight(pool: SpendingPool, address: Address, rolesOfAddress: string[]): string | null {
  const own = pool.beneficiaries.find((b) => b.kind === 'account' && b.name === address);
  if (own) return own.weight;
  const byRole = pool.beneficiaries.filter((b) => b.kind === 'role' && rolesOfAddress.includes(b.name));
  if (byRole.length === 0) return null;
  return byRole.reduce((a, b) => (compareFixed(fixedOf(a.weight), fixedOf(b.weight)) >= 0 ? a : b)).weight;
}
