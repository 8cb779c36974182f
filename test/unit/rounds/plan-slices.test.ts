/**
 * The sliced, faster draw against the draw as it was (reference-plan.ts): the same selections for
 * any delegations, snapshot, seed and slice size; the pauses between slices and pages counted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CandidateEvaluation, IneligibleReason } from '../../../src/domain/candidates/types.js';
import type { Delegation } from '../../../src/domain/delegation/types.js';
import { PLAN_SLICE, planRound, planRoundInSlices, type PlanInput } from '../../../src/domain/rounds/plan-round.js';
import { readInPages, runInSlices, type Pacing } from '../../../src/domain/rounds/pacing.js';
import { replayRound, replayRoundInSlices } from '../../../src/domain/rounds/replay-round.js';
import { drawStreams } from '../../../src/domain/selection/draw-stream.js';
import { drawFromPool, prepareDrawPool } from '../../../src/domain/selection/draw-pool.js';
import { referenceDraw, referencePlan, referenceStream } from './reference-plan.js';

const STASHES = Array.from({ length: 40 }, (_, i) => `V${String(i).padStart(2, '0')}`);
const REASONS: IneligibleReason[] = ['ACTIVE', 'BLOCKED', 'NOT_VALIDATING', 'PROGRAMME_INVALID'];

const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString('hex')}`);

const evaluationsArb = fc
  .subarray(STASHES, { minLength: 0 })
  .chain((listed) =>
    fc.tuple(
      fc.constant(listed),
      fc.array(fc.option(fc.constantFrom(...REASONS), { nil: null }), {
        minLength: listed.length,
        maxLength: listed.length,
      }),
    ),
  )
  .map(([listed, reasons]) =>
    listed.map((stash, i): CandidateEvaluation => ({
      stash,
      name: null,
      eligible: reasons[i] === null,
      reason: reasons[i] ?? null,
      detail: reasons[i] ?? null,
      validating: true,
      commission: 0,
      blocked: false,
      elected: reasons[i] === 'ACTIVE',
      programmeValid: true,
    })),
  );

const delegationArb = (index: number) =>
  fc
    .record({
      targets: fc.subarray([...STASHES, 'GONE1', 'GONE2'], { maxLength: 6 }),
      drawnInEra: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
    })
    .map(({ targets, drawnInEra }): Delegation => ({
      id: `d${index}`,
      stash: `S${index}`,
      status: 'active',
      statusReason: '',
      statusSince: new Date(0),
      targets,
      drawnInEra,
      nominatedAt: null,
      createdAt: new Date(index),
    }));

const inputArb: fc.Arbitrary<PlanInput> = fc
  .record({
    count: fc.integer({ min: 0, max: 60 }),
    evaluations: evaluationsArb,
    seed: seedArb,
    targetsPerDelegator: fc.integer({ min: 1, max: 6 }),
    rotationEras: fc.integer({ min: 1, max: 30 }),
  })
  .chain(({ count, ...rest }) =>
    fc.tuple(...Array.from({ length: count }, (_, i) => delegationArb(i))).map((delegations) => ({
      ...rest,
      delegations,
      activeEra: 40,
    })),
  );

const pacing = (sliceSize: number, pageSize = 5_000) => {
  const counted = { pauses: 0 };
  const p: Pacing = { pause: async () => void counted.pauses++, sliceSize, pageSize };
  return { pacing: p, counted };
};

describe('the sliced draw', () => {
  it('gives what the unsliced draw of before gave, for any input and slice size', async () => {
    await fc.assert(
      fc.asyncProperty(inputArb, fc.integer({ min: 1, max: 70 }), async (input, sliceSize) => {
        const expected = referencePlan(input);
        expect(planRound(input)).toEqual(expected);
        const { pacing: p, counted } = pacing(sliceSize);
        expect(await runInSlices(planRoundInSlices(input, sliceSize), p)).toEqual(expected);
        // A pause between two slices, none after the last (a plan stopped early pauses less).
        expect(counted.pauses).toBeLessThanOrEqual(Math.max(0, Math.ceil(input.delegations.length / sliceSize) - 1));
      }),
      { numRuns: 300 },
    );
  });

  it('pauses between every two slices of delegations', async () => {
    const delegations = Array.from({ length: 2_500 }, (_, i) => ({
      id: `d${i}`,
      stash: `S${i}`,
      status: 'active' as const,
      statusReason: '',
      statusSince: new Date(0),
      targets: [],
      drawnInEra: null,
      nominatedAt: null,
      createdAt: new Date(0),
    }));
    const input: PlanInput = {
      delegations,
      evaluations: STASHES.map((stash) => ({
        stash,
        name: null,
        eligible: true,
        reason: null,
        detail: null,
        validating: true,
        commission: 0,
        blocked: false,
        elected: false,
        programmeValid: true,
      })),
      activeEra: 40,
      seed: `0x${'ab'.repeat(32)}`,
      targetsPerDelegator: 4,
      rotationEras: 28,
    };
    const { pacing: p, counted } = pacing(PLAN_SLICE);
    const result = await runInSlices(planRoundInSlices(input), p);
    expect(counted.pauses).toBe(2); // 1,000 + 1,000 + 500
    expect(result).toEqual(referencePlan(input));
  });

  it('draws from a prepared pool what the plain shuffle drew, sparse or dense, with any exclusions', () => {
    fc.assert(
      fc.property(
        fc.subarray(STASHES),
        fc.subarray([...STASHES, 'ELSEWHERE']),
        fc.integer({ min: 0, max: 45 }),
        seedArb,
        fc.string({ maxLength: 8 }),
        (pool, exclude, count, seed, stash) => {
          const drawn = drawFromPool(prepareDrawPool(pool), exclude, count, drawStreams(seed)(stash));
          expect(drawn).toEqual(referenceDraw(pool, exclude, count, referenceStream(seed, stash)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('replays, sliced or not, what it drew', async () => {
    await fc.assert(
      fc.asyncProperty(inputArb, fc.integer({ min: 1, max: 20 }), async (input, sliceSize) => {
        const plan = planRound(input);
        if (plan.kind !== 'plan') return;
        const replayInput = { ...input, selections: plan.selections };
        const whole = replayRound(replayInput);
        expect(whole.matches).toBe(true);
        expect(await runInSlices(replayRoundInSlices(replayInput, sliceSize), pacing(sliceSize).pacing)).toEqual(whole);
      }),
      { numRuns: 100 },
    );
  });
});

describe('readInPages', () => {
  it('returns every delegation once, oldest first, pausing between pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 40, maxLength: 40 }),
        async (n, pageSize, times) => {
          // Ties on createdAt are broken by id, as the repository's keyset does.
          const all: Delegation[] = Array.from({ length: n }, (_, i) => ({
            id: `id-${String(i).padStart(3, '0')}`,
            stash: `S${i}`,
            status: 'active',
            statusReason: '',
            statusSince: new Date(0),
            targets: [],
            drawnInEra: null,
            nominatedAt: null,
            createdAt: new Date(times[i]!),
          }));
          const ordered = [...all].sort((a, b) => +a.createdAt - +b.createdAt || (a.id < b.id ? -1 : 1));
          let reads = 0;
          const repo = {
            pageByStatus: async (_s: Delegation['status'][], after: Pick<Delegation, 'createdAt' | 'id'> | null) => {
              reads++;
              const from =
                after === null
                  ? 0
                  : ordered.findIndex(
                      (d) => +d.createdAt > +after.createdAt || (+d.createdAt === +after.createdAt && d.id > after.id),
                    );
              return from < 0 ? [] : ordered.slice(from, from + pageSize);
            },
          };
          const { pacing: p, counted } = pacing(1_000, pageSize);
          const read = await readInPages(repo, ['active'], p);
          expect(read.map((d) => d.id)).toEqual(ordered.map((d) => d.id));
          expect(reads).toBe(Math.floor(n / pageSize) + 1);
          expect(counted.pauses).toBe(reads - 1);
        },
      ),
    );
  });
});
