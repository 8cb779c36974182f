import { afterEach, describe, expect, it } from 'vitest';
import type { RouteRegistration } from '../../../src/api/build-app.js';
import { candidatesRoutes } from '../../../src/api/routes/candidates.routes.js';
import { delegationsRoutes } from '../../../src/api/routes/delegations.routes.js';
import { rewardsRoutes } from '../../../src/api/routes/rewards.routes.js';
import { roundsRoutes } from '../../../src/api/routes/rounds.routes.js';
import type { ApiServices } from '../../../src/api/services.js';
import { event, fakeServices, reward, round, selection, snapshot, type FakeData } from './api-fixtures.js';
import { testApp, type TestApp } from './test-app.js';

const STASH = 'HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

async function appWith(data: Partial<FakeData>) {
  const fake = fakeServices(data);
  const routes = [roundsRoutes, candidatesRoutes, delegationsRoutes, rewardsRoutes].map((plugin) => ({
    plugin: plugin as RouteRegistration['plugin'],
    options: { services: fake.services satisfies ApiServices },
  }));
  t = await testApp({ routes });
  return { app: t.app, calls: fake.calls };
}

/** Every list route, with the field that holds its items. */
const LISTS = [
  { url: '/v1/rounds', items: 'rounds' },
  { url: '/v1/rounds/7', items: 'selections' },
  { url: '/v1/rounds/7/replay', items: 'selections' },
  { url: '/v1/candidates', items: 'candidates' },
  { url: `/v1/delegations/${STASH}`, items: 'history' },
  { url: `/v1/delegations/${STASH}/rewards`, items: 'rewards' },
] as const;

const many = (n: number) => Array.from({ length: n }, (_, i) => i);
const bigData = (): Partial<FakeData> => ({
  rounds: many(1_500).map((i) => round(i + 1)),
  selections: many(2_500).map(selection),
  snapshots: [snapshot('1', 2_500)],
  history: many(2_500).map(event),
  rewards: many(2_500).map(reward),
});

describe('every list route pages', () => {
  it.each(LISTS)(
    '$url: 100 items by default, at most 1000, with nextCursor and a Link to the next page',
    async (list) => {
      const { app } = await appWith(bigData());
      const first = await app.inject({ method: 'GET', url: list.url });
      expect(first.statusCode).toBe(200);
      expect(first.json()[list.items]).toHaveLength(100);
      const next = first.json().nextCursor as string;
      expect(typeof next).toBe('string');
      expect(first.headers.link).toBe(`<${list.url}?cursor=${encodeURIComponent(next)}>; rel="next"`);

      const max = await app.inject({ method: 'GET', url: `${list.url}?limit=1000` });
      expect(max.statusCode).toBe(200);
      expect(max.json()[list.items]).toHaveLength(1000);
    },
  );

  it.each(LISTS)('$url: a limit above 1000 is 400 INVALID_LIMIT, and nothing is read', async (list) => {
    const { app, calls } = await appWith(bigData());
    for (const limit of ['1001', '1000000', '0', '-1', 'all']) {
      const res = await app.inject({ method: 'GET', url: `${list.url}?limit=${limit}` });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'INVALID_LIMIT', details: { location: 'querystring' } });
    }
    expect(calls.get.length + calls.list.length + calls.historyPage.length + calls.rewardsPage.length).toBe(0);
  });

  it.each(LISTS)('$url: following nextCursor visits every item once, and the last page says so', async (list) => {
    const { app } = await appWith({
      rounds: many(250).map((i) => round(i + 1)),
      selections: many(250).map(selection),
      snapshots: [snapshot('1', 250)],
      history: many(250).map(event),
      rewards: many(250).map(reward),
    });
    const seen: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `${list.url}?limit=60${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      seen.push(...body[list.items]);
      cursor = body.nextCursor;
      if (cursor === null) expect(res.headers.link).toBeUndefined();
      pages += 1;
    } while (cursor !== null && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(250);
    expect(new Set(seen.map((s) => JSON.stringify(s))).size).toBe(250);
  });

  it.each(LISTS)('$url: a cursor it never gave out is 400', async (list) => {
    const { app } = await appWith(bigData());
    const res = await app.inject({ method: 'GET', url: `${list.url}?cursor=${encodeURIComponent('../x')}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_CURSOR');
  });
});

describe('paging details', () => {
  it('GET /v1/rounds asks for one more round than it shows, to know whether a next page exists', async () => {
    const { app, calls } = await appWith({ rounds: many(30).map((i) => round(i + 1)) });
    const res = await app.inject({ method: 'GET', url: '/v1/rounds?limit=10' });
    expect(calls.list).toEqual([{ limit: 11, beforeId: null }]);
    expect(res.json().rounds.map((r: { id: string }) => r.id)).toEqual(many(10).map((i) => String(30 - i)));
    expect(res.json().nextCursor).toBe('21');
    expect(res.json().rounds[0].selectionCount).toBeTypeOf('number');
    // `before`, the older parameter, still works and means the same.
    const older = await app.inject({ method: 'GET', url: '/v1/rounds?limit=10&before=21' });
    expect(older.json().rounds[0].id).toBe('20');
    const exact = await app.inject({ method: 'GET', url: '/v1/rounds?limit=30' });
    expect(exact.json().nextCursor).toBeNull();
  });

  it('the Link header keeps the other query parameters', async () => {
    const { app } = await appWith({ rewards: many(30).map(reward) });
    const res = await app.inject({ method: 'GET', url: `/v1/delegations/${STASH}/rewards?fromEra=1&limit=10` });
    expect(res.headers.link).toBe(`</v1/delegations/${STASH}/rewards?fromEra=1&limit=10&cursor=10>; rel="next"`);
  });

  it('rewards: the total covers every page; the CSV holds every reward of the range, unpaged', async () => {
    const { app, calls } = await appWith({ rewards: many(1_200).map(reward) });
    const json = await app.inject({ method: 'GET', url: `/v1/delegations/${STASH}/rewards?limit=5` });
    expect(json.json().rewards).toHaveLength(5);
    expect(json.json().total).toBe(String((1_200 * 1_201) / 2));
    const csv = await app.inject({ method: 'GET', url: `/v1/delegations/${STASH}/rewards?format=csv&limit=5` });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trim().split('\r\n')).toHaveLength(1 + 1_200);
    expect(calls.rewardsAll).toBe(1);
  });

  it('candidates: later pages stay on the snapshot of the first page', async () => {
    const data = { snapshots: [snapshot('1', 150)] };
    const { app } = await appWith(data);
    const first = (await app.inject({ method: 'GET', url: '/v1/candidates?limit=100' })).json();
    expect(first).toMatchObject({ snapshotId: '1', candidateCount: 150, nextCursor: '1-100' });
    data.snapshots.push(snapshot('2', 10));
    const second = (
      await app.inject({ method: 'GET', url: `/v1/candidates?limit=100&cursor=${first.nextCursor}` })
    ).json();
    expect(second.snapshotId).toBe('1');
    expect(second.candidates).toHaveLength(50);
    expect(second.nextCursor).toBeNull();
    expect((await app.inject({ method: 'GET', url: '/v1/candidates' })).json().snapshotId).toBe('2');
  });
});

describe('the OpenAPI document', () => {
  it('documents limit (1 to 1000, default 100), cursor and nextCursor on every list route', async () => {
    const { app } = await appWith({});
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const routes = [
      '/v1/rounds',
      '/v1/rounds/{id}',
      '/v1/rounds/{id}/replay',
      '/v1/candidates',
      '/v1/delegations/{address}',
      '/v1/delegations/{address}/rewards',
    ];
    for (const path of routes) {
      const get = doc.paths[path].get;
      const limit = get.parameters.find((p: { name: string; in: string }) => p.name === 'limit' && p.in === 'query');
      expect(limit?.schema, path).toMatchObject({ minimum: 1, maximum: 1000, default: 100 });
      expect(
        get.parameters.some((p: { name: string }) => p.name === 'cursor'),
        path,
      ).toBe(true);
      expect(get.responses['200'].content['application/json'].schema.properties.nextCursor, path).toBeDefined();
    }
  });
});
