import type { StashView } from '../ports/chain-reading.js';
import type { Address } from '../shared/types.js';
import { hasOperatorProxy } from './delegation-rules.js';
import type { Delegation, StatusChange } from './types.js';

/** How long an opt-in waits for its Staking proxy before it lapses (PENDING_EXPIRY_MS). */
export const DEFAULT_PENDING_EXPIRY_MS = 7 * 24 * 60 * 60 * 1000;

/** A pending delegation whose status began at or before this instant has waited too long. */
export const pendingExpiryCutoff = (now: Date, expiryMs: number): Date => new Date(now.getTime() - expiryMs);

/**
 * An opt-in whose proxy never came is not kept forever: it lapses into `opted_out` (a status the
 * user leaves by opting in again), with a reason that says it expired. A pending delegation that
 * has the proxy (waiting only for its bond) is a user who did set things up: it stays.
 * The wait counts from `statusSince`, the moment it became pending, not from the row's creation:
 * a stash that opts in again reuses its row.
 */
export function pendingExpiry(input: {
  delegation: Delegation;
  view: StashView;
  operator: Address;
  now: Date;
  expiryMs: number;
}): StatusChange | null {
  const { delegation, now, expiryMs } = input;
  if (delegation.status !== 'pending') return null;
  if (hasOperatorProxy(input.view, input.operator)) return null;
  if (delegation.statusSince.getTime() > pendingExpiryCutoff(now, expiryMs).getTime()) return null;
  return {
    to: 'opted_out',
    reason: `expired: no Staking proxy to the operator within ${formatDuration(expiryMs)} of opting in`,
  };
}

/** "7 days", "36 hours", "90 minutes", "45 seconds": the largest whole unit. */
export function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1_000, 'second'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}
