import type { BlockRef } from '../domain/shared/types.js';
import { LruMap } from '../lru-map.js';

/** A stash's warnings as read, with the block they were read at (null: not to be kept, e.g. a failed read). */
export interface StashWarningsRead {
  block: string | null;
  warnings: string[];
}

export interface KeptStashWarningsDeps {
  /** The head the shared chain reads would use now, when known without a request; null otherwise. */
  currentHead(): BlockRef | null;
  /** A number that moves whenever what the warnings read besides the chain changes; null while that cannot be told. */
  version(): number | null;
  read(stash: string): Promise<StashWarningsRead>;
}

/** Stashes whose warnings are kept: a wallet launch asks for the same few again and again. */
const KEPT_STASHES = 10_000;

/**
 * A stash's earning warnings, kept until a new head is announced or the database part they read
 * changes (`version`). Reading them costs three shared chain reads and a database read through
 * several promise layers, about 40% of a cached status answer (bench/README.md), for the same
 * answer at every request of a block. Used only while the head is known without a request (a live
 * subscription) and the version can be followed, so an answer is never older than what a fresh
 * read at the announced head would give.
 */
export function keptStashWarnings(
  deps: KeptStashWarningsDeps,
  maxEntries = KEPT_STASHES,
): (stash: string) => Promise<string[]> {
  const kept = new LruMap<string, { block: string; version: number; warnings: string[] }>(maxEntries);
  return async (stash) => {
    const head = deps.currentHead();
    const version = deps.version();
    if (head !== null && version !== null) {
      const entry = kept.get(stash);
      if (entry !== undefined && entry.block === head.hash && entry.version === version) return entry.warnings;
    }
    const read = await deps.read(stash);
    // Kept under the version seen before the read: a change made during it leaves the entry unused.
    if (read.block !== null && version !== null)
      kept.set(stash, { block: read.block, version, warnings: read.warnings });
    return read.warnings;
  };
}
