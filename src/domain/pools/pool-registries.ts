import type { ChainToken } from '../ports/chain-events.js';
import type { Address } from '../shared/types.js';

/** What pools read from the token and role registries (DESIGN §2, §8 Admin). */
export interface RegistryToken {
  kind: 'native' | 'asset';
  assetId: number | null;
  decimals: number;
}

/** What the chain moves for a registry token. */
export const chainTokenOf = (t: RegistryToken): ChainToken =>
  t.kind === 'native' ? { kind: 'native' } : { kind: 'asset', assetId: t.assetId! };

export interface PoolRegistries {
  /** The registry's tokens, by denom. */
  tokens(): Promise<Map<string, RegistryToken>>;
  roleExists(name: string): Promise<boolean>;
  rolesOf(address: Address): Promise<string[]>;
  /** Distinct members of any of these roles. */
  membersOf(roles: string[]): Promise<Address[]>;
}
