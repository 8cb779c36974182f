import type { ApiPromise } from '@polkadot/api';
import type { BlockRef } from '../domain/shared/types.js';
import { blockRef, type HeaderLike } from './codec-values.js';
import type { ChainConnection } from './connection.js';

export interface HeadTrackerOptions {
  /**
   * A head this old (no new one announced since) is checked with `chain_getHeader` before use: a
   * subscription can die silently with its socket, and a live chain makes blocks every few seconds.
   */
  staleAfterMs?: number;
  now?: () => number;
}

/**
 * The best head of the chain, known without a request: a `chain_subscribeNewHeads` subscription on
 * the connection's current api, followed across endpoint switches and reconnections. Until a head
 * is announced on the current socket (at first, after a reconnection, or when the last one is
 * stale), `head()` asks the node (`chain_getHeader`, one request shared by concurrent callers).
 * `head()` never answers with a head older than the newest one this tracker was told of.
 */
export class HeadTracker {
  readonly #conn: ChainConnection;
  readonly #staleAfterMs: number;
  readonly #now: () => number;
  /** The api the subscription is on. */
  #api: ApiPromise | null = null;
  #unsubscribe: (() => void) | null = null;
  #latest: BlockRef | null = null;
  /** When `#latest` was announced by the subscription. */
  #announcedAt = 0;
  /** True once the subscription on the current socket has announced a head. */
  #live = false;
  #asking: Promise<BlockRef> | null = null;
  #closed = false;
  readonly #listeners = new Set<(head: BlockRef) => void>();

  constructor(conn: ChainConnection, options: HeadTrackerOptions = {}) {
    this.#conn = conn;
    this.#staleAfterMs = options.staleAfterMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** The newest head known, or null (no request made). */
  latest(): BlockRef | null {
    return this.#latest;
  }

  /** True while heads are announced on the current socket (reads at head need no request). */
  isLive(): boolean {
    return this.#live && this.#api !== null && this.#api.isConnected && !this.#stale();
  }

  /** The best head: the announced one when live, else asked of the node. */
  head(): Promise<BlockRef> {
    const api = this.#conn.api();
    if (api !== this.#api) this.#follow(api);
    if (this.isLive()) return Promise.resolve(this.#latest!);
    return this.#ask(api);
  }

  /** Called with every newer head (announced or asked); returns the unsubscribe. */
  onHead(listener: (head: BlockRef) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    this.#drop();
    this.#api = null;
  }

  #stale(): boolean {
    return this.#now() - this.#announcedAt > this.#staleAfterMs;
  }

  #ask(api: ApiPromise): Promise<BlockRef> {
    // Concurrent callers share one request.
    this.#asking ??= api.rpc.chain
      .getHeader()
      .then((header) => {
        const head = blockRef(header);
        const announced = this.#latest;
        if (api === this.#api && this.#live && announced && head.number > announced.number) {
          // The node is ahead of what its subscription said: the subscription is dead.
          this.#live = false;
          this.#subscribe(api);
        }
        // A head announced while the request was out may be newer: never go back to an older one.
        if (announced && announced.number > head.number && api === this.#api) return announced;
        this.#note(head);
        return head;
      })
      .finally(() => (this.#asking = null));
    return this.#asking;
  }

  #follow(api: ApiPromise): void {
    this.#drop();
    this.#api = api;
    this.#live = false;
    if (this.#closed) return;
    api.on('disconnected', () => {
      if (api === this.#api) this.#live = false;
    });
    // The provider resubscribes by itself after a reconnection; a subscription of ours makes
    // sure of it (the one made before is dropped).
    api.on('connected', () => {
      if (api === this.#api && !this.#closed) this.#subscribe(api);
    });
    this.#subscribe(api);
  }

  #subscribe(api: ApiPromise): void {
    this.#drop();
    let dropped = false;
    const drop = () => (dropped = true);
    this.#unsubscribe = drop;
    api.rpc.chain
      .subscribeNewHeads((header: HeaderLike) => {
        if (dropped || api !== this.#api) return;
        this.#live = true;
        this.#announcedAt = this.#now();
        this.#note(blockRef(header));
      })
      .then(
        (unsubscribe) => {
          if (dropped || api !== this.#api) unsubscribe();
          else if (this.#unsubscribe === drop)
            this.#unsubscribe = () => {
              dropped = true;
              unsubscribe();
            };
        },
        // Heads are then asked for on each read, and the next reconnection subscribes again.
        () => undefined,
      );
  }

  #drop(): void {
    const unsubscribe = this.#unsubscribe;
    this.#unsubscribe = null;
    this.#live = false;
    try {
      unsubscribe?.();
    } catch {
      // A subscription on a closed socket: nothing left to end.
    }
  }

  #note(head: BlockRef): void {
    const previous = this.#latest;
    if (previous && previous.hash === head.hash) return;
    this.#latest = head;
    for (const listener of this.#listeners) listener(head);
  }
}
