import { afterEach, describe, expect, it } from 'vitest';
import type { RouteRegistration } from '../../../src/api/build-app.js';
import { WeightedLruCache } from '../../../src/api/replay-cache.js';
import { roundsRoutes } from '../../../src/api/routes/rounds.routes.js';
import { deriveRoundSeed } from '../../../src/domain/rounds/round-seed.js';
import type { RoundStatus } from '../../../src/domain/rounds/types.js';
import { fakeServices, round, selection, snapshot } from './api-fixtures.js';
import { testApp, type TestApp } from './test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

async function appWith(
  statuses: RoundStatus[],
  replayCache?: { rounds: number; selections: number },
  selectionCount = 250,
) {
  const fake = fakeServices({
    rounds: statuses.map((status, i) => round(i + 1, status)),
    selections: Array.from({ length: selectionCount }, (_, i) => selection(i)),
    snapshots: [snapshot('1', 20)],
  });
  t = await testApp({
    routes: [
      { plugin: roundsRoutes as RouteRegistration['plugin'], options: { services: fake.services, replayCache } },
    ],
  });
  return { app: t.app, calls: fake.calls };
}

describe('GET /v1/rounds/{id}/replay', () => {
  it.each(['completed', 'skipped'] as const)(
    'replays a %s round once: later requests and pages come from memory',
    async (status) => {
      const { app, calls } = await appWith([status]);
      const first = await app.inject({ method: 'GET', url: '/v1/rounds/1/replay?limit=100' });
      expect(first.statusCode).toBe(200);
      const again = await app.inject({ method: 'GET', url: '/v1/rounds/1/replay?limit=100' });
      expect(again.json()).toEqual(first.json());
      const page2 = await app.inject({
        method: 'GET',
        url: `/v1/rounds/1/replay?limit=100&cursor=${first.json().nextCursor}`,
      });
      expect(page2.json().selections[0].stash).toBe(selection(100).stash);
      // The same round spelt otherwise is the same entry.
      await app.inject({ method: 'GET', url: '/v1/rounds/001/replay' });
      expect(calls.selectionReads).toEqual(['1']);
      expect(calls.snapshot).toEqual(['1']);
      expect(calls.get).toEqual(['1']);
    },
  );

  it('reads a large round a page at a time and replays every selection', async () => {
    const { app, calls } = await appWith(['completed'], undefined, 4_500);
    const first = await app.inject({ method: 'GET', url: '/v1/rounds/1/replay?limit=1000' });
    expect(first.statusCode).toBe(200);
    expect(calls.selectionsPage.map((p) => p.limit)).toEqual([2_000, 2_000, 2_000]);
    let seen = first.json().selections.length;
    for (let cursor = first.json().nextCursor; cursor;) {
      const page = await app.inject({ method: 'GET', url: `/v1/rounds/1/replay?limit=1000&cursor=${cursor}` });
      seen += page.json().selections.length;
      cursor = page.json().nextCursor;
    }
    expect(seen).toBe(4_500);
  });

  it('replays concurrent requests for one round once', async () => {
    const { app, calls } = await appWith(['completed']);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => app.inject({ method: 'GET', url: '/v1/rounds/1/replay' })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(calls.selectionReads).toHaveLength(1);
  });

  it.each(['planning', 'planned', 'sending'] as const)(
    'replays a %s round afresh every time: it may still change',
    async (status) => {
      const { app, calls } = await appWith([status]);
      await app.inject({ method: 'GET', url: '/v1/rounds/1/replay' });
      await app.inject({ method: 'GET', url: '/v1/rounds/1/replay' });
      expect(calls.selectionReads).toEqual(['1', '1']);
    },
  );

  it('keeps no more rounds than allowed, the least recently used going first', async () => {
    const { app, calls } = await appWith(['completed', 'completed', 'completed'], { rounds: 2, selections: 10_000 });
    for (const id of [1, 2, 1, 3, 1, 2]) await app.inject({ method: 'GET', url: `/v1/rounds/${id}/replay` });
    // 1, 2 replayed; 1 cached; 3 replayed (2 evicted); 1 cached; 2 replayed again.
    expect(calls.selectionReads).toEqual(['1', '2', '3', '2']);
  });

  it('does not keep a round heavier than the whole budget', async () => {
    const { app, calls } = await appWith(['completed'], { rounds: 10, selections: 100 });
    await app.inject({ method: 'GET', url: '/v1/rounds/1/replay' });
    await app.inject({ method: 'GET', url: '/v1/rounds/1/replay' });
    expect(calls.selectionReads).toEqual(['1', '1']);
  });

  it('still answers 404 for an unknown round, and caches nothing for it', async () => {
    const { app, calls } = await appWith(['completed']);
    for (let i = 0; i < 2; i++) {
      const res = await app.inject({ method: 'GET', url: '/v1/rounds/9/replay' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('ROUND_NOT_FOUND');
    }
    expect(calls.get).toEqual(['9', '9']);
  });
});

describe('WeightedLruCache', () => {
  it('evicts by weight as well as by count', () => {
    const cache = new WeightedLruCache<string>(10, 100);
    cache.set('a', 'A', 60);
    cache.set('b', 'B', 30);
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C', 30); // 120 > 100: b, the least recently used, goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
    cache.set('a', 'A2', 10); // replacing frees the old weight
    cache.set('d', 'D', 60);
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual(['A2', 'C', 'D']);
  });

  describe('the seed, checked against the chain', () => {
    const HASH = `0x${'cd'.repeat(32)}`;
    async function seeded(chainHash: string | null) {
      const r = { ...round(7), seedBlockNumber: 1_001, seedBlockHash: HASH, commitBlockNumber: 1_000 };
      r.seed = deriveRoundSeed('7', HASH);
      const fake = fakeServices({
        rounds: [r],
        selections: [],
        snapshots: [snapshot('1', 20)],
        blockHashes: chainHash ? new Map([[1_001, chainHash]]) : new Map(),
      });
      t = await testApp({
        routes: [{ plugin: roundsRoutes as RouteRegistration['plugin'], options: { services: fake.services } }],
      });
      return { app: t.app, calls: fake.calls };
    }

    it('matches when the chain holds the recorded seed block and the seed derives from it', async () => {
      const { app } = await seeded(HASH);
      const body = (await app.inject({ method: 'GET', url: '/v1/rounds/7/replay' })).json();
      expect(body.seed).toMatchObject({
        blockNumber: 1_001,
        recordedBlockHash: HASH,
        chainBlockHash: HASH,
        derivedSeed: deriveRoundSeed('7', HASH),
        matches: true,
      });
    });

    it('does not match when the chain has another block there', async () => {
      const { app } = await seeded(`0x${'ee'.repeat(32)}`);
      const body = (await app.inject({ method: 'GET', url: '/v1/rounds/7/replay' })).json();
      expect(body.seed).toMatchObject({
        matches: false,
        detail: "the chain's block 1001 has another hash than the one recorded",
      });
    });

    it('asks the chain again while it could not answer (nothing cached)', async () => {
      const { app, calls } = await seeded(null);
      await app.inject({ method: 'GET', url: '/v1/rounds/7/replay' });
      const body = (await app.inject({ method: 'GET', url: '/v1/rounds/7/replay' })).json();
      expect(body.seed).toMatchObject({ matches: false, chainBlockHash: null });
      expect(calls.blockHash).toEqual([1_001, 1_001]);
    });
  });
});
