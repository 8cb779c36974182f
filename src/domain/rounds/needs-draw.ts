import type { CandidateEvaluation, IneligibleReason } from '../candidates/types.js';
import type { Address } from '../shared/types.js';

export interface DrawInput {
  /** Targets the service last set for this delegator; empty if never. */
  targets: Address[];
  /** Active era in which `targets` were drawn; null if never. */
  drawnInEra: number | null;
  activeEra: number;
  rotationEras: number;
  targetsPerDelegator: number;
  /** The round's snapshot, by stash. */
  evaluations: Map<Address, CandidateEvaluation>;
  /** How many stashes the round's draw pool (eligible inactive) holds. */
  eligiblePoolSize: number;
}

export type DrawReason = 'new' | 'rotation' | 'target_invalid' | 'incomplete';

/** Why a current target can no longer be nominated. */
export type TargetProblem = Exclude<IneligibleReason, 'ACTIVE'> | 'LEFT_PROGRAMME';

export interface InvalidTarget {
  stash: Address;
  problem: TargetProblem;
  detail: string;
}

export interface DrawNeeded {
  needs: true;
  reason: DrawReason;
  detail: string;
  /** Current targets carried into the new nomination; the draw excludes them and fills the rest. */
  kept: Address[];
  /** Filled for `target_invalid`: which targets failed and why. */
  invalidTargets: InvalidTarget[];
}

export type DrawDecision = { needs: false } | DrawNeeded;

/**
 * Whether a delegator needs a draw this round (DESIGN §1 "Rounds"), checked in order: never
 * drawn; rotation period over; a target no longer valid; fewer targets than configured while the
 * pool could fill the gap.
 */
export function decideDraw(input: DrawInput): DrawDecision {
  const { targets, drawnInEra, activeEra, rotationEras, targetsPerDelegator, evaluations } = input;
  if (targets.length === 0 || drawnInEra === null) {
    return needs('new', 'no targets set by the service yet', []);
  }
  const age = activeEra - drawnInEra;
  if (age >= rotationEras) {
    return needs(
      'rotation',
      `targets drawn in era ${drawnInEra}, ${age} eras ago (rotation every ${rotationEras})`,
      [],
    );
  }

  const invalidTargets = targets.flatMap((stash) => {
    const problem = problemOf(stash, evaluations.get(stash));
    return problem ? [problem] : [];
  });
  if (invalidTargets.length > 0) {
    // A target that got elected stays until rotation: the stake that got it in keeps it in.
    const kept = targets.filter((stash) => evaluations.get(stash)?.reason === 'ACTIVE');
    const detail = invalidTargets.map((target) => `${target.stash} ${target.problem}: ${target.detail}`).join('; ');
    return { ...needs('target_invalid', detail, kept), invalidTargets };
  }

  const targetedInPool = targets.filter((stash) => evaluations.get(stash)?.eligible === true).length;
  const untargetedInPool = input.eligiblePoolSize - targetedInPool;
  if (targets.length < targetsPerDelegator && untargetedInPool > 0) {
    const detail = `${targets.length} of ${targetsPerDelegator} targets; the pool has ${untargetedInPool} more`;
    return needs('incomplete', detail, [...targets]);
  }
  return { needs: false };
}

function problemOf(stash: Address, evaluation: CandidateEvaluation | undefined): InvalidTarget | null {
  if (evaluation === undefined) {
    return { stash, problem: 'LEFT_PROGRAMME', detail: 'no longer listed by the candidate source' };
  }
  if (evaluation.eligible || evaluation.reason === 'ACTIVE' || evaluation.reason === null) return null;
  return { stash, problem: evaluation.reason, detail: evaluation.detail ?? evaluation.reason };
}

function needs(reason: DrawReason, detail: string, kept: Address[]): DrawNeeded {
  return { needs: true, reason, detail, kept, invalidTargets: [] };
}
