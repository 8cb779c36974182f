import { stringToU8a } from '@polkadot/util';
import { blake2AsU8a, encodeAddress } from '@polkadot/util-crypto';
import type { Delegation } from '../src/domain/delegation/types.js';
import type { Address } from '../src/domain/shared/types.js';

/** A deterministic, keypair-free address: the blake2-256 of the index as an AccountId. */
export const syntheticStash = (index: number, prefix: number): Address =>
  encodeAddress(blake2AsU8a(stringToU8a(`ndest-bench:${index}`)), prefix);

/** `count` active delegations that were never nominated: every one needs a full draw. */
export function syntheticDelegations(count: number, prefix: number): Delegation[] {
  const since = new Date('2026-01-01T00:00:00Z');
  return Array.from({ length: count }, (_, index) => ({
    id: `bench-${index}`,
    stash: syntheticStash(index, prefix),
    status: 'active',
    statusReason: 'synthetic delegation of the benchmark',
    statusSince: since,
    targets: [],
    drawnInEra: null,
    nominatedAt: null,
    createdAt: since,
  }));
}
