import type { Clock } from '../ports/clock-and-beacon.js';
import { claimDue } from './claim-schedule.js';
import type { CollectiveRegistries } from './collective-deps.js';
import type { CollectiveRepository } from './collective.repository.js';
import { distributeToPools } from './distribute.use-case.js';
import { expireBondingWindow, refreshStatus } from './status.js';

export interface AdvanceReport {
  removed: number;
  claimed: number;
}

/**
 * The collectives' clock, one pass: a collective whose bonding window ended under the minimum is
 * removed (never having been active), every other one has its status recomputed from the
 * registry's rates now, and an active one whose claim is due distributes what awaits to its
 * pools (lastDistro moves every time, DESIGN §8). Each collective in its own locked change, so a
 * crash between two leaves each one either done or not, and the next pass finishes.
 */
export async function advanceCollectives(deps: {
  collectives: CollectiveRepository;
  registries: CollectiveRegistries;
  clock: Clock;
}): Promise<AdvanceReport> {
  const report: AdvanceReport = { removed: 0, claimed: 0 };
  const failures: unknown[] = [];
  for (const name of await deps.collectives.liveNames())
    await deps.collectives
      .withCollective(name, async (unit) => {
        const now = deps.clock.now();
        if (unit.collective.status === 'removed') return;
        if (await expireBondingWindow(deps, unit, now)) {
          report.removed++;
          return;
        }
        const status = await refreshStatus(deps, unit, now);
        const seconds = Math.floor(now.getTime() / 1000);
        if (!claimDue(unit.collective, status, seconds)) return;
        const pools = await deps.registries.pools(unit.collective.spendingPools.map((p) => p.name));
        await distributeToPools(unit, pools, 'claim', seconds);
        report.claimed++;
      })
      .catch((error: unknown) => void failures.push(error));
  // One collective's failure never holds back the others' claims: thrown once they all ran.
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} collectives failed to advance`);
  return report;
}
