import type { CandidateEvaluation } from '../candidates/types.js';
import { eligibleInactive } from '../candidates/evaluate-candidates.js';
import type { Delegation } from '../delegation/types.js';
import { drawFromPool, prepareDrawPool } from '../selection/draw-pool.js';
import { drawStreams, type DrawStream } from '../selection/draw-stream.js';
import type { Address } from '../shared/types.js';
import { decideDraw, type DrawDecision } from './needs-draw.js';
import type { PlannedSelection } from './types.js';
import { checkSliceSize, runToEnd, type Sliced } from '../shared/slices.js';

export interface PlanInput {
  delegations: Delegation[];
  evaluations: CandidateEvaluation[];
  activeEra: number;
  seed: string;
  targetsPerDelegator: number;
  rotationEras: number;
}

export type PlanResult =
  | { kind: 'nothing_to_do'; note: string }
  | { kind: 'no_candidates'; note: string }
  | { kind: 'plan'; selections: PlannedSelection[]; note: string | null };

/** Delegations a sliced plan looks at between two pauses: a few milliseconds of draws. */
export const PLAN_SLICE = 1_000;

/**
 * The draw of one round, pure and replayable: the same delegations, snapshot and seed give the
 * same selections, whatever order the delegations come in (each stash has its own stream).
 */
export function planRound(input: PlanInput): PlanResult {
  return runToEnd(planRoundInSlices(input));
}

/**
 * `planRound` a slice at a time: the generator stops after every `sliceSize` delegations so that
 * whoever drives it can let other work run in between (100,000 draws at once would hold a
 * service's event loop for a second); run to its end, it returns what `planRound` returns.
 */
export function* planRoundInSlices(input: PlanInput, sliceSize = PLAN_SLICE): Sliced<PlanResult> {
  checkSliceSize(sliceSize);
  const byStash = new Map<Address, CandidateEvaluation>(input.evaluations.map((e) => [e.stash, e]));
  const eligible = eligibleInactive(input.evaluations);
  const decide = (d: Delegation): DrawDecision =>
    decideDraw({
      targets: d.targets,
      drawnInEra: d.drawnInEra,
      activeEra: input.activeEra,
      rotationEras: input.rotationEras,
      targetsPerDelegator: input.targetsPerDelegator,
      evaluations: byStash,
      eligiblePoolSize: eligible.length,
    });
  const { delegations } = input;
  const sliceEnds = (i: number) => (i + 1) % sliceSize === 0 && i + 1 < delegations.length;

  if (eligible.length === 0) {
    // Nothing to draw from: skipped if anyone needs a draw, else nothing to do.
    for (let i = 0; i < delegations.length; i += 1) {
      if (decide(delegations[i]!).needs) return noCandidates(input.evaluations.length);
      if (sliceEnds(i)) yield;
    }
    return NOTHING_TO_DO;
  }

  const pool = prepareDrawPool(eligible);
  let streams: ((stash: string) => DrawStream) | null = null; // made at the first draw, as the draws always did
  const selections: PlannedSelection[] = [];
  let short = 0;
  for (let i = 0; i < delegations.length; i += 1) {
    const delegation = delegations[i]!;
    const decision = decide(delegation);
    if (decision.needs) {
      const kept = decision.kept.slice(0, input.targetsPerDelegator);
      streams ??= drawStreams(input.seed);
      const drawn = drawFromPool(pool, kept, input.targetsPerDelegator - kept.length, streams(delegation.stash));
      const targets = [...kept, ...drawn];
      if (targets.length < input.targetsPerDelegator) short++;
      selections.push({
        delegationId: delegation.id,
        stash: delegation.stash,
        reason: decision.reason,
        detail: decision.detail ?? null,
        keptTargets: kept,
        drawnTargets: drawn,
        targets,
      });
    }
    if (sliceEnds(i)) yield;
  }
  if (selections.length === 0) return NOTHING_TO_DO;
  const note =
    short > 0
      ? `only ${eligible.length} eligible inactive candidate(s): ${short} delegator(s) get fewer than ${input.targetsPerDelegator} targets`
      : null;
  return { kind: 'plan', selections, note };
}

const NOTHING_TO_DO = { kind: 'nothing_to_do', note: 'no delegator needs new targets' } as const;

const noCandidates = (listed: number): PlanResult => ({
  kind: 'no_candidates',
  note: `round skipped: no eligible inactive candidate in the snapshot (${listed} listed)`,
});
