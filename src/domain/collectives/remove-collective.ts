import type { CollectiveDeps } from './collective-deps.js';
import type { CollectiveUnit } from './collective.repository.js';
import { distributeToPools } from './distribute.use-case.js';

/**
 * Removes a collective (by proposal, automatically, or at the end of its bonding window; DESIGN
 * §2): every counting contribution is released, locked or not; each stash whose destination
 * before the collective's is known gets it back (a `restore` change: the payee batch checks on
 * chain, before sending, that the payee is still the collective's account and the delegation
 * still active, so a stash that moved on is left alone); what awaits distribution and the
 * donations held go to the pools in a final distribution; then the record is marked removed,
 * with its reason and time, and stays readable. Nothing happens to a removed collective.
 */
export async function removeCollective(
  deps: Pick<CollectiveDeps, 'registries'>,
  unit: CollectiveUnit,
  reason: string,
  now: Date,
): Promise<void> {
  if (unit.collective.removedAt !== null) return;
  for (const contributor of await unit.contributors()) {
    if (contributor.status !== 'counting') continue;
    await unit.endContribution(contributor.address, 'released', `collective removed: ${reason}`, now);
    if (contributor.previousPayee !== null)
      await unit.queuePayeeChange({
        stash: contributor.address,
        kind: 'restore',
        payee: contributor.previousPayee,
        at: now,
      });
  }
  const pools = await deps.registries.pools(unit.collective.spendingPools.map((p) => p.name));
  await distributeToPools(unit, pools, 'final', Math.floor(now.getTime() / 1000));
  await unit.markRemoved(reason, now);
}
