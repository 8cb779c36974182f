import { createHmac } from 'node:crypto';
import { validationError } from '../errors.js';
import { uniformInt } from './uniform-int.js';

/** A replayable source of uniform random integers. */
export interface DrawStream {
  /** A uniform integer in [0, n), 1 <= n <= 2^32. */
  nextInt(n: number): number;
}

const SEED_PATTERN = /^0x[0-9a-fA-F]{64}$/;

/**
 * The random stream of one delegator in one round, so anyone can replay the draw from the
 * recorded seed:
 * - block k (k = 0, 1, …) is HMAC-SHA256(key = the 32 seed bytes, message = UTF-8 of `${stash}:${k}`);
 * - blocks are read as consecutive big-endian uint32 words, 8 per block;
 * - nextInt(n) takes words until one is below 2^32 - (2^32 mod n) and returns it mod n.
 * Keying the stream by stash makes each delegator's draw independent of processing order.
 */
export function createDrawStream(seedHex: string, stash: string): DrawStream {
  if (!SEED_PATTERN.test(seedHex)) {
    throw validationError('INVALID_SEED', 'a draw seed is 32 bytes as 0x-prefixed hex');
  }
  const key = Buffer.from(seedHex.slice(2), 'hex');
  let counter = 0;
  let block = Buffer.alloc(0);
  let offset = 0;

  const nextWord = (): number => {
    if (offset >= block.length) {
      block = createHmac('sha256', key).update(`${stash}:${counter}`, 'utf8').digest();
      counter += 1;
      offset = 0;
    }
    const word = block.readUInt32BE(offset);
    offset += 4;
    return word;
  };

  return { nextInt: (n) => uniformInt(n, nextWord) };
}
