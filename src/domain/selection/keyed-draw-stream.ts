import { validationError } from '../errors.js';
import { uniformInt } from './uniform-int.js';

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
  if (!SEED_PATTERN.test(seedHex)) {
    throw validationError('INVALID_SEED', 'a draw seed is 32 bytes as 0x-prefixed hex');
  }
  const key = hexBytes(seedHex.slice(2));
  const utf8 = new TextEncoder();
  let counter = 0;
  let block: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  let offset = 0;

  const nextWord = (): number => {
    if (offset >= block.byteLength) {
      const digest = hmac(key, utf8.encode(`${stash}:${counter}`));
      block = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
      counter += 1;
      offset = 0;
    }
    const word = block.getUint32(offset, false);
    offset += 4;
    return word;
  };

  return { nextInt: (n) => uniformInt(n, nextWord) };
}

/** Even-length hex (already checked) as bytes. */
function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
