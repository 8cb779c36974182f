import { canonicalSet } from '../candidates/canonical-order.js';
import type { Address } from '../shared/types.js';
import type { DrawStream } from './keyed-draw-stream.js';

/** A draw's pool laid out once in canonical order, so that many draws share it (a round's 100,000). */
export interface DrawPool {
  /** Canonical order, no duplicates. */
  readonly addresses: readonly Address[];
  /** Position of each address in `addresses`. */
  readonly positions: ReadonlyMap<Address, number>;
}

export function prepareDrawPool(pool: Iterable<Address>): DrawPool {
  const addresses = canonicalSet(pool);
  return { addresses, positions: new Map(addresses.map((address, i) => [address, i])) };
}

/** Above this many picks the plain array shuffle is as cheap as the sparse one. */
const SPARSE_PICKS = 32;

/**
 * `count` distinct addresses of `pool` minus `exclude`, uniformly at random: the partial
 * Fisher–Yates shuffle of `drawTargets` (step i swaps position i with i + nextInt(m - i) of the
 * pool minus `exclude` in canonical order), step for step the same, so the same stream gives the
 * same addresses. Done without copying the pool: only the few positions a swap touched are
 * remembered (a draw of 4 in a pool of hundreds reads 8 positions at most).
 */
export function drawFromPool(
  pool: DrawPool,
  exclude: readonly Address[],
  count: number,
  stream: DrawStream,
): Address[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number, got ${count}`);
  const skipped = excludedPositions(pool, exclude);
  const size = pool.addresses.length - skipped.length;
  const picks = Math.min(count, size);
  if (picks > SPARSE_PICKS) return denseDraw(pool, skipped, picks, stream);

  // The shuffled array as the positions a swap wrote to; any other position holds its pool address.
  const written: Written = { positions: [], values: [] };
  const drawn: Address[] = [];
  for (let i = 0; i < picks; i += 1) {
    const j = i + stream.nextInt(size - i);
    const chosen = valueAt(pool, skipped, written, j);
    write(written, j, valueAt(pool, skipped, written, i));
    drawn.push(chosen); // position i is never read again: later steps only touch positions above it
  }
  return drawn;
}

interface Written {
  positions: number[];
  values: Address[];
}

function valueAt(pool: DrawPool, skipped: readonly number[], written: Written, position: number): Address {
  const k = written.positions.indexOf(position);
  return k >= 0 ? written.values[k]! : pool.addresses[poolIndex(position, skipped)]!;
}

function write(written: Written, position: number, value: Address): void {
  const k = written.positions.indexOf(position);
  if (k >= 0) written.values[k] = value;
  else {
    written.positions.push(position);
    written.values.push(value);
  }
}

/** Positions in the pool of the excluded addresses it holds, ascending, each once. */
function excludedPositions(pool: DrawPool, exclude: readonly Address[]): number[] {
  if (exclude.length === 0) return [];
  const found = new Set<number>();
  for (const address of exclude) {
    const position = pool.positions.get(address);
    if (position !== undefined) found.add(position);
  }
  return [...found].sort((a, b) => a - b);
}

/** The pool index of position `position` of the pool without the `skipped` indices (ascending). */
function poolIndex(position: number, skipped: readonly number[]): number {
  let index = position;
  for (const s of skipped) {
    if (s > index) break;
    index += 1;
  }
  return index;
}

function denseDraw(pool: DrawPool, skipped: readonly number[], picks: number, stream: DrawStream): Address[] {
  const excluded = new Set(skipped);
  const available = pool.addresses.filter((_, i) => !excluded.has(i));
  for (let i = 0; i < picks; i += 1) {
    const j = i + stream.nextInt(available.length - i);
    const chosen = available[j]!;
    available[j] = available[i]!;
    available[i] = chosen;
  }
  return available.slice(0, picks);
}
