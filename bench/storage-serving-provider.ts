import { WsProvider } from '@polkadot/api';
import type { ProviderInterfaceCallback } from '@polkadot/rpc-provider/types';
import { u8aToHex } from '@polkadot/util';

/** Produces a storage value (SCALE) on demand, or null for an absent key. */
export type StorageSource = (key: string) => Uint8Array | null;

export interface ProviderCounters {
  /** JSON-RPC requests made, by method (served or forwarded). */
  requests: Map<string, number>;
  /** Keys answered from `StorageSource`. */
  servedKeys: number;
  /** Length of the JSON text of the answers served here (what a socket would have carried). */
  servedBytes: number;
  /** Time spent producing the served values and their JSON (the stand-in node's own work). */
  serveMs: number;
  /** Time from request to answer of every request (served or forwarded), summed. */
  rpcMs: number;
}

type Subscription = { callback: ProviderInterfaceCallback; type: string };

/**
 * A WsProvider to a real local chain that answers storage reads of some keys itself (from
 * `serve`), as a node holding that storage would: exposures of 84 eras for 100,000 delegators are
 * about 0.7 GB of SCALE, more than a local chain can be given with `dev_setStorage`. Everything
 * else (metadata, runtime version, every other storage item) goes to the chain. A served answer
 * is turned into JSON text and parsed back, as it would be on a socket, so the client's decoding
 * is the same as with a node.
 */
export class StorageServingProvider extends WsProvider {
  readonly counters: ProviderCounters = { requests: new Map(), servedKeys: 0, servedBytes: 0, serveMs: 0, rpcMs: 0 };
  #serve: StorageSource | null = null;
  #nextId = 1;

  /** From now on, keys that `source` knows are answered by it. */
  serveFrom(source: StorageSource): void {
    this.#serve = source;
  }

  override async send<T = unknown>(
    method: string,
    params: unknown[],
    isCacheable?: boolean,
    subscription?: Subscription,
  ): Promise<T> {
    this.counters.requests.set(method, (this.counters.requests.get(method) ?? 0) + 1);
    const started = performance.now();
    try {
      const served = this.#tryServe(method, params, subscription);
      if (served !== undefined) return served as T;
      return await super.send<T>(method, params, isCacheable, subscription as never);
    } finally {
      this.counters.rpcMs += performance.now() - started;
    }
  }

  override async unsubscribe(type: string, method: string, id: number | string): Promise<boolean> {
    if (typeof id === 'string' && id.startsWith('served-')) return true;
    return super.unsubscribe(type, method, id);
  }

  #tryServe(method: string, params: unknown[], subscription?: Subscription): unknown {
    const serve = this.#serve;
    if (!serve) return undefined;
    const keyed =
      method === 'state_subscribeStorage' || method === 'state_queryStorageAt'
        ? (params[0] as string[])
        : method === 'state_getStorage'
          ? [params[0] as string]
          : null;
    if (!keyed) return undefined;
    const started = performance.now();
    const values = keyed.map((key) => serve(key));
    const known = values.filter((v) => v !== null).length;
    // A key this source does not know is the chain's (an absent value is never served here).
    if (known === 0) return undefined;
    if (known !== keyed.length) throw new Error(`${method}: served and chain keys in one request`);
    const changes = keyed.map((key, i) => [key, u8aToHex(values[i]!)]);
    const block = '0x' + '00'.repeat(32);
    const result =
      method === 'state_getStorage'
        ? changes[0]![1]
        : method === 'state_queryStorageAt'
          ? [{ block, changes }]
          : { block, changes };
    const text = JSON.stringify({ jsonrpc: '2.0', result });
    this.counters.servedKeys += keyed.length;
    this.counters.servedBytes += text.length;
    this.counters.serveMs += performance.now() - started;
    const parsed = (JSON.parse(text) as { result: unknown }).result;
    if (method !== 'state_subscribeStorage') return parsed;
    // A subscription answers with its id first, then its first notification.
    const id = `served-${this.#nextId++}`;
    setImmediate(() => subscription!.callback(null, parsed));
    return id;
  }
}
