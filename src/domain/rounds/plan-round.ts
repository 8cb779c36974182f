import type { CandidateEvaluation } from '../candidates/types.js';
import { eligibleInactive } from '../candidates/evaluate-candidates.js';
import type { Delegation } from '../delegation/types.js';
import { createDrawStream } from '../selection/draw-stream.js';
import { drawTargets } from '../selection/draw-targets.js';
import type { Address } from '../shared/types.js';
import { decideDraw } from './needs-draw.js';
import type { PlannedSelection } from './types.js';

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

/**
 * The draw of one round, pure and replayable: the same delegations, snapshot and seed give the
 * same selections, whatever order the delegations come in (each stash has its own stream).
 */
export function planRound(input: PlanInput): PlanResult {
  const byStash = new Map<Address, CandidateEvaluation>(input.evaluations.map((e) => [e.stash, e]));
  const pool = eligibleInactive(input.evaluations);
  const needing = input.delegations
    .map((d) => ({
      delegation: d,
      decision: decideDraw({
        targets: d.targets,
        drawnInEra: d.drawnInEra,
        activeEra: input.activeEra,
        rotationEras: input.rotationEras,
        targetsPerDelegator: input.targetsPerDelegator,
        evaluations: byStash,
        eligiblePoolSize: pool.length,
      }),
    }))
    .filter((x) => x.decision.needs);
  if (needing.length === 0) return { kind: 'nothing_to_do', note: 'no delegator needs new targets' };
  if (pool.length === 0)
    return {
      kind: 'no_candidates',
      note: `round skipped: no eligible inactive candidate in the snapshot (${input.evaluations.length} listed)`,
    };

  const selections: PlannedSelection[] = [];
  let short = 0;
  for (const { delegation, decision } of needing) {
    if (!decision.needs) continue;
    const kept = decision.kept.slice(0, input.targetsPerDelegator);
    const drawn = drawTargets({
      pool,
      exclude: kept,
      count: input.targetsPerDelegator - kept.length,
      stream: createDrawStream(input.seed, delegation.stash),
    });
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
  const note =
    short > 0
      ? `only ${pool.length} eligible inactive candidate(s): ${short} delegator(s) get fewer than ${input.targetsPerDelegator} targets`
      : null;
  return { kind: 'plan', selections, note };
}
