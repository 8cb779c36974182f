import { describe, expect, it } from 'vitest';
import type { ChainConnection } from '../../../src/chain/connection.js';
import { HeadTracker } from '../../../src/chain/head-tracker.js';

const header = (n: number) => ({
  hash: { toHex: () => `0x${n.toString(16).padStart(4, '0')}` },
  number: { toNumber: () => n },
});
const ref = (n: number) => ({ hash: header(n).hash.toHex(), number: n });

/** An ApiPromise as far as HeadTracker uses it: heads announced and asked for by hand. */
class FakeApi {
  isConnected = true;
  best = 1;
  headerRequests = 0;
  subscriptions = 0;
  #announce: ((h: ReturnType<typeof header>) => void) | null = null;
  #listeners = new Map<string, (() => void)[]>();
  /** Resolves the pending getHeader requests when set. */
  hold: Promise<void> | null = null;
  rpc = {
    chain: {
      getHeader: async () => {
        this.headerRequests++;
        // The node's answer is the head when the request arrives, whatever is announced meanwhile.
        const answer = header(this.best);
        if (this.hold) await this.hold;
        if (!this.isConnected) throw new Error('WebSocket is not connected');
        return answer;
      },
      subscribeNewHeads: (cb: (h: ReturnType<typeof header>) => void) => {
        this.subscriptions++;
        this.#announce = cb;
        return Promise.resolve(() => {
          if (this.#announce === cb) this.#announce = null;
        });
      },
    },
  };
  on(event: string, listener: () => void) {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
  }
  announce(n: number) {
    this.best = n;
    this.#announce?.(header(n));
  }
  emit(event: 'connected' | 'disconnected') {
    this.isConnected = event === 'connected';
    for (const l of this.#listeners.get(event) ?? []) l();
  }
}

function setup(staleAfterMs = 30_000) {
  const clock = { now: 1_000_000 };
  const conn = { current: new FakeApi() };
  const tracker = new HeadTracker({ api: () => conn.current } as unknown as ChainConnection, {
    staleAfterMs,
    now: () => clock.now,
  });
  return { clock, conn, tracker };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('HeadTracker', () => {
  it('asks for the head (one request for concurrent callers) until one is announced, then answers without a request', async () => {
    const { conn, tracker } = setup();
    const api = conn.current;
    await expect(Promise.all([tracker.head(), tracker.head(), tracker.head()])).resolves.toEqual([
      ref(1),
      ref(1),
      ref(1),
    ]);
    expect(api.headerRequests).toBe(1);
    expect(api.subscriptions).toBe(1);
    api.announce(2);
    expect(tracker.isLive()).toBe(true);
    await expect(tracker.head()).resolves.toEqual(ref(2));
    api.announce(3);
    await expect(tracker.head()).resolves.toEqual(ref(3));
    expect(api.headerRequests).toBe(1);
  });

  it('never answers with a head older than one announced while it was asking', async () => {
    const { conn, tracker } = setup();
    const api = conn.current;
    api.best = 5;
    let release!: () => void;
    api.hold = new Promise((resolve) => (release = resolve));
    const asked = tracker.head();
    await tick();
    api.announce(6);
    release();
    await expect(asked).resolves.toEqual(ref(6));
  });

  it('asks again once the socket dropped, and fails rather than answer the old head', async () => {
    const { conn, tracker } = setup();
    const api = conn.current;
    await tracker.head();
    api.announce(4);
    api.emit('disconnected');
    expect(tracker.isLive()).toBe(false);
    await expect(tracker.head()).rejects.toThrow('WebSocket is not connected');
    // Back: it subscribes again, and asks until the new subscription announces.
    api.best = 9;
    api.emit('connected');
    expect(api.subscriptions).toBe(2);
    await expect(tracker.head()).resolves.toEqual(ref(9));
    const requests = api.headerRequests;
    api.announce(10);
    await expect(tracker.head()).resolves.toEqual(ref(10));
    expect(api.headerRequests).toBe(requests);
  });

  it('checks a stale head with the node, and subscribes again when the node is ahead', async () => {
    const { clock, conn, tracker } = setup(30_000);
    const api = conn.current;
    await tracker.head();
    api.announce(2);
    clock.now += 31_000;
    expect(tracker.isLive()).toBe(false);
    api.best = 7; // blocks were made, the subscription said nothing
    await expect(tracker.head()).resolves.toEqual(ref(7));
    expect(api.subscriptions).toBe(2);
    api.announce(8);
    await expect(tracker.head()).resolves.toEqual(ref(8));
  });

  it('follows the connection to a new api', async () => {
    const { conn, tracker } = setup();
    const first = conn.current;
    await tracker.head();
    first.announce(3);
    const second = new FakeApi();
    second.best = 4;
    conn.current = second;
    await expect(tracker.head()).resolves.toEqual(ref(4));
    expect(second.subscriptions).toBe(1);
    // The old socket's announcements are ignored.
    first.announce(100);
    second.announce(5);
    await expect(tracker.head()).resolves.toEqual(ref(5));
    expect(tracker.latest()).toEqual(ref(5));
  });

  it('tells listeners of each new head once', async () => {
    const { conn, tracker } = setup();
    const seen: number[] = [];
    tracker.onHead((h) => seen.push(h.number));
    await tracker.head();
    conn.current.announce(1);
    conn.current.announce(2);
    expect(seen).toEqual([1, 2]);
  });
});
