import type { Address } from '../shared/types.js';

/**
 * The order a draw's pool is laid out in before shuffling: plain code-unit string order, so anyone
 * replaying a draw from the recorded snapshot lays it out the same way.
 */
export const compareAddresses = (a: Address, b: Address): number => (a < b ? -1 : a > b ? 1 : 0);

/** A sorted copy without duplicates; a pool already in canonical order (a round's) is only copied. */
export function canonicalSet(addresses: Iterable<Address>): Address[] {
  const list = [...addresses];
  return isStrictlyAscending(list) ? list : [...new Set(list)].sort(compareAddresses);
}

function isStrictlyAscending(list: Address[]): boolean {
  for (let i = 1; i < list.length; i += 1) if (compareAddresses(list[i - 1]!, list[i]!) >= 0) return false;
  return true;
}
