import type { Clock } from '../ports/clock-and-beacon.js';
import type { AddressCodec } from '../ports/wallet.js';
import type { NetworkProperties } from '../registry/network-properties.js';
import type { Address } from '../shared/types.js';
import type { Authorize } from '../wallet/authorize.js';
import type { StakeReader } from './collective-chain.js';
import type { CollectiveRepository } from './collective.repository.js';
import type { RemovalProposals } from './removal-proposals.js';

/** What collectives read from the token, role and pool registries and the network properties (DESIGN §2, §8). */
export interface CollectiveToken {
  kind: 'native' | 'asset';
  assetId: number | null;
  decimals: number;
  /** Base units per whole token: an exact decimal string. */
  rate: string;
  staking: boolean;
}

export interface CollectiveRegistries {
  /** The registry's tokens, by denom. */
  tokens(): Promise<Map<string, CollectiveToken>>;
  /**
   * The denom of the chain's native token, in which `staking` pays every reward: the registry's
   * (kind native) or, when an operator delisted it, the chain's own symbol. Rewards keep being
   * booked and paid out while it is delisted (the collective is inactive meanwhile: nothing counts).
   */
  nativeDenom(): Promise<string>;
  networkProperties(): Promise<NetworkProperties>;
  roleExists(name: string): Promise<boolean>;
  rolesOf(address: Address): Promise<string[]>;
  /** Distinct members of any of these roles. */
  membersOf(roles: string[]): Promise<Address[]>;
  /** The spending pools of these names that exist, with their account (null until it exists on chain). */
  pools(names: string[]): Promise<Map<string, { account: Address | null }>>;
}

/** NDeST's own record of a stash: a contribution needs an active delegation (DESIGN §2). */
export interface CollectiveDelegations {
  /**
   * Each stash's delegation status (pending, active, opted_out, revoked, manual), in one read;
   * a stash that never opted in is absent.
   */
  statusesOf(stashes: Address[]): Promise<Map<Address, string>>;
}

export interface CollectiveDeps {
  authorize: Authorize;
  collectives: CollectiveRepository;
  registries: CollectiveRegistries;
  delegations: CollectiveDelegations;
  /** The chain's view of stashes (ledger, payee, proxies), at the head or at a given block. */
  stakes: StakeReader;
  /** Raises the automatic removal proposal of a withdrawal refused below the minimum. */
  removals: RemovalProposals;
  codec: AddressCodec;
  clock: Clock;
  /** The operator's address (the Staking proxy's delegate); null in read-only mode. */
  operator: () => Address | null;
}
