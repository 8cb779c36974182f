import { eligibleInactive } from '../candidates/evaluate-candidates.js';
import type { CandidateEvaluation } from '../candidates/types.js';
import { drawFromPool, prepareDrawPool } from '../selection/draw-pool.js';
import { drawStreams, type DrawStream } from '../selection/draw-stream.js';
import type { Address } from '../shared/types.js';
import { PLAN_SLICE } from './plan-round.js';
import type { PlannedSelection } from './types.js';
import { checkSliceSize, runToEnd, type Sliced } from '../shared/slices.js';

export interface ReplayedSelection {
  stash: Address;
  recorded: Address[];
  replayed: Address[];
  matches: boolean;
}

export interface ReplayInput {
  seed: string;
  targetsPerDelegator: number;
  evaluations: CandidateEvaluation[];
  selections: PlannedSelection[];
}

export interface RoundReplay {
  matches: boolean;
  selections: ReplayedSelection[];
}

/**
 * Anyone can check a round: from its stored snapshot and seed, each delegator's draw
 * (the targets not kept from before) comes out the same.
 */
export function replayRound(input: ReplayInput): RoundReplay {
  return runToEnd(replayRoundInSlices(input));
}

/** `replayRound` a slice of `sliceSize` selections at a time (see `planRoundInSlices`). */
export function* replayRoundInSlices(input: ReplayInput, sliceSize = PLAN_SLICE): Sliced<RoundReplay> {
  checkSliceSize(sliceSize);
  const pool = prepareDrawPool(eligibleInactive(input.evaluations));
  let streams: ((stash: string) => DrawStream) | null = null;
  const selections: ReplayedSelection[] = [];
  for (let i = 0; i < input.selections.length; i += 1) {
    const s = input.selections[i]!;
    streams ??= drawStreams(input.seed);
    const replayed = drawFromPool(
      pool,
      s.keptTargets,
      input.targetsPerDelegator - s.keptTargets.length,
      streams(s.stash),
    );
    const matches = replayed.length === s.drawnTargets.length && replayed.every((t, k) => t === s.drawnTargets[k]);
    selections.push({ stash: s.stash, recorded: s.drawnTargets, replayed, matches });
    if ((i + 1) % sliceSize === 0 && i + 1 < input.selections.length) yield;
  }
  return { matches: selections.every((s) => s.matches), selections };
}
