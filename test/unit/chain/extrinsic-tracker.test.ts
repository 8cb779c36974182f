import { describe, expect, it } from 'vitest';
import { ExtrinsicTracker } from '../../../src/chain/extrinsic-tracker.js';
import type { TrackerChain } from '../../../src/chain/tracker-chain.js';
import type { SignedExtrinsic } from '../../../src/domain/ports/extrinsics.js';

const TX = '0xtx';
const signed: SignedExtrinsic = {
  hash: TX,
  hex: '0xhex',
  nonce: 5,
  signedAt: { hash: '0x10', number: 10 },
  mortalPeriod: 64,
};

/**
 * A chain whose blocks, best and finalized heads the test scripts: each wait for a head plays the
 * next step. The signer's nonce in a block's state counts the tracked extrinsic once it is in
 * that block or an earlier one of the same chain.
 */
function scriptedChain(steps: ((c: ReturnType<typeof state>) => void)[]) {
  const c = state();
  const log: string[] = [];
  const chain: TrackerChain = {
    bestHead: async () => ({ number: c.best, hash: c.blocks.get(c.best)!.hash }),
    finalizedHead: async () => ({ number: c.finalized, hash: c.blocks.get(c.finalized)!.hash }),
    blockHash: async (n) => c.blocks.get(n)?.hash ?? null,
    findExtrinsic: async (hash, from, to) => {
      for (let n = from; n <= to; n++) {
        const b = c.blocks.get(n);
        if (b?.txs.includes(hash)) return { block: { number: n, hash: b.hash }, extrinsicIndex: 1 };
      }
      return null;
    },
    readInclusion: async (found, itemCount) => {
      log.push(`read ${found.block.hash} (finalized ${c.finalized})`);
      return {
        kind: 'included',
        block: found.block,
        extrinsicIndex: found.extrinsicIndex,
        outcomes: Array.from({ length: itemCount }, () => ({ ok: true as const })),
        fee: 1n,
        extrinsicError: null,
      };
    },
    signerNonce: async (_signer, at) => {
      const upTo = [...c.blocks.entries()].filter(([n]) => n <= at.number);
      return upTo.some(([, b]) => b.txs.includes(TX)) ? 6 : 5;
    },
    submit: async () => {
      log.push('submit');
      if (c.rejectSubmits) throw new Error('1010: Invalid Transaction: Transaction is outdated');
    },
    waitForHead: async () => {
      const step = steps.shift();
      if (!step) throw new Error('script exhausted');
      step(c);
    },
    endpoint: () => 'one',
  };
  return { chain, log, c };
}

function state() {
  return {
    best: 10,
    finalized: 10,
    rejectSubmits: false,
    blocks: new Map<number, { hash: string; txs: string[] }>([[10, { hash: '0x10', txs: [] }]]),
    add(n: number, hash: string, txs: string[] = []) {
      this.blocks.set(n, { hash, txs });
      for (const k of [...this.blocks.keys()]) if (k > n) this.blocks.delete(k);
      this.best = n;
    },
  };
}

const tracker = (chain: TrackerChain) =>
  new ExtrinsicTracker(chain, {
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined },
    pollIntervalMs: 1,
    trackTimeoutMs: 5_000,
    onExpired: () => undefined,
  });

describe('ExtrinsicTracker', () => {
  it('reports an inclusion only once its block is finalized', async () => {
    const { chain, log } = scriptedChain([
      (c) => c.add(11, '0x11', [TX]),
      (c) => c.add(12, '0x12'),
      (c) => (c.finalized = 11),
    ]);
    const result = await tracker(chain).track('OP', signed, 2);
    expect(result).toMatchObject({ kind: 'included', block: { number: 11, hash: '0x11' } });
    expect(log).toEqual(['submit', 'read 0x11 (finalized 11)']);
  });

  it('never reports a best block that a reorganisation replaced: it finds the extrinsic where it finally landed', async () => {
    const { chain, log } = scriptedChain([
      // In best block 11a, not finalized...
      (c) => c.add(11, '0x11a', [TX]),
      // ...then 11a is replaced by 11b without it; it lands again in 12.
      (c) => {
        c.add(11, '0x11b');
        c.add(12, '0x12', [TX]);
      },
      (c) => (c.finalized = 12),
      (c) => (c.finalized = 12),
    ]);
    const result = await tracker(chain).track('OP', signed, 1);
    expect(result).toMatchObject({ kind: 'included', block: { number: 12, hash: '0x12' } });
    expect(log.filter((l) => l.startsWith('read'))).toEqual(['read 0x12 (finalized 12)']);
  });

  it('does not call a nonce used only in a block that is not finalized a supersession', async () => {
    const other = { ...signed, hash: '0xother' };
    let finalizedWhenDecided = -1;
    const { chain, c: view } = scriptedChain([
      (c) => {
        c.add(11, '0x11', [TX]);
        c.rejectSubmits = true;
      },
      ...[12, 13, 14, 15].map((n) => (c: ReturnType<typeof state>) => c.add(n, `0x${n}`)),
      (c) => c.add(16, '0x16'),
      (c) => (c.finalized = 11),
    ]);
    const t = new ExtrinsicTracker(chain, {
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined },
      pollIntervalMs: 1,
      trackTimeoutMs: 5_000,
      onExpired: () => void (finalizedWhenDecided = view.finalized),
    });
    // Another extrinsic took the nonce in best block 11: superseded only once block 11 is final.
    const result = await t.track('OP', other, 1);
    expect(result).toEqual({ kind: 'expired' });
    expect(finalizedWhenDecided).toBe(11);
  });
});
