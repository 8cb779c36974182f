import type { ValidatorSetView } from '../ports/chain-reading.js';
import type { Address, Perbill } from '../shared/types.js';
import { compareAddresses } from './canonical-order.js';
import { formatPerbill } from './format-perbill.js';
import type { CandidateEntry, CandidateEvaluation, IneligibleReason } from './types.js';

/**
 * The chain's verdict on each listed candidate, with exactly one reason per ineligible one, in
 * this precedence: PROGRAMME_INVALID, NOT_VALIDATING, BLOCKED, COMMISSION_TOO_HIGH, ACTIVE.
 * Output order follows `entries`.
 */
export function evaluateCandidates(
  entries: CandidateEntry[],
  view: ValidatorSetView,
  commissionCap: Perbill,
): CandidateEvaluation[] {
  return entries.map((entry) => {
    const prefs = view.validators.get(entry.stash);
    const elected = view.elected.has(entry.stash);
    const verdict = firstReason(entry, view, commissionCap);
    return {
      stash: entry.stash,
      name: entry.name,
      eligible: verdict === null,
      reason: verdict?.reason ?? null,
      detail: verdict?.detail ?? null,
      validating: prefs !== undefined,
      commission: prefs?.commission ?? null,
      blocked: prefs?.blocked ?? null,
      elected,
      programmeValid: entry.programmeValid,
    };
  });
}

function firstReason(
  entry: CandidateEntry,
  view: ValidatorSetView,
  commissionCap: Perbill,
): { reason: IneligibleReason; detail: string } | null {
  if (entry.programmeValid === false) {
    const why = entry.programmeDetails.length > 0 ? `: ${entry.programmeDetails.join('; ')}` : '';
    return { reason: 'PROGRAMME_INVALID', detail: `the programme marks it invalid${why}` };
  }
  const prefs = view.validators.get(entry.stash);
  if (prefs === undefined) {
    return { reason: 'NOT_VALIDATING', detail: 'not in staking.validators: it does not intend to validate' };
  }
  if (prefs.blocked) {
    return { reason: 'BLOCKED', detail: 'its validator preferences block new nominations' };
  }
  if (prefs.commission > commissionCap) {
    return {
      reason: 'COMMISSION_TOO_HIGH',
      detail: `commission ${formatPerbill(prefs.commission)} exceeds the cap of ${formatPerbill(commissionCap)}`,
    };
  }
  if (view.elected.has(entry.stash)) {
    return { reason: 'ACTIVE', detail: `already elected in the active era ${view.activeEra}` };
  }
  return null;
}

/** The pool a round draws from: eligible (hence inactive) stashes in canonical string order. */
export function eligibleInactive(evaluations: CandidateEvaluation[]): Address[] {
  return evaluations
    .filter((evaluation) => evaluation.eligible)
    .map((evaluation) => evaluation.stash)
    .sort(compareAddresses);
}
