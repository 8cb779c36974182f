/** Time and randomness the domain takes from outside: the clock, and block hashes as a beacon. Plain data only: no codecs, no Prisma rows. */
import type { BlockRef } from '../shared/types.js';

export interface Clock {
  now(): Date;
}

/**
 * Block hashes as a public randomness beacon: nobody knows a block's hash before the block exists,
 * and anyone can read it afterwards, so a draw seeded by it can be checked against the chain.
 */
export interface SeedBeacon {
  /** The best head now: a round commits to a block after it. */
  head(): Promise<BlockRef>;
  /** The hash of block `number` once it is finalized (waits for it, bounded: throws when too long). */
  waitFinalizedHash(number: number): Promise<string>;
  /** The hash of block `number` of the finalized chain; null while it is not finalized. */
  finalizedHash(number: number): Promise<string | null>;
}
