import { LruMap } from '../lru-map.js';

/**
 * Reads made at a block hash, each made once: the state of a block never changes, so every caller
 * asking for the same thing at the same block shares one promise, including callers arriving while
 * it is still in flight (no burst of identical reads when a new block arrives under load). A failed
 * read is forgotten, so the next caller tries again.
 */
export class BlockMemo {
  readonly #entries: LruMap<string, Promise<unknown>>;

  /** `maxEntries`: (block, name) pairs kept; a few per block, for the last blocks. */
  constructor(maxEntries = 64) {
    this.#entries = new LruMap(maxEntries);
  }

  get<T>(blockHash: string, name: string, load: () => Promise<T>): Promise<T> {
    const key = `${blockHash}/${name}`;
    const known = this.#entries.get(key);
    if (known) return known as Promise<T>;
    const promise = load();
    this.#entries.set(key, promise);
    promise.catch(() => {
      if (this.#entries.get(key) === promise) this.#entries.delete(key);
    });
    return promise;
  }

  clear(): void {
    this.#entries.clear();
  }
}
