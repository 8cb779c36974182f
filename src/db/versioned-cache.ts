import { LruMap } from '../lru-map.js';
import type { ChangeFeed } from './change-feed.js';

/**
 * Reads of some tables kept in memory until one of those tables changes (see ChangeFeed). A value
 * is stored only when no change was announced while it was read and the feed is live, so a cache
 * never answers with data older than the last announced write. Concurrent misses of one key share
 * one read. At most `maxEntries` values are kept (least recently used dropped first).
 */
export class VersionedCache<V> {
  readonly #feed: ChangeFeed;
  readonly #tables: readonly string[];
  readonly #entries: LruMap<string, { version: number; value: V }>;
  readonly #loading = new Map<string, { version: number; promise: Promise<V> }>();

  constructor(feed: ChangeFeed, tables: readonly string[], maxEntries = 10_000) {
    this.#feed = feed;
    this.#tables = tables;
    this.#entries = new LruMap(maxEntries);
  }

  /** The counters only grow: their sum is unchanged exactly when none of them moved. */
  version(): number {
    let sum = 0;
    for (const table of this.#tables) sum += this.#feed.version(table);
    return sum;
  }

  /** The cached value, or undefined (a miss). */
  peek(key: string): V | undefined {
    const entry = this.#entries.get(key);
    return entry && entry.version === this.version() ? entry.value : undefined;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const version = this.version();
    const entry = this.#entries.get(key);
    if (entry && entry.version === version) return Promise.resolve(entry.value);
    const pending = this.#loading.get(key);
    if (pending && pending.version === version) return pending.promise;
    const promise = load().then(
      (value) => {
        if (this.#loading.get(key)?.promise === promise) this.#loading.delete(key);
        if (this.#feed.live() && this.version() === version) this.#store(key, version, value);
        return value;
      },
      (error: unknown) => {
        if (this.#loading.get(key)?.promise === promise) this.#loading.delete(key);
        throw error;
      },
    );
    this.#loading.set(key, { version, promise });
    return promise;
  }

  clear(): void {
    this.#entries.clear();
  }

  #store(key: string, version: number, value: V): void {
    this.#entries.set(key, { version, value });
  }
}
