import { parseDecimalText, type Fixed } from '../shared/fixed-point.js';
import type { NetworkProperties } from '../registry/network-properties.js';
import { committedValue } from './bonds.js';
import type { CollectiveDeps } from './collective-deps.js';
import type { CollectiveUnit } from './collective.repository.js';
import { removeCollective } from './remove-collective.js';
import type { CollectiveStatus, StakingCollective } from './types.js';

const unixSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * A collective's status (DESIGN §2): removed, else paused (the owners' decision), else active
 * when its bonded value reaches the minimum and its claims have started, else inactive.
 */
export function computeStatus(
  c: Pick<StakingCollective, 'paused' | 'removedAt' | 'claimStart'>,
  bonded: Fixed,
  minimum: Fixed,
  now: number,
): CollectiveStatus {
  if (c.removedAt !== null) return 'removed';
  if (c.paused) return 'paused';
  return bonded >= minimum && now >= c.claimStart ? 'active' : 'inactive';
}

/** minCollectiveBond as a Fixed (base units); the registry stores it canonical, so it always parses. */
export function minimumOf(props: Pick<NetworkProperties, 'minCollectiveBond'>): Fixed {
  const minimum = parseDecimalText(props.minCollectiveBond);
  if (minimum === null) throw new Error(`minCollectiveBond is not a decimal: ${props.minCollectiveBond}`);
  return minimum;
}

/** The collective's bonded value and the minimum, from the registry's rates and properties of now. */
export async function bondedAndMinimum(
  deps: Pick<CollectiveDeps, 'registries'>,
  unit: CollectiveUnit,
): Promise<{ bonded: Fixed; minimum: Fixed }> {
  const [contributors, tokens, props] = await Promise.all([
    unit.contributors(),
    deps.registries.tokens(),
    deps.registries.networkProperties(),
  ]);
  return { bonded: committedValue(contributors, tokens), minimum: minimumOf(props) };
}

/**
 * Recomputes the status from the counting contributions and the registry's rates now, and stores
 * it, with reachedMinimumAt the first time the bonded value is at or above the minimum (what
 * saves a collective at the end of its bonding window). `changed` names settings written in this
 * change that `unit.collective`, read when the change began, does not show yet.
 */
export async function refreshStatus(
  deps: Pick<CollectiveDeps, 'registries'>,
  unit: CollectiveUnit,
  now: Date,
  changed: Partial<Pick<StakingCollective, 'paused' | 'claimStart'>> = {},
): Promise<CollectiveStatus> {
  const c = { ...unit.collective, ...changed };
  const { bonded, minimum } = await bondedAndMinimum(deps, unit);
  const status = computeStatus(c, bonded, minimum, unixSeconds(now));
  const reachedMinimumAt = c.reachedMinimumAt ?? (status !== 'removed' && bonded >= minimum ? now : null);
  if (status !== c.status || reachedMinimumAt !== c.reachedMinimumAt) await unit.setStatus(status, reachedMinimumAt);
  return status;
}

/**
 * The end of the bonding window (DESIGN §2): a collective that never reached the minimum by its
 * bondingDeadline is removed without ever having been active, every commitment released. True
 * when it removed it. A collective that reaches the minimum just now is saved (and recorded so).
 */
export async function expireBondingWindow(
  deps: Pick<CollectiveDeps, 'registries'>,
  unit: CollectiveUnit,
  now: Date,
): Promise<boolean> {
  const c = unit.collective;
  if (c.removedAt !== null || c.reachedMinimumAt !== null || unixSeconds(now) < c.bondingDeadline) return false;
  const { bonded, minimum } = await bondedAndMinimum(deps, unit);
  if (bonded >= minimum) {
    await refreshStatus(deps, unit, now);
    return false;
  }
  await removeCollective(
    deps,
    unit,
    `the bonded value did not reach minCollectiveBond within the bonding window (deadline ${c.bondingDeadline})`,
    now,
  );
  return true;
}
