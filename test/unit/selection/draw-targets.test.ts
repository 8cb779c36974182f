import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDrawStream, type DrawStream } from '../../../src/domain/selection/draw-stream.js';
import { drawTargets } from '../../../src/domain/selection/draw-targets.js';
import { drawForStash, replayDraw } from '../../../src/domain/selection/stash-draw.js';

const SEED = `0x${'11'.repeat(32)}`;
const seedArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => `0x${Buffer.from(bytes).toString('hex')}`);
const poolArb = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 40 });
const scripted = (...values: number[]): DrawStream => ({
  nextInt: (n) => {
    const value = values.shift();
    if (value === undefined || value >= n) throw new Error(`unexpected draw with bound ${n}`);
    return value;
  },
});

describe('drawTargets', () => {
  it('picks distinct addresses of the pool, never excluded ones, min(count, available) of them', () => {
    fc.assert(
      fc.property(
        poolArb,
        fc.array(fc.string({ maxLength: 6 })),
        fc.nat({ max: 50 }),
        seedArb,
        (pool, extra, count, seed) => {
          const exclude = [...pool.filter((_, i) => i % 3 === 0), ...extra];
          const available = pool.filter((address) => !exclude.includes(address));
          const drawn = drawTargets({ pool, exclude, count, stream: createDrawStream(seed, 'stash') });
          expect(drawn).toHaveLength(Math.min(count, available.length));
          expect(new Set(drawn).size).toBe(drawn.length);
          for (const address of drawn) {
            expect(pool).toContain(address);
            expect(exclude).not.toContain(address);
          }
        },
      ),
    );
  });

  it('returns every available address when there are fewer than asked', () => {
    fc.assert(
      fc.property(poolArb, seedArb, (pool, seed) => {
        const drawn = drawTargets({ pool, exclude: [], count: pool.length + 3, stream: createDrawStream(seed, 's') });
        expect([...drawn].sort()).toEqual([...pool].sort());
      }),
    );
  });

  it('depends on the pool as a set, not on the order or repetitions it was given in', () => {
    fc.assert(
      fc.property(poolArb, seedArb, fc.nat({ max: 10 }), (pool, seed, count) => {
        const draw = (given: string[]) =>
          drawTargets({ pool: given, exclude: [], count, stream: createDrawStream(seed, 'stash') });
        expect(draw([...pool].reverse().concat(pool))).toEqual(draw(pool));
      }),
    );
  });

  it('is a partial Fisher–Yates over the canonically sorted pool', () => {
    // Sorted: A B C D E. Step 0 swaps 0 and 0+2 (C B A D E), step 1 swaps 1 and 1+3 (C E A D B).
    const drawn = drawTargets({ pool: ['E', 'D', 'C', 'B', 'A'], exclude: [], count: 2, stream: scripted(2, 3) });
    expect(drawn).toEqual(['C', 'E']);
    // With D excluded the pool is A B C E: step 0 swaps 0 and 3 (E B C A).
    expect(drawTargets({ pool: ['A', 'B', 'C', 'D', 'E'], exclude: ['D'], count: 1, stream: scripted(3) })).toEqual([
      'E',
    ]);
  });

  it('draws nothing for a count of 0 or an empty pool', () => {
    expect(drawTargets({ pool: ['A'], exclude: [], count: 0, stream: scripted() })).toEqual([]);
    expect(drawTargets({ pool: [], exclude: [], count: 4, stream: scripted() })).toEqual([]);
  });

  it.each([-1, 1.5, Number.NaN])('refuses the count %d', (count) => {
    expect(() => drawTargets({ pool: ['A'], exclude: [], count, stream: scripted() })).toThrow(RangeError);
  });
});

describe('drawForStash / replayDraw', () => {
  const pool = Array.from({ length: 30 }, (_, i) => `V${String(i).padStart(2, '0')}`);

  it('replays: the same seed and stash give the same targets', () => {
    fc.assert(
      fc.property(seedArb, fc.string(), (seedHex, stash) => {
        const input = { seedHex, stash, pool, exclude: ['V03'], count: 4 };
        expect(replayDraw({ ...input, pool: [...pool].reverse() })).toEqual(drawForStash(input));
      }),
    );
  });

  it('does not depend on the order delegators are processed in (one stream per stash)', () => {
    const draw = (stash: string) => drawForStash({ seedHex: SEED, stash, pool, exclude: [], count: 4 });
    const forward = ['alice', 'bob', 'carol'].map(draw);
    const backward = ['carol', 'bob', 'alice'].map(draw).reverse();
    expect(backward).toEqual(forward);
    expect(new Set(forward.map((targets) => targets.join())).size).toBe(3);
  });
});
