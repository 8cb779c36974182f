import type { Address } from '../shared/types.js';

/** What pools read from the token and role registries (DESIGN §2, §8 Admin). */
export interface PoolRegistries {
  /** The registry's tokens, by denom. */
  tokens(): Promise<Map<string, { kind: 'native' | 'asset'; assetId: number | null; decimals: number }>>;
  roleExists(name: string): Promise<boolean>;
  rolesOf(address: Address): Promise<string[]>;
  /** Distinct members of any of these roles. */
  membersOf(roles: string[]): Promise<Address[]>;
}
