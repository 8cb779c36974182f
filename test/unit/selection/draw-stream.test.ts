import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { createDrawStream } from '../../../src/domain/selection/draw-stream.js';

const SEED = `0x${'ab'.repeat(32)}`;
const seedArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => `0x${Buffer.from(bytes).toString('hex')}`);

describe('createDrawStream', () => {
  it('follows the documented algorithm, so an auditor can re-implement it', () => {
    // With n = 2^32 nothing is rejected: the stream yields the raw big-endian words of
    // HMAC-SHA256(seed, "<stash>:0"), then of "<stash>:1", …
    const stash = 'HqRcfhH8VXMhuCk5JXe28WMgDDuW9MVDVNofe1nnTcefVZn';
    const expected = [0, 1].flatMap((block) => {
      const digest = createHmac('sha256', Buffer.from(SEED.slice(2), 'hex'))
        .update(`${stash}:${block}`)
        .digest();
      return Array.from({ length: 8 }, (_, i) => digest.readUInt32BE(i * 4));
    });
    const stream = createDrawStream(SEED, stash);
    expect(Array.from({ length: 16 }, () => stream.nextInt(2 ** 32))).toEqual(expected);
  });

  it('is deterministic for a seed and stash, and differs between stashes and seeds', () => {
    const take = (seed: string, stash: string) => {
      const stream = createDrawStream(seed, stash);
      return Array.from({ length: 20 }, () => stream.nextInt(1000));
    };
    expect(take(SEED, 'alice')).toEqual(take(SEED, 'alice'));
    expect(take(SEED, 'alice')).not.toEqual(take(SEED, 'bob'));
    expect(take(SEED, 'alice')).not.toEqual(take(`0x${'cd'.repeat(32)}`, 'alice'));
  });

  it('stays within [0, n)', () => {
    fc.assert(
      fc.property(
        seedArb,
        fc.string(),
        fc.array(fc.integer({ min: 1, max: 2 ** 32 }), { maxLength: 30 }),
        (seed, stash, bounds) => {
          const stream = createDrawStream(seed, stash);
          for (const n of bounds) {
            const value = stream.nextInt(n);
            expect(Number.isInteger(value) && value >= 0 && value < n).toBe(true);
          }
        },
      ),
    );
  });

  it.each(['', '0x', 'ab'.repeat(32), `0x${'ab'.repeat(31)}`, `0x${'zz'.repeat(32)}`])(
    'refuses the seed %j',
    (seed) => {
      expect(() => createDrawStream(seed, 'alice')).toThrow(DomainError);
      expect(() => createDrawStream(seed, 'alice')).toThrow(expect.objectContaining({ code: 'INVALID_SEED' }));
    },
  );
});
