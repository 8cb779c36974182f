import { createHash } from 'node:crypto';
import { validationError } from '../errors.js';

/**
 * Blocks between the head a round commits at and the block whose hash seeds its draw. One is
 * enough: the seed block did not exist when the commitment (with the candidate snapshot) was
 * stored, so the operator cannot choose the snapshot knowing the seed, nor re-draw: a crash or a
 * second worker derives the same seed from the same block.
 */
export const SEED_BLOCK_DISTANCE = 1;

const BLOCK_HASH = /^0x[0-9a-fA-F]{64}$/;

/**
 * The draw seed of a round: SHA-256 of the UTF-8 text `ndest-round-seed:v1:<round id>:<block hash
 * in lowercase 0x hex>`, as 0x hex. The round id makes two rounds seeded by one block draw apart.
 */
export function deriveRoundSeed(roundId: string, seedBlockHash: string): string {
  if (!BLOCK_HASH.test(seedBlockHash))
    throw validationError('INVALID_BLOCK_HASH', 'a block hash is 32 bytes as 0x hex');
  const text = `ndest-round-seed:v1:${roundId}:${seedBlockHash.toLowerCase()}`;
  return `0x${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
