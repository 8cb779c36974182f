import { describe, expect, it } from 'vitest';
import { nonceRetentionCutoff, pruneUsedNonces } from '../../../src/domain/wallet/prune-used-nonces.use-case.js';
import { MAX_EXPIRY_AHEAD_MS } from '../../../src/domain/wallet/signed-request.js';

const NOW = new Date('2026-11-29T12:00:00Z');

describe('pruneUsedNonces', () => {
  it('keeps every nonce a request could still be replayed with: the validity window plus a margin', () => {
    const cutoff = nonceRetentionCutoff(NOW);
    expect(NOW.getTime() - cutoff.getTime()).toBeGreaterThan(MAX_EXPIRY_AHEAD_MS);
  });

  it('deletes in bounded batches and stops at its batch limit, saying more remain', async () => {
    let left = 25;
    const asked: { cutoff: Date; limit: number }[] = [];
    const nonces = {
      deleteRecordedBefore: async (cutoff: Date, limit: number) => {
        asked.push({ cutoff, limit });
        const n = Math.min(left, limit);
        left -= n;
        return n;
      },
    };
    const clock = { now: () => NOW };
    expect(await pruneUsedNonces({ nonces, clock }, { batchSize: 10, maxBatches: 2 })).toMatchObject({
      deleted: 20,
      more: true,
    });
    expect(asked).toEqual([
      { cutoff: nonceRetentionCutoff(NOW), limit: 10 },
      { cutoff: nonceRetentionCutoff(NOW), limit: 10 },
    ]);
    expect(await pruneUsedNonces({ nonces, clock }, { batchSize: 10, maxBatches: 2 })).toMatchObject({
      deleted: 5,
      more: false,
    });
  });
});
