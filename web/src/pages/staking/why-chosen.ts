import { addressKey } from './address-key.js';
import type { DelegationSelection } from './delegation-api.js';

/**
 * The round that chose `target` for the stash: the newest selection that drew it (rather than
 * keeping it from an earlier round); failing that, the newest selection that lists it. Selections
 * come newest first, as the API gives them. Null when no recorded round names it (the user's own
 * nomination, or a round older than the ones the API lists).
 */
export function whyChosen(target: string, selections: readonly DelegationSelection[]): DelegationSelection | null {
  const key = addressKey(target);
  const lists = (s: DelegationSelection) => s.targets.some((t) => addressKey(t) === key);
  const kept = (s: DelegationSelection) => s.keptTargets.some((t) => addressKey(t) === key);
  return selections.find((s) => lists(s) && !kept(s)) ?? selections.find(lists) ?? null;
}

export interface NominationRow {
  address: string;
  /** The chain shows the stash nominating it now. */
  onChain: boolean;
  /** NDeST's latest nomination for the stash includes it. */
  byNdest: boolean;
}

/** The chain's nominations and NDeST's latest targets as one list: NDeST's order first, then the others. */
export function nominationRows(
  chainTargets: readonly string[] | null,
  ndestTargets: readonly string[],
): NominationRow[] {
  const onChain = new Set((chainTargets ?? []).map(addressKey));
  const byNdest = new Set(ndestTargets.map(addressKey));
  const rows: NominationRow[] = [];
  const seen = new Set<string>();
  for (const address of [...ndestTargets, ...(chainTargets ?? [])]) {
    const key = addressKey(address);
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({ address, onChain: onChain.has(key), byNdest: byNdest.has(key) });
  }
  return rows;
}
