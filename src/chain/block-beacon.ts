import type { SeedBeacon } from '../domain/ports/clock-and-beacon.js';
import type { BlockRef } from '../domain/shared/types.js';
import type { ChainConnection } from './connection.js';
import { bestHead, finalizedHead, nextHead } from './inclusion-reads.js';
import { ChainTimeoutError } from './with-timeout.js';

export interface BlockBeaconOptions {
  /** Longest wait for a seed block to be finalized; the round's job then fails and retries. */
  waitMs?: number;
  /** Longest wait between two looks at the finalized head. */
  pollIntervalMs?: number;
}

/** Round seeds from block hashes of the staking chain (see SeedBeacon). */
export class ChainBlockBeacon implements SeedBeacon {
  readonly #conn: ChainConnection;
  readonly #waitMs: number;
  readonly #pollMs: number;

  constructor(conn: ChainConnection, options: BlockBeaconOptions = {}) {
    this.#conn = conn;
    this.#waitMs = options.waitMs ?? 10 * 60_000;
    this.#pollMs = options.pollIntervalMs ?? 2_000;
  }

  head(): Promise<BlockRef> {
    return this.#conn.call('read head', bestHead);
  }

  async finalizedHash(number: number): Promise<string | null> {
    const finalized = await this.#conn.call('read finalized head', finalizedHead);
    if (finalized.number < number) return null;
    const hash = await this.#conn.call('read block hash', (api) => api.rpc.chain.getBlockHash(number));
    return hash.isEmpty ? null : hash.toHex();
  }

  async waitFinalizedHash(number: number): Promise<string> {
    const deadline = Date.now() + this.#waitMs;
    for (;;) {
      const hash = await this.finalizedHash(number);
      if (hash) return hash;
      if (Date.now() > deadline)
        throw new ChainTimeoutError(`waiting for block ${number} to be finalized`, this.#waitMs);
      const head = await this.head();
      await this.#conn.call('wait for head', (api) => nextHead(api, head.number, this.#pollMs), this.#pollMs + 30_000);
    }
  }
}
