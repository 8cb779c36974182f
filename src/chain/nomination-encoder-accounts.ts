import { decodeSs58Account } from './ss58-decoder.js';

/**
 * Decoded account bytes by address, so a round decodes each address once: its few hundred
 * targets recur in every item, and a stash decoded while sizing is found again while signing.
 * Bounded: past `maxEntries` it starts afresh (a miss only costs one decode again).
 */
export class AccountBytesCache {
  readonly #entries = new Map<string, Uint8Array>();
  readonly #maxEntries: number;

  constructor(maxEntries = 250_000) {
    this.#maxEntries = maxEntries;
  }

  /** The address's 32 account bytes (do not modify them); throws Ss58DecodeError for anything else. */
  get(address: string): Uint8Array {
    const known = this.#entries.get(address);
    if (known) return known;
    const bytes = decodeSs58Account(address);
    if (this.#entries.size >= this.#maxEntries) this.#entries.clear();
    this.#entries.set(address, bytes);
    return bytes;
  }

  get size(): number {
    return this.#entries.size;
  }
}
