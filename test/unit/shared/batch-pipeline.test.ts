import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ItemOutcome, SignedExtrinsic, TrackResult } from '../../../src/domain/ports/extrinsics.js';
import {
  deliverStoredBatch,
  itemResults,
  type BatchSigner,
  type BatchStore,
  type ItemResult,
} from '../../../src/domain/shared/batch-pipeline.js';
import type { Included } from '../../../src/domain/shared/deliver-batch.js';
import type { SigningFence, SigningLock } from '../../../src/domain/shared/signing-lock.js';

const included = (outcomes: ItemOutcome[], extrinsicError: string | null = null): Included => ({
  kind: 'included',
  block: { hash: '0xb', number: 2 },
  extrinsicIndex: 1,
  outcomes,
  fee: 1n,
  extrinsicError,
});

const anyOutcome: fc.Arbitrary<ItemOutcome> = fc.oneof(
  fc.constant({ ok: true as const }),
  fc.constantFrom('staking.BadTarget', 'proxy.NotProxy').map((error) => ({ ok: false as const, error })),
);

describe('itemResults', () => {
  it('gives every item its own outcome, in order', () => {
    expect(itemResults(included([{ ok: true }, { ok: false, error: 'staking.BadTarget' }]), ['a', 'b'])).toEqual([
      { item: 'a', ok: true, error: null },
      { item: 'b', ok: false, error: 'staking.BadTarget' },
    ]);
  });

  it("fails every item with the extrinsic's error when the whole extrinsic failed", () => {
    expect(itemResults(included([{ ok: true }], 'system.BadOrigin'), ['a', 'b'])).toEqual([
      { item: 'a', ok: false, error: 'system.BadOrigin' },
      { item: 'b', ok: false, error: 'system.BadOrigin' },
    ]);
  });

  it('fails an item the chain reported nothing for', () => {
    expect(itemResults(included([{ ok: true }]), ['a', 'b'])[1]).toEqual({
      item: 'b',
      ok: false,
      error: 'no outcome reported for this item',
    });
  });

  it('holds for any outcomes: one result per item, ok only when its own outcome is ok and the extrinsic did not fail', () => {
    fc.assert(
      fc.property(
        fc.array(anyOutcome, { maxLength: 8 }),
        fc.nat({ max: 8 }),
        fc.option(fc.constant('system.BadOrigin')),
        (outcomes, count, extrinsicError) => {
          const items = Array.from({ length: count }, (_, i) => i);
          const results = itemResults(included(outcomes, extrinsicError), items);
          expect(results.map((r) => r.item)).toEqual(items);
          for (const r of results) {
            expect(r.ok).toBe(extrinsicError === null && outcomes[r.item]?.ok === true);
            expect(r.error === null).toBe(r.ok);
          }
        },
      ),
    );
  });
});

/** One process, one holder at a time, a new token each time; `held` says whether work runs under it. */
function memoryLock(): SigningLock & { held: boolean } {
  let token = 0n;
  const lock = {
    held: false,
    async hold<T>(account: string, work: (fence: SigningFence) => Promise<T>): Promise<T> {
      lock.held = true;
      try {
        return await work({ account, token: ++token });
      } finally {
        lock.held = false;
      }
    },
  };
  return lock;
}

const sig = (hash: string, nonce: number): SignedExtrinsic => ({
  hash,
  hex: '0x',
  nonce,
  signedAt: { hash: '0x0', number: nonce },
  mortalPeriod: 64,
});

function fakes(fate: (hash: string) => TrackResult['kind'] = () => 'included') {
  const log: string[] = [];
  const signatures = new Map<string, SignedExtrinsic>();
  const recorded: { id: string; hash: string; results: ItemResult<string>[] }[] = [];
  const store: BatchStore<string> = {
    signedExtrinsic: async (id) => signatures.get(id) ?? null,
    markSigned: async (id, signed, items, guard) => {
      log.push(`store ${signed.hash} [${items.join(',')}] replacing ${guard.previousHash}`);
      signatures.set(id, signed);
    },
    closeEmpty: async (id, reason) => void log.push(`close ${id}: ${reason}`),
    recordOutcome: async (id, inc, results) => void recorded.push({ id, hash: inc.extrinsicHash, results }),
  };
  let nonce = 0;
  const signer: BatchSigner<string> = {
    operatorAddress: () => 'OP',
    sign: async (items) => {
      log.push(`sign [${items.join(',')}]`);
      return sig(`0x${nonce}`, nonce++);
    },
    sendAndTrack: async (signed, count, options) => {
      log.push(`track ${signed.hash} submit=${options.submit}`);
      return fate(signed.hash) === 'expired'
        ? { kind: 'expired' }
        : included(Array.from({ length: count }, () => ({ ok: true as const })));
    },
    discard: (signed) => void log.push(`discard ${signed.hash}`),
  };
  return { log, signatures, recorded, store, signer, lock: memoryLock() };
}

describe('deliverStoredBatch', () => {
  it('re-checks, stores, sends and records a planned batch; `recheck` sees no previous signature', async () => {
    const f = fakes();
    const previousSeen: (string | null)[] = [];
    const results = await deliverStoredBatch(
      f,
      { id: '1', status: 'planned', items: ['a', 'b', 'c'] },
      {
        recheck: async (items, previous) => {
          previousSeen.push(previous?.hash ?? null);
          return items.filter((i) => i !== 'b');
        },
      },
    );
    expect(previousSeen).toEqual([null]);
    expect(f.log).toEqual(['sign [a,c]', 'store 0x0 [a,c] replacing null', 'track 0x0 submit=true']);
    expect(results!.map((r) => r.item)).toEqual(['a', 'c']);
    expect(f.recorded).toEqual([{ id: '1', hash: '0x0', results }]);
  });

  it('only watches a stored signature `submitStored` refuses, and re-checks against it before signing anew', async () => {
    const f = fakes((hash) => (hash === '0xold' ? 'expired' : 'included'));
    f.signatures.set('7', sig('0xold', 40));
    const previousSeen: (string | null)[] = [];
    const offered: string[][] = [];
    const results = await deliverStoredBatch(
      f,
      { id: '7', status: 'signed', items: ['a', 'b'] },
      {
        submitStored: async (stored, items) => {
          offered.push([stored.hash, ...items]);
          return false;
        },
        recheck: async (items, previous) => {
          previousSeen.push(previous?.hash ?? null);
          return items.slice(1);
        },
      },
    );
    expect(offered).toEqual([['0xold', 'a', 'b']]);
    expect(previousSeen).toEqual(['0xold']);
    expect(f.log).toEqual([
      'track 0xold submit=false',
      'sign [b]',
      'store 0x0 [b] replacing 0xold',
      'track 0x0 submit=true',
    ]);
    expect(results).toEqual([{ item: 'b', ok: true, error: null }]);
  });

  it('re-sends a stored signature by default, and records its items without signing', async () => {
    const f = fakes();
    f.signatures.set('7', sig('0xold', 40));
    const results = await deliverStoredBatch(f, { id: '7', status: 'signed', items: ['a', 'b'] });
    expect(f.log).toEqual(['track 0xold submit=true']);
    expect(f.recorded[0]!.hash).toBe('0xold');
    expect(results!.map((r) => r.item)).toEqual(['a', 'b']);
  });

  it('reads a batch given as a reader under the signing lock', async () => {
    const f = fakes();
    const underLock: boolean[] = [];
    await deliverStoredBatch(f, async () => {
      underLock.push(f.lock.held);
      return { id: '3', status: 'planned', items: ['a'] };
    });
    expect(underLock).toEqual([true]);
    expect(f.recorded.map((r) => r.id)).toEqual(['3']);
  });

  it('closes a batch nothing is left of with its reason, signing nothing', async () => {
    const f = fakes();
    const results = await deliverStoredBatch(
      f,
      { id: '2', status: 'planned', items: ['a'] },
      {
        recheck: async () => [],
        emptyReason: 'every item was withdrawn',
      },
    );
    expect(results).toBeNull();
    expect(f.log).toEqual(['close 2: every item was withdrawn']);
  });

  it('frees the nonce of a signature its store refused, and sends nothing', async () => {
    const f = fakes();
    f.store.markSigned = async () => {
      throw new Error('compare-and-set refused');
    };
    await expect(deliverStoredBatch(f, { id: '2', status: 'planned', items: ['a'] })).rejects.toThrow(/refused/);
    expect(f.log).toEqual(['sign [a]', 'discard 0x0']);
  });

  it('refuses to run without an operator key', async () => {
    const f = fakes();
    f.signer.operatorAddress = () => null;
    await expect(deliverStoredBatch(f, { id: '2', status: 'planned', items: ['a'] })).rejects.toThrow(/no operator/);
  });
});
