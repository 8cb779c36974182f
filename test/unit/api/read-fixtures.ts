import type { AppDeps, RouteRegistration } from '../../../src/api/build-app.js';
import { candidatesRoutes } from '../../../src/api/routes/candidates.routes.js';
import { delegationsRoutes } from '../../../src/api/routes/delegations.routes.js';
import { roundsRoutes } from '../../../src/api/routes/rounds.routes.js';
import type { ApiServices } from '../../../src/api/services.js';
import { event, fakeServices, round, selection, snapshot, T0 } from './api-fixtures.js';
import { testApp, type TestApp } from './test-app.js';

/** The cached read routes (candidates, rounds, delegation view): what they are asked, and their data. */

/** Every kind of answer: pages, cursors, Link headers, 404s and 400s. */
export const URLS = [
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

/** Fixed data in every field the routes show (quotes, non-ASCII and escapes in strings, non-empty warnings). */
export function byteServices(): ApiServices {
  const { services } = fakeServices({
    rounds: [round(1), round(2), round(3, 'planned'), round(4, 'skipped')],
    selections: Array.from({ length: 5 }, (_, i) => selection(i)),
    snapshots: [snapshot('1', 4), snapshot('2', 7)],
    history: Array.from({ length: 5 }, (_, i) => event(i)),
    delegationOf: (stash) =>
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
    delegationSelections: [{ ...selection(1), roundId: '2' }],
  });
  return {
    ...services,
    warnings: async () => ['Your bond is below "minimumActiveStake" \u2013 raise it', 'second \\ line\n'],
  };
}

/** The three read routes' plugins on the test app, with `services`. */
export async function readApp(services: ApiServices, deps: Partial<AppDeps> = {}): Promise<TestApp> {
  const routes = [candidatesRoutes, roundsRoutes, delegationsRoutes].map((plugin) => ({
    plugin: plugin as RouteRegistration['plugin'],
    options: { services },
  }));
  return testApp({ ...deps, routes: [...routes, ...(deps.routes ?? [])] });
}
