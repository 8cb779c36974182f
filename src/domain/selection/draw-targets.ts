import type { Address } from '../shared/types.js';
import { drawFromPool, prepareDrawPool } from './draw-pool.js';
import type { DrawStream } from './keyed-draw-stream.js';

export interface DrawTargetsInput {
  /** The eligible inactive set. Laid out in canonical order here, so its given order never matters. */
  pool: Address[];
  /** Never drawn: typically the targets a delegator keeps. */
  exclude: Address[];
  count: number;
  stream: DrawStream;
}

/**
 * `count` distinct addresses of `pool` minus `exclude`, uniformly at random (a partial
 * Fisher–Yates shuffle: step i swaps position i with i + nextInt(m - i)). When fewer are
 * available, all of them, in random order. Many draws from one pool: `prepareDrawPool` once, then
 * `drawFromPool` for each (the same result).
 */
export function drawTargets({ pool, exclude, count, stream }: DrawTargetsInput): Address[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number, got ${count}`);
  return drawFromPool(prepareDrawPool(pool), exclude, count, stream);
}
