import type { DelegationStatus } from '../delegation/types.js';
import type { Address, Planck } from '../shared/types.js';

export interface EraStat {
  era: number;
  delegatorsActive: number;
  delegatorsPending: number;
  /** Sum of `ledger.active` of the active delegations at the start of the era. */
  stake: Planck;
  nominated: Address[];
  elected: Address[];
  /** Nominated by NDeST at the election, elected in this era, not elected in the era before. */
  entered: Address[];
}

export interface StatsRepository {
  statusCounts(): Promise<Record<DelegationStatus, number>>;
  eraStat(era: number): Promise<EraStat | null>;
  latestEraStat(): Promise<EraStat | null>;
  /** Records the era once; a second call for the same era changes nothing. */
  saveEraStat(stat: EraStat): Promise<void>;
  eraStats(limit: number): Promise<EraStat[]>;
  /** Distinct validators that ever entered the active set while nominated. */
  enteredTotal(): Promise<number>;
}
