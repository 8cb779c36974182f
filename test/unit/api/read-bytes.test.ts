import { afterEach, describe, expect, it } from 'vitest';
import type { RouteRegistration } from '../../../src/api/build-app.js';
import { candidatesRoutes } from '../../../src/api/routes/candidates.routes.js';
import { delegationsRoutes } from '../../../src/api/routes/delegations.routes.js';
import { roundsRoutes } from '../../../src/api/routes/rounds.routes.js';
import type { ApiServices } from '../../../src/api/services.js';
import { event, fakeServices, round, selection, snapshot, T0 } from './api-fixtures.js';
import { testApp, type TestApp } from './test-app.js';

/*
 * The bytes the read routes answer, recorded (in __snapshots__) from the routes as they were
 * before their answers were cached: a cached answer (built once, sent as a string) must be the
 * same bytes, headers that matter included, as the serializer made of the object.
 */

const URLS = [
  '/v1/candidates',
  '/v1/candidates?limit=3',
  '/v1/candidates?limit=3&cursor=2-3',
  '/v1/candidates?snapshot=1&limit=2',
  '/v1/candidates?snapshot=9',
  '/v1/rounds',
  '/v1/rounds?limit=2',
  '/v1/rounds?limit=2&cursor=3',
  '/v1/rounds?before=2',
  '/v1/rounds/2',
  '/v1/rounds/2?limit=2',
  '/v1/rounds/2?limit=2&cursor=2',
  '/v1/rounds/77',
  '/v1/delegations/HSTASH',
  '/v1/delegations/HSTASH?limit=2',
  '/v1/delegations/HSTASH?limit=2&cursor=2',
  '/v1/delegations/HNOBODY',
  '/v1/delegations/not-an-address',
];

export function byteServices(): ApiServices {
  const { services } = fakeServices({
    rounds: [round(1), round(2), round(3, 'planned'), round(4, 'skipped')],
    selections: Array.from({ length: 5 }, (_, i) => selection(i)),
    snapshots: [snapshot('1', 4), snapshot('2', 7)],
    history: Array.from({ length: 5 }, (_, i) => event(i)),
  });
  return {
    ...services,
    delegations: {
      ...services.delegations,
      findByStash: async (stash: string) =>
        stash === 'HNOBODY'
          ? null
          : {
              id: 'd1',
              stash,
              status: 'active',
              statusReason: 'proxy seen "quoted" \u00e9',
              statusSince: T0,
              targets: ['V0001', 'V0002'],
              drawnInEra: 101,
              nominatedAt: T0,
              createdAt: T0,
            },
    } as ApiServices['delegations'],
    rounds: {
      ...services.rounds,
      selectionsOfDelegation: async () => [{ ...selection(1), roundId: '2' }],
    },
    warnings: async () => ['Your bond is below "minimumActiveStake" \u2013 raise it', 'second \\ line\n'],
  };
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

export async function readApp(services: ApiServices): Promise<TestApp> {
  const routes = [candidatesRoutes, roundsRoutes, delegationsRoutes].map((plugin) => ({
    plugin: plugin as RouteRegistration['plugin'],
    options: { services },
  }));
  return testApp({ routes });
}

describe('the read routes answer the same bytes as before their answers were cached', () => {
  it.each(URLS)('GET %s', async (url) => {
    t = await readApp(byteServices());
    // Twice: the second answer may come from a cache.
    for (const round of [1, 2]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect({
        status: res.statusCode,
        type: res.headers['content-type'],
        length: res.headers['content-length'],
        link: res.headers.link ?? null,
        body: res.body,
      }).toMatchSnapshot(`round ${round}`);
    }
  });
});
