import type { StakingLimits, StashView } from '../ports/chain-reading.js';
import type { Address } from '../shared/types.js';

/**
 * Plain words for a stash that earns nothing: waiting validators earn nothing until elected, and a
 * bond below `minimumActiveStake` earns nothing at all.
 */
export function earningWarnings(input: {
  view: StashView;
  limits: Pick<StakingLimits, 'minimumActiveStake'>;
  /** The elected set of the latest era the service recorded (null: not known yet). */
  elected: ReadonlySet<Address> | null;
  era: number | null;
}): string[] {
  const warnings: string[] = [];
  const targets = input.view.nominations?.targets ?? [];
  if (targets.length === 0) warnings.push('This stash nominates no validator: it earns nothing.');
  else if (input.elected && !targets.some((t) => input.elected!.has(t)))
    warnings.push(
      `None of the validators this stash nominates is in the active set of era ${input.era}: it earns nothing until one of them is elected.`,
    );
  const active = input.view.ledger?.active ?? 0n;
  const min = input.limits.minimumActiveStake;
  if (min !== null && active < min)
    warnings.push(
      `The bond (${active} planck) is below minimumActiveStake (${min} planck): this stash earns nothing even when a nominee is elected.`,
    );
  return warnings;
}
