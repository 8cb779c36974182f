/** Reading the staking chain: validators, limits, stashes. Plain data only: no codecs, no Prisma rows. */
import type { Address, BlockRef, Perbill, Planck } from '../shared/types.js';

export interface ValidatorPrefs {
  commission: Perbill;
  blocked: boolean;
}

/** Who validates, and who is elected in the active era, read at one block. */
export interface ValidatorSetView {
  at: BlockRef;
  activeEra: number;
  /** Every stash in `staking.validators` (intention to validate). */
  validators: Map<Address, ValidatorPrefs>;
  /** The active (elected) set of `activeEra`. */
  elected: Set<Address>;
}

export interface StakingLimits {
  minNominatorBond: Planck;
  /** Null where the runtime has no such item. */
  minimumActiveStake: Planck | null;
  maxNominations: number;
  /**
   * The native token's existential deposit: `staking.bond` refuses less (3,333,333 planck on
   * Kusama Asset Hub, where `minNominatorBond` may be lower; 333,333,333 on the relay chain).
   */
  existentialDeposit: Planck;
}

export type ProxyType = string; // 'Staking', 'Any', 'NonTransfer', …

export interface ProxyDefinition {
  delegate: Address;
  proxyType: ProxyType;
  delay: number;
}

/** What the chain shows for one stash, as the delegation watcher needs it. */
export interface StashView {
  stash: Address;
  /** `staking.ledger` of the stash (null: not bonded). */
  ledger: { total: Planck; active: Planck } | null;
  proxies: ProxyDefinition[];
  /** `staking.nominators` (null: not nominating). Targets in the chain's order. */
  nominations: { targets: Address[]; submittedIn: number } | null;
}

export interface ChainReader {
  /** Genesis hash of the staking chain (0x hex): part of every signed wallet message. */
  genesisHash(): string;
  ss58Prefix(): number;
  /** Symbol and decimals of the staking token. */
  token(): { symbol: string; decimals: number };
  activeEra(): Promise<{ index: number; at: BlockRef }>;
  stakingLimits(): Promise<StakingLimits>;
  validatorSet(): Promise<ValidatorSetView>;
  /** Batched read of many stashes at one block. */
  /** `at`: read in the state of that block instead of the head (e.g. when a signature was made). */
  stashViews(stashes: Address[], at?: BlockRef): Promise<{ at: BlockRef; views: Map<Address, StashView> }>;
}
