import type { Address } from '../shared/types.js';
import type { SpendingPool } from './types.js';

/** The creator is an owner without being listed; members of owner roles are owners (DESIGN §8). */
export function isPoolOwner(pool: SpendingPool, address: Address, rolesOfAddress: string[]): boolean {
  return (
    pool.creator === address ||
    pool.owners.accounts.includes(address) ||
    pool.owners.roles.some((r) => rolesOfAddress.includes(r))
  );
}

/**
 * A beneficiary's weight: its own account entry's when listed by address, otherwise the largest of
 * its roles' (one person is one beneficiary, however many roles name them); null: not a beneficiary.
 */
export function beneficiaryWeight(pool: SpendingPool, address: Address, rolesOfAddress: string[]): string | null {
  const own = pool.beneficiaries.find((b) => b.kind === 'account' && b.name === address);
  if (own) return own.weight;
  const byRole = pool.beneficiaries.filter((b) => b.kind === 'role' && rolesOfAddress.includes(b.name));
  if (byRole.length === 0) return null;
  return byRole.reduce((a, b) => (compareDecimalStrings(a.weight, b.weight) >= 0 ? a : b)).weight;
}

/** Compares two canonical decimal strings exactly. */
export function compareDecimalStrings(a: string, b: string): number {
  const [ai = '0', af = ''] = a.split('.');
  const [bi = '0', bf = ''] = b.split('.');
  const width = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(width, '0'));
  const y = BigInt(bi + bf.padEnd(width, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}
