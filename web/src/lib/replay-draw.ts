/**
 * A round's draw replayed in the browser, with the service's own code (the domain's pool and
 * Fisher–Yates draw, and its keyed stream) and a JavaScript HMAC-SHA256 in place of node:crypto.
 * Nothing here reads the network: the page hands in what the API and the chain served.
 */
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { eligibleInactive } from '../../../src/domain/candidates/evaluate-candidates.js';
import type { CandidateEvaluation } from '../../../src/domain/candidates/types.js';
import { drawTargets } from '../../../src/domain/selection/draw-targets.js';
import { createDrawStreamWith, type HmacSha256 } from '../../../src/domain/selection/keyed-draw-stream.js';

export const browserHmacSha256: HmacSha256 = (key, message) => hmac(sha256, key, message);

const BLOCK_HASH = /^0x[0-9a-fA-F]{64}$/;

/**
 * The draw seed of a round as the README defines it: SHA-256 of the UTF-8 text
 * `ndest-round-seed:v1:<round id>:<seed block hash in lowercase 0x hex>`, as 0x hex. Written out
 * here on purpose, from the published definition: the browser checks the service, it does not
 * borrow its code for this (a unit test pins it to the domain's deriveRoundSeed).
 */
export function roundSeedOf(roundId: string, seedBlockHash: string): string {
  if (!BLOCK_HASH.test(seedBlockHash)) throw new Error(`"${seedBlockHash}" is not a block hash (32 bytes as 0x hex)`);
  const text = `ndest-round-seed:v1:${roundId}:${seedBlockHash.toLowerCase()}`;
  return `0x${bytesToHex(sha256(utf8ToBytes(text)))}`;
}

/** What the draw needs of a candidate (GET /v1/candidates serves each snapshot entry whole). */
export interface SnapshotCandidate {
  stash: string;
  eligible: boolean;
}

/** What the draw needs of a selection (GET /v1/rounds/{id}). */
export interface RecordedDraw {
  stash: string;
  keptTargets: string[];
  drawnTargets: string[];
}

export interface ReplayedDraw {
  stash: string;
  recorded: string[];
  replayed: string[];
  matches: boolean;
}

export interface BrowserReplay {
  /** The eligible inactive set rebuilt from the snapshot, in canonical order: the pool every draw picks from. */
  pool: string[];
  draws: ReplayedDraw[];
  /** True when every draw came out as recorded. */
  matches: boolean;
}

/**
 * Every recorded draw of a round, drawn again from its snapshot and seed, as the service's
 * replayRound does: the targets not kept, `targetsPerDelegator - kept` of them, from the eligible
 * inactive set minus the kept ones, with the stream keyed by the round's seed and the stash.
 */
export function replayDrawsInBrowser(input: {
  seed: string;
  targetsPerDelegator: number;
  candidates: SnapshotCandidate[];
  selections: RecordedDraw[];
}): BrowserReplay {
  // eligibleInactive reads a candidate's stash and eligibility only, the two fields required here.
  const pool = eligibleInactive(input.candidates as CandidateEvaluation[]);
  const draws = input.selections.map((s) => {
    const replayed = drawTargets({
      pool,
      exclude: s.keptTargets,
      count: input.targetsPerDelegator - s.keptTargets.length,
      stream: createDrawStreamWith(browserHmacSha256, input.seed, s.stash),
    });
    const matches = replayed.length === s.drawnTargets.length && replayed.every((t, i) => t === s.drawnTargets[i]);
    return { stash: s.stash, recorded: s.drawnTargets, replayed, matches };
  });
  return { pool, draws, matches: draws.every((d) => d.matches) };
}
