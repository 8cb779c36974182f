import type { Address } from '../shared/types.js';

/**
 * The order a draw's pool is laid out in before shuffling: plain code-unit string order, so anyone
 * replaying a draw from the recorded snapshot lays it out the same way.
 */
export const compareAddresses = (a: Address, b: Address): number => (a < b ? -1 : a > b ? 1 : 0);

/** A sorted copy without duplicates. */
export function canonicalSet(addresses: Iterable<Address>): Address[] {
  return [...new Set(addresses)].sort(compareAddresses);
}
