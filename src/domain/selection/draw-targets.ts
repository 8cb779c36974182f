import { canonicalSet } from '../candidates/canonical-order.js';
import type { Address } from '../shared/types.js';
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
 * available, all of them, in random order.
 */
export function drawTargets({ pool, exclude, count, stream }: DrawTargetsInput): Address[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number, got ${count}`);
  const excluded = new Set(exclude);
  const available = canonicalSet(pool).filter((address) => !excluded.has(address));
  const picks = Math.min(count, available.length);
  for (let i = 0; i < picks; i += 1) {
    const j = i + stream.nextInt(available.length - i);
    const chosen = available[j] as Address;
    available[j] = available[i] as Address;
    available[i] = chosen;
  }
  return available.slice(0, picks);
}
