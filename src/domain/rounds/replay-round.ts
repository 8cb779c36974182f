import { eligibleInactive } from '../candidates/evaluate-candidates.js';
import type { CandidateEvaluation } from '../candidates/types.js';
import { createDrawStream } from '../selection/draw-stream.js';
import { drawTargets } from '../selection/draw-targets.js';
import type { Address } from '../shared/types.js';
import type { PlannedSelection } from './types.js';

export interface ReplayedSelection {
  stash: Address;
  recorded: Address[];
  replayed: Address[];
  matches: boolean;
}

/**
 * Anyone can check a round: from its stored snapshot and seed, each delegator's draw
 * (the targets not kept from before) comes out the same.
 */
export function replayRound(input: {
  seed: string;
  targetsPerDelegator: number;
  evaluations: CandidateEvaluation[];
  selections: PlannedSelection[];
}): { matches: boolean; selections: ReplayedSelection[] } {
  const pool = eligibleInactive(input.evaluations);
  const selections = input.selections.map((s) => {
    const replayed = drawTargets({
      pool,
      exclude: s.keptTargets,
      count: input.targetsPerDelegator - s.keptTargets.length,
      stream: createDrawStream(input.seed, s.stash),
    });
    const matches = replayed.length === s.drawnTargets.length && replayed.every((t, i) => t === s.drawnTargets[i]);
    return { stash: s.stash, recorded: s.drawnTargets, replayed, matches };
  });
  return { matches: selections.every((s) => s.matches), selections };
}
