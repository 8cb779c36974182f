import { describe, expect, it } from 'vitest';
import { keptStashWarnings, type StashWarningsRead } from '../../../src/main/kept-stash-warnings.js';

/** A chain head and a database version the test moves, and a read that counts and answers what it is told. */
function world() {
  const state = {
    head: { hash: '0xa', number: 1 } as { hash: string; number: number } | null,
    version: 0 as number | null,
    reads: 0,
    answer: (stash: string, block: string): StashWarningsRead => ({ block, warnings: [`${stash} at ${block}`] }),
    /** Runs while a read is on its way (a change made meanwhile). */
    during: () => {},
  };
  const warnings = keptStashWarnings({
    currentHead: () => state.head,
    version: () => state.version,
    read: async (stash) => {
      state.reads++;
      const block = state.head?.hash ?? '0xasked';
      state.during();
      return state.answer(stash, block);
    },
  });
  return { state, warnings };
}

describe("a stash's earning warnings, kept per head", () => {
  it('reads once per stash and head; a new head or a change of the database part reads again', async () => {
    const { state, warnings } = world();
    expect(await warnings('S1')).toEqual(['S1 at 0xa']);
    expect(await warnings('S1')).toEqual(['S1 at 0xa']);
    expect(state.reads).toBe(1);
    expect(await warnings('S2')).toEqual(['S2 at 0xa']);
    expect(state.reads).toBe(2);
    state.head = { hash: '0xb', number: 2 };
    expect(await warnings('S1')).toEqual(['S1 at 0xb']);
    expect(state.reads).toBe(3);
    state.version = 1;
    expect(await warnings('S1')).toEqual(['S1 at 0xb']);
    expect(await warnings('S1')).toEqual(['S1 at 0xb']);
    expect(state.reads).toBe(4);
  });

  it('keeps nothing while the head is not announced or the database part cannot be followed', async () => {
    const { state, warnings } = world();
    state.head = null;
    await warnings('S1');
    await warnings('S1');
    expect(state.reads).toBe(2);
    state.head = { hash: '0xa', number: 1 };
    state.version = null;
    await warnings('S1');
    await warnings('S1');
    expect(state.reads).toBe(4);
    // Followed again: what was read while it was not is not reused.
    state.version = 0;
    expect(await warnings('S1')).toEqual(['S1 at 0xa']);
    expect(state.reads).toBe(5);
  });

  it('never keeps a failed read, nor one during which the database part changed', async () => {
    const { state, warnings } = world();
    state.answer = () => ({ block: null, warnings: ['The chain could not be read just now'] });
    expect(await warnings('S1')).toEqual(['The chain could not be read just now']);
    state.answer = (stash, block) => ({ block, warnings: [`${stash} at ${block}`] });
    expect(await warnings('S1')).toEqual(['S1 at 0xa']);
    expect(state.reads).toBe(2);

    state.during = () => {
      state.version = (state.version ?? 0) + 1;
    };
    await warnings('S3');
    state.during = () => {};
    await warnings('S3');
    expect(state.reads).toBe(4);
  });

  it('a read made at an older head than the one announced now is not taken for the new one', async () => {
    const { state, warnings } = world();
    // The read lands on 0xa while 0xb is announced meanwhile.
    state.during = () => {
      state.head = { hash: '0xb', number: 2 };
    };
    expect(await warnings('S1')).toEqual(['S1 at 0xa']);
    state.during = () => {};
    expect(await warnings('S1')).toEqual(['S1 at 0xb']);
    expect(state.reads).toBe(2);
  });
});
