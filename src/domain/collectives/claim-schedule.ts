import type { CollectiveStatus, StakingCollective } from './types.js';

/**
 * Whether a collective's claim is due at `now` (unix seconds): only while active (paused,
 * inactive and removed collectives never claim), never before claimStart, never at or after
 * claimEnd (0: no end), and never sooner than claimPeriod after the last claim (DESIGN §2, §8:
 * lastDistro moves at every claim, whether or not rewards arrived).
 */
export function claimDue(
  c: Pick<StakingCollective, 'claimStart' | 'claimEnd' | 'claimPeriod' | 'lastDistro'>,
  status: CollectiveStatus,
  now: number,
): boolean {
  if (status !== 'active') return false;
  if (now < c.claimStart) return false;
  if (c.claimEnd !== 0 && now >= c.claimEnd) return false;
  return c.lastDistro === null || now - c.lastDistro >= c.claimPeriod;
}
