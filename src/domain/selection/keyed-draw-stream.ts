import { validationError } from '../errors.js';
import { acceptedBelow } from './uniform-int.js';

/** A replayable source of uniform random integers. */
export interface DrawStream {
  /** A uniform integer in [0, n), 1 <= n <= 2^32. */
  nextInt(n: number): number;
}

/** HMAC-SHA256 of `message` under `key`: the 32-byte digest. Node's crypto in the service, a JS one in a browser. */
export type HmacSha256 = (key: Uint8Array, message: Uint8Array) => Uint8Array;

const SEED_PATTERN = /^0x[0-9a-fA-F]{64}$/;

/**
 * The random stream of one delegator in one round, so anyone can replay the draw from the
 * recorded seed:
 * - block k (k = 0, 1, …) is HMAC-SHA256(key = the 32 seed bytes, message = UTF-8 of `${stash}:${k}`);
 * - blocks are read as consecutive big-endian uint32 words, 8 per block;
 * - nextInt(n) takes words until one is below 2^32 - (2^32 mod n) and returns it mod n.
 * Keying the stream by stash makes each delegator's draw independent of processing order.
 *
 * The HMAC is passed in, and nothing here imports a runtime module, so a browser replays a round
 * with this very code (the service uses `createDrawStream`, which passes node:crypto's).
 */
export function createDrawStreamWith(hmac: HmacSha256, seedHex: string, stash: string): DrawStream {
  return drawStreamsWith(hmac, seedHex)(stash);
}

/**
 * The streams of every delegator of one round (see `createDrawStreamWith`): the seed is checked
 * and decoded once, not once per delegator. The HMAC is always called with the same key object,
 * so an implementation may keep its keyed state between calls.
 */
export function drawStreamsWith(hmac: HmacSha256, seedHex: string): (stash: string) => DrawStream {
  if (!SEED_PATTERN.test(seedHex)) {
    throw validationError('INVALID_SEED', 'a draw seed is 32 bytes as 0x-prefixed hex');
  }
  const key = hexBytes(seedHex.slice(2));
  const utf8 = new TextEncoder();
  return (stash) => new KeyedDrawStream(hmac, key, utf8, stash);
}

/** A class rather than closures: a round makes one per delegator, 100,000 of them. */
class KeyedDrawStream implements DrawStream {
  private counter = 0;
  private block: Uint8Array = EMPTY;
  private offset = 0;

  constructor(
    private readonly hmac: HmacSha256,
    private readonly key: Uint8Array,
    private readonly utf8: { encode(text: string): Uint8Array },
    private readonly stash: string,
  ) {}

  nextInt(n: number): number {
    const limit = acceptedBelow(n);
    for (;;) {
      const word = this.nextWord();
      if (word < limit) return word % n;
    }
  }

  private nextWord(): number {
    if (this.offset >= this.block.length) {
      this.block = this.hmac(this.key, this.utf8.encode(`${this.stash}:${this.counter}`));
      this.counter += 1;
      this.offset = 0;
    }
    const { block, offset } = this;
    this.offset += 4;
    // Big-endian uint32 (>>> 0: a top byte shifted left by 24 would make it negative).
    return ((block[offset]! << 24) | (block[offset + 1]! << 16) | (block[offset + 2]! << 8) | block[offset + 3]!) >>> 0;
  }
}

const EMPTY = new Uint8Array(0);

/** Even-length hex (already checked) as bytes. */
function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
