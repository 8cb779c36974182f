import { createHmac } from 'node:crypto';
import { createDrawStreamWith, drawStreamsWith, type DrawStream, type HmacSha256 } from './keyed-draw-stream.js';

export type { DrawStream };

const nodeHmacSha256: HmacSha256 = (key, message) => createHmac('sha256', key).update(message).digest();

/**
 * The random stream of one delegator in one round (see `createDrawStreamWith` for the algorithm),
 * with node:crypto's HMAC-SHA256: what rounds draw and the service replays with.
 */
export function createDrawStream(seedHex: string, stash: string): DrawStream {
  return createDrawStreamWith(nodeHmacSha256, seedHex, stash);
}

/** Every delegator's stream of one round (the seed checked and decoded once), with node:crypto's HMAC. */
export function drawStreams(seedHex: string): (stash: string) => DrawStream {
  return drawStreamsWith(nodeHmacSha256, seedHex);
}
