/**
 * The browser's replay of a round (web/src/lib/replay-draw.ts: @noble/hashes in place of
 * node:crypto) gives the very draws and seed the service computes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CandidateEvaluation } from '../../../src/domain/candidates/types.js';
import { replayRound } from '../../../src/domain/rounds/replay-round.js';
import { deriveRoundSeed } from '../../../src/domain/rounds/round-seed.js';
import { createDrawStream } from '../../../src/domain/selection/draw-stream.js';
import { createDrawStreamWith } from '../../../src/domain/selection/keyed-draw-stream.js';
import type { PlannedSelection } from '../../../src/domain/rounds/types.js';
import { browserHmacSha256, replayDrawsInBrowser, roundSeedOf } from '../../../web/src/lib/replay-draw.js';

const hex32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString('hex')}`);
const address = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' });

const evaluation = (stash: string, eligible: boolean): CandidateEvaluation => ({
  stash,
  name: null,
  eligible,
  reason: eligible ? null : 'ACTIVE',
  detail: null,
  validating: true,
  commission: 0,
  blocked: false,
  elected: !eligible,
  programmeValid: true,
});

/** A round as the service records it: a snapshot, a seed, and delegators that keep some targets. */
const roundArb = fc
  .record({
    seed: hex32,
    targetsPerDelegator: fc.integer({ min: 0, max: 8 }),
    candidates: fc.uniqueArray(fc.record({ stash: address, eligible: fc.boolean() }), {
      selector: (c) => c.stash,
      maxLength: 40,
    }),
    stashes: fc.uniqueArray(address, { maxLength: 12 }),
  })
  .chain((r) =>
    fc.record({
      round: fc.constant(r),
      kept: fc.array(fc.subarray(r.candidates.map((c) => c.stash)), {
        minLength: r.stashes.length,
        maxLength: r.stashes.length,
      }),
    }),
  )
  .map(({ round, kept }) => {
    const evaluations = round.candidates.map((c) => evaluation(c.stash, c.eligible));
    // The recorded draws are the service's own (node:crypto), kept targets within the allowance.
    const selections: PlannedSelection[] = round.stashes.map((stash, i) => {
      const keptTargets = (kept[i] ?? []).slice(0, round.targetsPerDelegator);
      return { delegationId: `d${i}`, stash, reason: 'new', detail: null, keptTargets, drawnTargets: [], targets: [] };
    });
    const drawn = replayRound({
      seed: round.seed,
      targetsPerDelegator: round.targetsPerDelegator,
      evaluations,
      selections,
    });
    selections.forEach((s, i) => (s.drawnTargets = drawn.selections[i]!.replayed));
    return { seed: round.seed, targetsPerDelegator: round.targetsPerDelegator, evaluations, selections };
  });

describe('the browser replay of a draw', () => {
  it('reads the same stream as node:crypto, word for word', () => {
    fc.assert(
      fc.property(
        hex32,
        fc.string(),
        fc.array(fc.integer({ min: 1, max: 2 ** 32 }), { maxLength: 40 }),
        (seed, stash, bounds) => {
          const node = createDrawStream(seed, stash);
          const browser = createDrawStreamWith(browserHmacSha256, seed, stash);
          for (const n of bounds) expect(browser.nextInt(n)).toBe(node.nextInt(n));
        },
      ),
    );
  });

  it("draws every selection as the service's replayRound does, and finds them all matching", () => {
    fc.assert(
      fc.property(roundArb, (r) => {
        const service = replayRound(r);
        const browser = replayDrawsInBrowser({
          seed: r.seed,
          targetsPerDelegator: r.targetsPerDelegator,
          candidates: r.evaluations.map((e) => ({ stash: e.stash, eligible: e.eligible })),
          selections: r.selections,
        });
        expect(browser.draws).toEqual(service.selections);
        expect(browser.matches).toBe(true);
        expect(service.matches).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('lays the pool out in canonical order whatever order the snapshot pages came in', () => {
    fc.assert(
      fc.property(roundArb, (r) => {
        const candidates = r.evaluations.map((e) => ({ stash: e.stash, eligible: e.eligible }));
        const forward = replayDrawsInBrowser({ ...r, candidates });
        const reversed = replayDrawsInBrowser({ ...r, candidates: [...candidates].reverse() });
        expect(reversed).toEqual(forward);
      }),
      { numRuns: 50 },
    );
  });

  it('tells which draw differs from the record', () => {
    const stashes = ['V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'V7', 'V8'];
    const candidates = stashes.map((stash) => ({ stash, eligible: true }));
    const seed = `0x${'ab'.repeat(32)}`;
    const honest = replayDrawsInBrowser({
      seed,
      targetsPerDelegator: 3,
      candidates,
      selections: [
        { stash: 'alice', keptTargets: [], drawnTargets: [] },
        { stash: 'bob', keptTargets: ['V1'], drawnTargets: [] },
      ],
    });
    const recorded = honest.draws.map((d, i) => ({
      stash: d.stash,
      keptTargets: i === 1 ? ['V1'] : [],
      drawnTargets: i === 1 ? [...d.replayed].reverse() : d.replayed,
    }));
    const tampered = replayDrawsInBrowser({ seed, targetsPerDelegator: 3, candidates, selections: recorded });
    expect(tampered.matches).toBe(false);
    expect(tampered.draws.map((d) => d.matches)).toEqual([true, false]);
    expect(tampered.draws[1]!.replayed).not.toContain('V1');
  });
});

describe('the browser derivation of a round seed', () => {
  it("is the domain's deriveRoundSeed, for any round id and hash spelling", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }), hex32, fc.boolean(), (id, hash, upper) => {
        const spelled = upper ? `0x${hash.slice(2).toUpperCase()}` : hash;
        expect(roundSeedOf(id.toString(), spelled)).toBe(deriveRoundSeed(id.toString(), spelled));
      }),
    );
  });

  it('refuses what is not a block hash', () => {
    expect(() => roundSeedOf('1', '0x1234')).toThrow(/not a block hash/);
  });
});
