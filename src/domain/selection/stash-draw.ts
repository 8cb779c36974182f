import type { Address } from '../shared/types.js';
import { createDrawStream } from './draw-stream.js';
import { drawTargets } from './draw-targets.js';

export interface StashDrawInput {
  seedHex: string;
  stash: Address;
  pool: Address[];
  exclude: Address[];
  count: number;
}

/** One delegator's draw from the round's seed: what a round does, and what an auditor replays. */
export function drawForStash({ seedHex, stash, pool, exclude, count }: StashDrawInput): Address[] {
  return drawTargets({ pool, exclude, count, stream: createDrawStream(seedHex, stash) });
}

/** The same computation under the name an auditor looks for. */
export const replayDraw = drawForStash;
