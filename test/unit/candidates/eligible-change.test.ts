import { describe, expect, it } from 'vitest';
import { eligibleChange, eligibleChangeHold } from '../../../src/domain/candidates/eligible-change.js';

const stashes = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `S${from + i}`);

describe('eligibleChange', () => {
  it('counts the stashes that left and joined', () => {
    expect(eligibleChange(stashes(0, 120), stashes(54, 120))).toEqual({ before: 120, after: 66, left: 54, joined: 0 });
    expect(eligibleChange(stashes(0, 10), stashes(5, 15))).toEqual({ before: 10, after: 10, left: 5, joined: 5 });
    expect(eligibleChange(['A', 'A', 'B'], ['B', 'B'])).toEqual({ before: 2, after: 1, left: 1, joined: 0 });
  });
});

describe('eligibleChangeHold', () => {
  it('holds a shrink beyond the allowed share, with the figures in the reason', () => {
    expect(eligibleChangeHold(eligibleChange(stashes(0, 120), stashes(54, 120)), 30, '12')).toBe(
      'eligible set changed by 45% since snapshot #12 (120 → 66 eligible: 54 left, 0 joined), more than the 30% allowed',
    );
  });

  it('holds a same-size replacement: what left plus what joined counts', () => {
    // 2 of 10 replaced: 40% moved, the size never changed.
    const reason = eligibleChangeHold(eligibleChange(stashes(0, 10), stashes(2, 12)), 30, '3');
    expect(reason).toMatch(/^eligible set changed by 40% since snapshot #3 \(10 → 10 eligible: 2 left, 2 joined\)/);
  });

  it('lets through a change of exactly the allowed share, or less', () => {
    expect(eligibleChangeHold(eligibleChange(stashes(0, 10), stashes(3, 10)), 30, '1')).toBeNull();
    expect(eligibleChangeHold(eligibleChange(stashes(0, 100), stashes(10, 110)), 30, '1')).toBeNull();
    expect(eligibleChangeHold(eligibleChange(stashes(0, 10), stashes(0, 10)), 1, '1')).toBeNull();
  });

  it('holds just past the share, and shows a fraction when there is one', () => {
    expect(eligibleChangeHold(eligibleChange(stashes(0, 1000), stashes(305, 1000)), 30, '1')).toMatch(/by 30\.5% /);
  });

  it('holds growth too: a source that suddenly lists many new stashes', () => {
    expect(eligibleChangeHold(eligibleChange(stashes(0, 10), stashes(0, 20)), 30, '1')).toMatch(/by 100% .*10 joined/);
  });

  it('has nothing to protect when no stash was eligible before', () => {
    expect(eligibleChangeHold(eligibleChange([], stashes(0, 50)), 30, '1')).toBeNull();
  });

  it('holds when every eligible stash is gone', () => {
    expect(eligibleChangeHold(eligibleChange(stashes(0, 8), []), 30, '1')).toMatch(/by 100% .*8 → 0 eligible/);
  });
});
