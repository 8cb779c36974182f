import { describe, expect, it } from 'vitest';
import { pageOutcome } from '../../../src/domain/payouts/page-outcome.js';
import type { OpenPayoutBatch, PayoutRepository } from '../../../src/domain/payouts/payout.repository.js';
import { sweepPayouts } from '../../../src/domain/payouts/sweep-payouts.use-case.js';
import type { PayoutItem, PayoutReader, PayoutWriter } from '../../../src/domain/ports/payouts.js';
import type { SignedExtrinsic } from '../../../src/domain/ports/extrinsics.js';
import type { SigningFence, SigningLock } from '../../../src/domain/shared/signing-lock.js';

/** A signing lock in one process: one holder at a time, a new token each time. */
function memoryLock(): SigningLock & { latest: bigint } {
  let tail: Promise<unknown> = Promise.resolve();
  const lock = {
    latest: 0n,
    hold<T>(account: string, work: (fence: SigningFence) => Promise<T>): Promise<T> {
      const run = tail.then(() => work({ account, token: ++lock.latest }));
      tail = run.catch(() => undefined);
      return run;
    },
  };
  return lock;
}

/** An in-memory repository with the same rules as the Prisma one (each page once, batches in order). */
function memoryRepository(history: { stashes: string[]; validators: string[] }) {
  const pages = new Map<string, { item: PayoutItem; status: string; batch: string | null; attempts: number }>();
  const batches = new Map<
    string,
    { era: number; status: 'planned' | 'signed' | 'included'; signed: SignedExtrinsic | null }
  >();
  const scans = new Set<number>();
  const lock = memoryLock();
  const k = (i: PayoutItem) => `${i.era}/${i.validator}/${i.page}`;
  const repo: PayoutRepository = {
    nominationHistory: async () => ({ stashes: new Set(history.stashes), validators: history.validators }),
    scannedEras: async (from, to) => new Set([...scans].filter((e) => e >= from && e <= to)),
    recordScan: async (era, found) => {
      for (const f of found) {
        const item = { era, validator: f.validator, page: f.page };
        if (!pages.has(k(item))) pages.set(k(item), { item, status: 'due', batch: null, attempts: 0 });
      }
      scans.add(era);
    },
    due: async (minEra, maxAttempts) =>
      [...pages.values()]
        .filter(
          (p) => p.item.era >= minEra && (p.status === 'due' || (p.status === 'failed' && p.attempts < maxAttempts)),
        )
        .map((p) => p.item)
        .sort((a, b) => a.era - b.era),
    expireBefore: async (minEra) => {
      let n = 0;
      for (const p of pages.values()) {
        if (p.item.era >= minEra || !['due', 'failed'].includes(p.status)) continue;
        p.status = 'expired';
        n++;
      }
      return n;
    },
    markClaimedByOther: async (items) => items.forEach((i) => (pages.get(k(i))!.status = 'claimed_by_other')),
    createBatches: async (era, groups) =>
      groups.map((g) => {
        const id = String(batches.size + 1);
        batches.set(id, { era, status: 'planned', signed: null });
        g.forEach((i) => Object.assign(pages.get(k(i))!, { status: 'batched', batch: id }));
        return id;
      }),
    openBatches: async () =>
      [...batches.entries()]
        .filter(([, b]) => b.status !== 'included')
        .map(([id, b]) => ({
          id,
          era: b.era,
          status: b.status as OpenPayoutBatch['status'],
          items: [...pages.values()]
            .filter((p) => p.batch === id && p.status === (b.status === 'planned' ? 'batched' : 'sent'))
            .map((p) => p.item),
        })),
    signedExtrinsic: async (id) => batches.get(id)!.signed,
    markSigned: async (id, signed, items, guard) => {
      const b = batches.get(id)!;
      // The same compare-and-set as the Prisma repository.
      const from = guard.previousHash === null ? b.status === 'planned' : b.signed?.hash === guard.previousHash;
      if (!from || guard.fence.token !== lock.latest) throw new Error('compare-and-set refused');
      Object.assign(b, { status: 'signed', signed });
      items.forEach((i) => (pages.get(k(i))!.status = 'sent'));
    },
    closeEmptyBatch: async (id) => void (batches.get(id)!.status = 'included'),
    recordOutcome: async (id, _inclusion, results) => {
      batches.get(id)!.status = 'included';
      results.forEach((r) => (pages.get(k(r.item))!.status = pageOutcome(r)));
    },
    feesByEra: async () => [],
  };
  return { repo, pages, batches, k, lock };
}

function chainFakes(opts: { activeEra: number; depth: number; claimed?: string[]; exposedEras: number[] }) {
  const sent: PayoutItem[][] = [];
  const exposureCalls: number[] = [];
  const reader: PayoutReader = {
    historyDepth: () => opts.depth,
    eraRewardKnown: async (era) => era < opts.activeEra,
    exposures: async (era, validators) => {
      exposureCalls.push(era);
      return opts.exposedEras.includes(era)
        ? validators.map((validator) => ({ validator, pageCount: 1, pages: [{ page: 0, stashes: ['S1'] }] }))
        : [];
    },
    claimedPages: async (era, v) => new Set((opts.claimed ?? []).includes(`${era}/${v}`) ? [0] : []),
  };
  let nonce = 0;
  const writer: PayoutWriter = {
    operatorAddress: () => 'OP',
    packPayouts: async (items) => [items],
    signPayoutBatch: async (items) => {
      sent.push(items);
      return { hash: `0x${nonce}`, hex: '0x', nonce: nonce++, signedAt: { hash: '0x0', number: 1 }, mortalPeriod: 64 };
    },
    sendAndTrack: async (_signed, count) => ({
      kind: 'included',
      block: { hash: '0xb', number: 2 },
      extrinsicIndex: 1,
      outcomes: Array.from({ length: count }, () => ({ ok: true as const })),
      fee: 10n,
      extrinsicError: null,
    }),
    discard: () => undefined,
  };
  return { reader, writer, sent, exposureCalls };
}

describe('sweepPayouts', () => {
  it('pays due pages oldest era first, and never those somebody else paid', async () => {
    const { repo, pages, lock } = memoryRepository({ stashes: ['S1'], validators: ['V1', 'V2'] });
    const { reader, writer, sent } = chainFakes({ activeEra: 10, depth: 84, claimed: ['8/V1'], exposedEras: [8, 9] });
    const report = await sweepPayouts({
      payouts: repo,
      chain: { activeEra: async () => ({ index: 10, at: { hash: '0x', number: 1 } }) },
      reader,
      writer,
      lock,
    });
    expect(sent.map((b) => b.map((i) => `${i.era}/${i.validator}`))).toEqual([['8/V2'], ['9/V1', '9/V2']]);
    expect(pages.get('8/V1/0')!.status).toBe('claimed_by_other');
    expect(report).toMatchObject({ paid: 3, claimedByOthers: 1, batches: 2 });
  });

  it('does not attempt eras past the history depth, and expires what was left there', async () => {
    const { repo, pages, lock } = memoryRepository({ stashes: ['S1'], validators: ['V1'] });
    await repo.recordScan(3, [{ validator: 'V1', page: 0, stashes: ['S1'] }]);
    const { reader, writer, sent, exposureCalls } = chainFakes({
      activeEra: 100,
      depth: 84,
      exposedEras: [15, 16, 99],
    });
    await sweepPayouts({
      payouts: repo,
      chain: { activeEra: async () => ({ index: 100, at: { hash: '0x', number: 1 } }) },
      reader,
      writer,
      lock,
    });
    expect(Math.min(...exposureCalls)).toBe(16);
    expect(sent.flat().map((i) => i.era)).toEqual([16, 99]);
    expect(pages.get('3/V1/0')!.status).toBe('expired');
  });

  it('finishes a batch signed before a crash without signing it again', async () => {
    const { repo, batches, lock } = memoryRepository({ stashes: ['S1'], validators: ['V1'] });
    await repo.recordScan(5, [{ validator: 'V1', page: 0, stashes: ['S1'] }]);
    const [id] = await repo.createBatches(5, [[{ era: 5, validator: 'V1', page: 0 }]]);
    const stored = { hash: '0xabc', hex: '0x', nonce: 7, signedAt: { hash: '0x0', number: 1 }, mortalPeriod: 64 };
    await lock.hold('OP', (fence) =>
      repo.markSigned(id!, stored, [{ era: 5, validator: 'V1', page: 0 }], { previousHash: null, fence }),
    );
    const { reader, writer, sent } = chainFakes({ activeEra: 6, depth: 84, exposedEras: [] });
    const tracked: string[] = [];
    const track = writer.sendAndTrack;
    writer.sendAndTrack = async (signed, count) => (tracked.push(signed.hash), track(signed, count));
    await sweepPayouts({
      payouts: repo,
      chain: { activeEra: async () => ({ index: 6, at: { hash: '0x', number: 1 } }) },
      reader,
      writer,
      lock,
    });
    expect(sent).toEqual([]);
    expect(tracked).toEqual(['0xabc']);
    expect(batches.get(id!)!.status).toBe('included');
  });

  it('sends nothing in read-only mode', async () => {
    const { repo, lock } = memoryRepository({ stashes: ['S1'], validators: ['V1'] });
    const { reader, writer, sent } = chainFakes({ activeEra: 10, depth: 84, exposedEras: [9] });
    writer.operatorAddress = () => null;
    await sweepPayouts({
      payouts: repo,
      chain: { activeEra: async () => ({ index: 10, at: { hash: '0x', number: 1 } }) },
      reader,
      writer,
      lock,
    });
    expect(sent).toEqual([]);
  });

  it('re-checks claimed pages before re-signing an expired batch: a page paid meanwhile is not sent again', async () => {
    const { repo, pages, batches, lock } = memoryRepository({ stashes: ['S1'], validators: ['V1', 'V2'] });
    await repo.recordScan(5, [
      { validator: 'V1', page: 0, stashes: ['S1'] },
      { validator: 'V2', page: 0, stashes: ['S1'] },
    ]);
    const items = [
      { era: 5, validator: 'V1', page: 0 },
      { era: 5, validator: 'V2', page: 0 },
    ];
    const [id] = await repo.createBatches(5, [items]);
    const stored = { hash: '0xold', hex: '0x', nonce: 7, signedAt: { hash: '0x0', number: 1 }, mortalPeriod: 64 };
    await lock.hold('OP', (fence) => repo.markSigned(id!, stored, items, { previousHash: null, fence }));
    // The stored signature expired unused; meanwhile somebody paid V1's page.
    const claimed: string[] = [];
    const { reader, writer, sent } = chainFakes({ activeEra: 6, depth: 84, exposedEras: [], claimed });
    const track = writer.sendAndTrack;
    writer.sendAndTrack = async (signed, count) => {
      if (signed.hash !== '0xold') return track(signed, count);
      claimed.push('5/V1');
      return { kind: 'expired' };
    };
    const report = await sweepPayouts({
      payouts: repo,
      chain: { activeEra: async () => ({ index: 6, at: { hash: '0x', number: 1 } }) },
      reader,
      writer,
      lock,
    });
    expect(sent.map((b) => b.map((i) => i.validator))).toEqual([['V2']]);
    expect(pages.get('5/V1/0')!.status).toBe('claimed_by_other');
    expect(pages.get('5/V2/0')!.status).toBe('paid');
    expect(batches.get(id!)!.status).toBe('included');
    expect(report).toMatchObject({ paid: 1, claimedByOthers: 1 });
  });
  it('records each page as the domain decides (paid, paid first by someone else, failed) and counts them', async () => {
    const { repo, pages, lock } = memoryRepository({ stashes: ['S1'], validators: ['V1', 'V2', 'V3'] });
    const { reader, writer } = chainFakes({ activeEra: 10, depth: 84, exposedEras: [9] });
    writer.sendAndTrack = async () => ({
      kind: 'included',
      block: { hash: '0xb', number: 2 },
      extrinsicIndex: 1,
      outcomes: [
        { ok: true },
        { ok: false, error: 'staking.AlreadyClaimed' },
        { ok: false, error: 'staking.NotStash' },
      ],
      fee: 10n,
      extrinsicError: null,
    });
    const report = await sweepPayouts({
      payouts: repo,
      chain: { activeEra: async () => ({ index: 10, at: { hash: '0x', number: 1 } }) },
      reader,
      writer,
      lock,
    });
    expect(['9/V1/0', '9/V2/0', '9/V3/0'].map((p) => pages.get(p)!.status)).toEqual([
      'paid',
      'claimed_by_other',
      'failed',
    ]);
    expect(report).toMatchObject({ batches: 1, paid: 1, failed: 2, claimedByOthers: 0 });
  });

  it('closes a batch every page of which was paid by someone else, with that reason, signing nothing', async () => {
    const { repo, lock } = memoryRepository({ stashes: ['S1'], validators: ['V1'] });
    await repo.recordScan(5, [{ validator: 'V1', page: 0, stashes: ['S1'] }]);
    const [id] = await repo.createBatches(5, [[{ era: 5, validator: 'V1', page: 0 }]]);
    const closed: [string, string][] = [];
    const close = repo.closeEmptyBatch;
    repo.closeEmptyBatch = async (batchId, reason) => (closed.push([batchId, reason]), close(batchId, reason));
    const { reader, writer, sent } = chainFakes({ activeEra: 6, depth: 84, exposedEras: [], claimed: ['5/V1'] });
    const report = await sweepPayouts({
      payouts: repo,
      chain: { activeEra: async () => ({ index: 6, at: { hash: '0x', number: 1 } }) },
      reader,
      writer,
      lock,
    });
    expect(sent).toEqual([]);
    expect(closed).toEqual([[id, 'every page was paid by someone else before signing']]);
    expect(report).toMatchObject({ batches: 0, claimedByOthers: 1 });
  });
});
