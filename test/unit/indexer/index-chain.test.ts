import { describe, expect, it } from 'vitest';
import type { IndexedEventRepository } from '../../../src/domain/indexer/indexed-event.repository.js';
import { indexChain } from '../../../src/domain/indexer/index-chain.use-case.js';
import type { ChainEvent, ChainEventSource } from '../../../src/domain/ports/chain-events.js';

const event = (key: string, kind: ChainEvent['kind'], account = 'S1'): ChainEvent => ({
  key,
  kind,
  account,
  extrinsicIndex: 1,
  extrinsicHash: '0x1',
  signer: account,
  amount: null,
  era: null,
  validator: null,
  detail: {},
});

function fakes(
  head: number,
  eventsAt: Record<number, ChainEvent[]>,
  cursor: number | null,
  watchAt: Record<number, string[]> = {},
) {
  const saved = new Map<string, ChainEvent>();
  const log: string[] = [];
  const state = { cursor };
  const source: ChainEventSource = {
    finalizedHead: async () => ({ hash: `0x${head}`, number: head }),
    blockEvents: async (n, accounts) => ({
      block: { hash: `0x${n}`, number: n },
      events: (eventsAt[n] ?? []).filter((e) => accounts.has(e.account)),
      watch: watchAt[n] ?? [],
    }),
  };
  const events: IndexedEventRepository = {
    cursor: async () => state.cursor,
    saveBlock: async (block, list) => {
      let inserted = 0;
      for (const e of list) {
        if (saved.has(`${block.number}/${e.key}`)) continue;
        saved.set(`${block.number}/${e.key}`, e);
        inserted++;
      }
      state.cursor = block.number;
      log.push(`save ${block.number}`);
      return inserted;
    },
    trackedAccounts: async () => new Set(['S1', 'S2']),
    rewards: async () => [],
  };
  const watch = async (stashes: string[]) => void log.push(`watch ${stashes.join(',')}`);
  return { source, events, watch, saved, log, state };
}

describe('indexChain', () => {
  it('starts at the head on a first run, then follows from its cursor a bounded number of blocks', async () => {
    const f = fakes(10, {}, null);
    expect((await indexChain(f, { maxBlocks: 5 })).blocks).toBe(1);
    expect(f.state.cursor).toBe(10);
    const g = fakes(100, {}, 10);
    const report = await indexChain(g, { maxBlocks: 25 });
    expect([report.from, report.to]).toEqual([11, 35]);
  });

  it('records only the tracked accounts, each event once, whatever the number of runs', async () => {
    const at = { 11: [event('e1', 'rewarded'), event('e2', 'rewarded', 'STRANGER')] };
    const f = fakes(12, at, 10);
    await indexChain(f, { maxBlocks: 10 });
    f.state.cursor = 10; // as after a crash before the cursor was stored
    await indexChain(f, { maxBlocks: 10 });
    expect([...f.saved.keys()]).toEqual(['11/e1']);
  });

  it('has the watcher look at a stash before the block that changed it is marked indexed', async () => {
    const f = fakes(12, { 12: [event('e3', 'proxy_removed', 'S2'), event('e4', 'rewarded')] }, 10);
    await indexChain(f, { maxBlocks: 10 });
    expect(f.log).toEqual(['save 11', 'watch S2', 'save 12']);
  });

  it('has the watcher look at a stash a call of the block may have changed, though no event says so', async () => {
    // Block 11: S1 removed its proxies inside a multisig whose call failed (nothing recorded);
    // block 12: S2 set its payee (account_changed) and S1 bonded extra in the same block.
    const f = fakes(12, { 12: [event('x1.0', 'account_changed', 'S2'), event('e2', 'bonded', 'S1')] }, 10, {
      11: ['S1', 'STRANGER'],
      12: ['S2'],
    });
    await indexChain(f, { maxBlocks: 10 });
    expect(f.log).toEqual(['watch S1', 'save 11', 'watch S2,S1', 'save 12']);
  });
});

describe('indexChain: the onBlock hook', () => {
  it("hands each block's tracked events and the stashes just re-read to the hook, after the watcher and before the cursor moves", async () => {
    const at = {
      11: [event('e1', 'rewarded'), event('e2', 'unbonded', 'S2')],
      13: [event('e3', 'rewarded', 'STRANGER')],
    };
    const f = fakes(13, at, 10, { 12: ['S1'] });
    const seen: string[] = [];
    await indexChain(
      {
        ...f,
        onBlock: async ({ block, events, touched }) => {
          f.log.push(`hook ${block.number}`);
          seen.push(`${block.number}: ${events.map((e) => e.key).join(',')} | ${touched.join(',')}`);
        },
      },
      { maxBlocks: 10 },
    );
    // Block 13 holds nothing of a tracked account: no call.
    expect(seen).toEqual(['11: e1,e2 | S2', '12:  | S1']);
    expect(f.log).toEqual(['watch S2', 'hook 11', 'save 11', 'watch S1', 'hook 12', 'save 12', 'save 13']);
  });

  it('leaves the cursor where it was when the hook fails, so the block is read again', async () => {
    const f = fakes(11, { 11: [event('e1', 'rewarded')] }, 10);
    const failing = async () => {
      throw new Error('database down');
    };
    await expect(indexChain({ ...f, onBlock: failing }, { maxBlocks: 10 })).rejects.toThrow('database down');
    expect(f.state.cursor).toBe(10);
  });
});
