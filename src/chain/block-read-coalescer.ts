import { LruMap } from '../lru-map.js';

export interface BlockReadCoalescerOptions {
  /** Values kept, per (block, key). */
  maxEntries?: number;
  /** How long keys are collected before one load reads them all (0: until the next turn of the event loop). */
  windowMs?: number;
}

/** Loads the values of `keys` at `block`; a key missing from the answer has no value. */
export type BlockBatchLoad<V> = (block: string, keys: string[]) => Promise<Map<string, V>>;

interface Batch<V> {
  keys: Set<string>;
  result: Promise<Map<string, V>>;
  start: () => void;
}

/**
 * Keyed reads at a block, shared: a value already read at that block comes from a bounded cache;
 * a key already being read joins that read; the other keys asked within `windowMs` at the same
 * block go out together in one `load`. So many requests for one key cost one read, and many
 * requests for different keys cost a few batched reads.
 */
export class BlockReadCoalescer<V> {
  readonly #load: BlockBatchLoad<V>;
  readonly #windowMs: number;
  readonly #cache: LruMap<string, V>;
  /** Per block: the batch still collecting keys. */
  readonly #collecting = new Map<string, Batch<V>>();
  /** Per (block, key): the value on its way. */
  readonly #inFlight = new Map<string, Promise<V | undefined>>();

  constructor(load: BlockBatchLoad<V>, options: BlockReadCoalescerOptions = {}) {
    this.#load = load;
    this.#windowMs = options.windowMs ?? 2;
    this.#cache = new LruMap(options.maxEntries ?? 50_000);
  }

  /** The values of `keys` at `block` (each key once; keys without a value are absent). */
  read(block: string, keys: readonly string[]): Promise<Map<string, V>> {
    const found = new Map<string, V>();
    const waiting: Promise<void>[] = [];
    for (const key of keys) {
      const id = cacheKey(block, key);
      const cached = this.#cache.get(id);
      if (cached !== undefined) {
        found.set(key, cached);
        continue;
      }
      const pending = this.#inFlight.get(id) ?? this.#enqueue(block, key, id);
      waiting.push(pending.then((value) => void (value !== undefined && found.set(key, value))));
    }
    if (waiting.length === 0) return Promise.resolve(found);
    return Promise.all(waiting).then(() => found);
  }

  /** The cached value, if any (no read). */
  peek(block: string, key: string): V | undefined {
    return this.#cache.get(cacheKey(block, key));
  }

  clear(): void {
    this.#cache.clear();
  }

  #enqueue(block: string, key: string, id: string): Promise<V | undefined> {
    let batch = this.#collecting.get(block);
    if (!batch) {
      batch = this.#openBatch(block);
      this.#collecting.set(block, batch);
      const start = batch.start;
      if (this.#windowMs > 0) setTimeout(start, this.#windowMs);
      else setImmediate(start);
    }
    batch.keys.add(key);
    const value = batch.result.then(
      (values) => {
        const v = values.get(key);
        if (v !== undefined) this.#cache.set(id, v);
        if (this.#inFlight.get(id) === value) this.#inFlight.delete(id);
        return v;
      },
      (error: unknown) => {
        if (this.#inFlight.get(id) === value) this.#inFlight.delete(id);
        throw error;
      },
    );
    this.#inFlight.set(id, value);
    return value;
  }

  #openBatch(block: string): Batch<V> {
    let resolve!: (values: Map<string, V>) => void;
    let reject!: (error: unknown) => void;
    const result = new Promise<Map<string, V>>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const batch: Batch<V> = {
      keys: new Set(),
      result,
      start: () => {
        // Keys asked from now on go to the next batch.
        if (this.#collecting.get(block) === batch) this.#collecting.delete(block);
        Promise.resolve()
          .then(() => this.#load(block, [...batch.keys]))
          .then(resolve, reject);
      },
    };
    return batch;
  }
}

function cacheKey(block: string, key: string): string {
  return `${block}/${key}`;
}
