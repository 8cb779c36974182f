import type { FastifyPluginAsync, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteRegistration } from '../../../src/api/build-app.js';
import { globalPlugin } from '../../../src/api/plugins/global-plugin.js';
import { adminRoutes } from '../../../src/api/routes/admin.routes.js';
import type { ApiServices } from '../../../src/api/services.js';
import type { FeatureModule } from '../../../src/modules/feature-module.js';
import { registryModule } from '../../../src/modules/registry/module.js';
import { inMemoryRegistry } from '../../support/in-memory-registry.js';
import { ADMIN_TOKEN, testApp, type TestApp } from './test-app.js';

/**
 * Every feature module of the service, built over fakes: the guard answers before any handler
 * runs, so what the handlers would use is never reached. Add each new module here.
 */
const modules: FeatureModule[] = [
  registryModule({
    ...inMemoryRegistry(),
    codec: { normalize: () => null },
    nativeToken: () => null,
    state: { get: async () => null, set: async () => undefined },
  }),
];
/** Admin routes not in a module record yet (operations: rounds, candidates, jobs). */
const operationsAdminRoutes: RouteRegistration[] = [
  { plugin: adminRoutes as RouteRegistration['plugin'], options: { services: {} as ApiServices } },
];

interface SeenRoute {
  method: string;
  url: string;
}

/** Registered first in a list, at the level of that list's scope: sees every route added after it. */
const recorder = (seen: SeenRoute[]): RouteRegistration => ({
  plugin: globalPlugin<FastifyPluginAsync>(async (scope) => {
    scope.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) seen.push({ method, url: route.url });
    });
  }),
});

const adminSeen: SeenRoute[] = [];
const publicSeen: SeenRoute[] = [];
let t: TestApp;

beforeAll(async () => {
  t = await testApp({
    adminRoutes: [recorder(adminSeen), ...operationsAdminRoutes, ...modules.flatMap((m) => m.adminRoutes ?? [])],
    routes: [recorder(publicSeen), ...modules.flatMap((m) => m.routes ?? [])],
  });
  await t.app.ready();
});
afterAll(() => t?.app.close());

/** A concrete URL for a route's path: any value fits a parameter, since the guard runs before validation. */
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, 'abc1');
const guarded = () => adminSeen.filter((r) => r.url.startsWith('/v1/admin'));

describe('every /v1/admin route is behind the admin hook', () => {
  it('finds the admin routes of every module and of operations', () => {
    const routes = guarded().map((r) => `${r.method} ${r.url}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /v1/admin/rounds',
        'POST /v1/admin/candidates/confirm',
        'GET /v1/admin/jobs',
        'HEAD /v1/admin/jobs',
        'PUT /v1/admin/tokens/:denom',
        'DELETE /v1/admin/tokens/:denom',
        'PUT /v1/admin/roles/:name',
        'DELETE /v1/admin/roles/:name',
        'PUT /v1/admin/roles/:name/members/:address',
        'DELETE /v1/admin/roles/:name/members/:address',
        'PUT /v1/admin/network-properties',
      ]),
    );
    // Nothing in the admin scope lives outside /v1/admin, and no public route lives inside it.
    expect(guarded()).toEqual(adminSeen);
    expect(publicSeen.filter((r) => r.url.startsWith('/v1/admin'))).toEqual([]);
  });

  it('refuses each, for every method, without a token (401) and with a wrong one (403)', async () => {
    for (const route of guarded()) {
      const request = { method: route.method as 'GET', url: concrete(route.url), payload: undefined };
      const anonymous = await t.app.inject(request);
      expect({ route, status: anonymous.statusCode }).toEqual({ route, status: 401 });
      if (route.method !== 'HEAD') expect(anonymous.json().error.code).toBe('ADMIN_TOKEN_MISSING');
      const wrong = await t.app.inject({ ...request, headers: { authorization: 'Bearer not-the-token' } });
      expect({ route, status: wrong.statusCode }).toEqual({ route, status: 403 });
      if (route.method !== 'HEAD') expect(wrong.json().error.code).toBe('ADMIN_TOKEN_INVALID');
    }
  });

  it("lets the right token through to the route (its own answer, not the guard's)", async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: '/v1/admin/roles/council',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.statusCode).toBe(201);
  });

  it('documents each with the bearer security requirement', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const adminPaths = Object.entries(document.paths as Record<string, Record<string, { security?: unknown }>>).filter(
      ([path]) => path.startsWith('/v1/admin'),
    );
    expect(adminPaths.length).toBeGreaterThanOrEqual(7);
    for (const [path, operations] of adminPaths)
      for (const [method, operation] of Object.entries(operations))
        expect({ path, method, security: operation.security }).toEqual({
          path,
          method,
          security: [{ adminToken: [] }],
        });
  });
});

describe('an admin route outside the admin scope', () => {
  const stray = (path: string, prefix?: string): RouteRegistration => ({
    plugin: (async (app) => {
      app.get(path, async () => ({ open: true }));
    }) as FastifyPluginAsync,
    prefix,
  });

  it.each([
    ['a public plugin with an absolute /v1/admin path', stray('/v1/admin/open')],
    ['a public plugin under /v1 with an admin path', stray('/admin/open', '/v1')],
    ['a public plugin under /v1/admin', stray('/open', '/v1/admin')],
  ])('stops the app from being built: %s', async (_name, registration) => {
    await expect(testApp({ routes: [registration] })).rejects.toThrow(/outside the admin scope/);
  });
});
