import type { Address } from '../shared/types.js';

export type DelegationStatus = 'pending' | 'active' | 'opted_out' | 'revoked' | 'manual';
export type ChangeSource = 'api' | 'watcher' | 'round';

export interface Delegation {
  id: string;
  stash: Address;
  status: DelegationStatus;
  statusReason: string;
  statusSince: Date;
  /** What the service last set on chain; empty until its first successful nomination. */
  targets: Address[];
  /** Active era of the last full draw: the rotation period counts from here. */
  drawnInEra: number | null;
  nominatedAt: Date | null;
  createdAt: Date;
}

export interface DelegationEvent {
  fromStatus: DelegationStatus | null;
  toStatus: DelegationStatus;
  reason: string;
  source: ChangeSource;
  at: Date;
}

export interface StatusChange {
  to: DelegationStatus;
  reason: string;
}
