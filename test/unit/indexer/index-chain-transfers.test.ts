import { describe, expect, it } from 'vitest';
import type { IndexedEventRepository } from '../../../src/domain/indexer/indexed-event.repository.js';
import { indexChain } from '../../../src/domain/indexer/index-chain.use-case.js';
import type { ChainEventSource, ChainTransfer } from '../../../src/domain/ports/chain-events.js';
import type { BlockRef } from '../../../src/domain/shared/types.js';

const transfer = (n: number, eventIndex: number, amount: bigint): ChainTransfer => ({
  token: { kind: 'native' },
  from: 'USER',
  to: 'POOL',
  amount,
  blockHash: `0x${n}`,
  blockNumber: n,
  eventIndex,
  extrinsicIndex: 1,
});

function fakes(head: number, transfersAt: Record<number, ChainTransfer[]>, cursor: number) {
  const log: string[] = [];
  const state = { cursor };
  const source: ChainEventSource = {
    finalizedHead: async () => ({ hash: `0x${head}`, number: head }),
    blockEvents: async (n) => ({
      block: { hash: `0x${n}`, number: n },
      events: [],
      watch: [],
      ...(transfersAt[n] ? { transfers: transfersAt[n] } : {}),
    }),
  };
  const events: IndexedEventRepository = {
    cursor: async () => state.cursor,
    saveBlock: async (block) => {
      state.cursor = block.number;
      log.push(`save ${block.number}`);
      return 0;
    },
    trackedAccounts: async () => new Set<string>(),
    rewards: async () => [],
  };
  return { source, events, watch: async () => undefined, log, state };
}

describe('indexChain: transfers', () => {
  it("hands each block's transfers to onTransfers before its cursor is stored, only for blocks that made any", async () => {
    const f = fakes(14, { 12: [transfer(12, 3, 5n), transfer(12, 7, 6n)], 13: [], 14: [transfer(14, 0, 1n)] }, 10);
    const seen: { transfers: ChainTransfer[]; block: BlockRef }[] = [];
    await indexChain(
      {
        ...f,
        onTransfers: async (transfers, block) => {
          f.log.push(`transfers ${block.number}`);
          seen.push({ transfers, block });
        },
      },
      { maxBlocks: 10 },
    );
    expect(f.log).toEqual(['save 11', 'transfers 12', 'save 12', 'save 13', 'transfers 14', 'save 14']);
    expect(seen[0]).toEqual({
      transfers: [transfer(12, 3, 5n), transfer(12, 7, 6n)],
      block: { hash: '0x12', number: 12 },
    });
  });

  it('does not move past a block whose transfers could not be booked, and hands them over again next run', async () => {
    const f = fakes(12, { 12: [transfer(12, 3, 5n)] }, 10);
    let fail = true;
    const booked: string[] = [];
    const deps = {
      ...f,
      onTransfers: async (transfers: ChainTransfer[]) => {
        if (fail) throw new Error('database down');
        booked.push(...transfers.map((t) => `${t.blockHash}/${t.eventIndex}`));
      },
    };
    await expect(indexChain(deps, { maxBlocks: 10 })).rejects.toThrow('database down');
    expect(f.state.cursor).toBe(11);
    fail = false;
    await indexChain(deps, { maxBlocks: 10 });
    expect(f.state.cursor).toBe(12);
    expect(booked).toEqual(['0x12/3']);
  });

  it('runs as before without a hook', async () => {
    const f = fakes(12, { 12: [transfer(12, 3, 5n)] }, 10);
    await expect(indexChain(f, { maxBlocks: 10 })).resolves.toMatchObject({ blocks: 2 });
  });
});
