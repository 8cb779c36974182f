import type { BrowserReplay } from '../../lib/replay-draw.js';
import type { ChainSeedBlock } from './chain-seed-block.js';

export type Verdict = 'ok' | 'bad' | 'unknown';

const draws = (n: number) => `${n} ${n === 1 ? 'draw' : 'draws'}`;

/** The draws' verdict in one sentence. */
export function drawsVerdict(replay: BrowserReplay): { verdict: Verdict; text: string } {
  const total = replay.draws.length;
  const differing = replay.draws.filter((d) => !d.matches).length;
  if (total === 0) return { verdict: 'ok', text: 'Replayed in your browser: this round drew for nobody.' };
  if (differing === 0)
    return {
      verdict: 'ok',
      text: `Replayed in your browser: ${total === 1 ? 'the one draw matches' : `all ${total} draws match`}.`,
    };
  return {
    verdict: 'bad',
    text: `Replayed in your browser: ${draws(differing)} of ${total} ${differing === 1 ? 'differs' : 'differ'} from the record.`,
  };
}

/** The recorded seed against the one derived here from the recorded seed block hash. */
export function seedVerdict(recordedSeed: string, derivedSeed: string): { verdict: Verdict; text: string } {
  return derivedSeed === recordedSeed
    ? { verdict: 'ok', text: 'The seed matches: it derives from the recorded seed block hash.' }
    : {
        verdict: 'bad',
        text: `The seed does not match: the recorded seed block hash gives ${derivedSeed}, the round recorded ${recordedSeed}.`,
      };
}

export type ChainCheck = { block: ChainSeedBlock } | { error: string };

/** The recorded seed block hash against the one this browser read from the chain. */
export function chainVerdict(
  blockNumber: number,
  recordedHash: string,
  check: ChainCheck,
): { verdict: Verdict; text: string } {
  if ('error' in check)
    return { verdict: 'unknown', text: `The seed block could not be read from the chain: ${check.error}.` };
  const { hash, finalized } = check.block;
  if (hash === null) return { verdict: 'bad', text: `The chain has no block #${blockNumber}.` };
  if (hash.toLowerCase() !== recordedHash.toLowerCase())
    return {
      verdict: finalized ? 'bad' : 'unknown',
      text: `The chain's block #${blockNumber} has another hash (${hash}) than the one recorded${finalized ? '' : ' (that block is not finalized yet)'}.`,
    };
  return {
    verdict: 'ok',
    text: `The seed block matches the chain: block #${blockNumber} has the recorded hash${finalized ? ' and is finalized' : ' (not finalized yet)'}.`,
  };
}
