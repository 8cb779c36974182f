import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerFeedGauge } from '../../../src/api/feed-gauge.js';
import type { ChangeFeed } from '../../../src/db/change-feed.js';

/** A feed the test announces on by hand. */
function manualFeed(): ChangeFeed & { announce(table: string): void } {
  const listeners = new Set<(table: string) => void>();
  return {
    version: () => 0,
    live: () => true,
    invalidateAll: () => listeners.forEach((l) => l('*')),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    announce: (table) => listeners.forEach((l) => l(table)),
  };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('registerFeedGauge', () => {
  it('reads its series when its table is announced, never when scraped', async () => {
    const registry = new Registry();
    const feed = manualFeed();
    let loads = 0;
    let difference = 0;
    const stop = registerFeedGauge(registry, {
      name: 'test_book_difference',
      help: 'test',
      labelNames: ['pool', 'denom'],
      changes: feed,
      tables: ['PoolBook'],
      minGapMs: 0,
      load: async () => {
        loads++;
        return [{ labels: { pool: 'p', denom: 'KSM' }, value: difference }];
      },
    });
    await until(async () => (await registry.metrics()).includes('test_book_difference{pool="p",denom="KSM"} 0'));
    const afterStart = loads;
    for (let i = 0; i < 20; i++) await registry.metrics();
    expect(loads).toBe(afterStart);

    difference = 5;
    feed.announce('Delegation');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(loads).toBe(afterStart);
    feed.announce('PoolBook');
    await until(async () => (await registry.metrics()).includes('test_book_difference{pool="p",denom="KSM"} 5'));
    expect(loads).toBe(afterStart + 1);
    stop();
  });
});
