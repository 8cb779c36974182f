import { afterEach, describe, expect, it } from 'vitest';
import type { RouteRegistration } from '../../../src/api/build-app.js';
import { candidatesRoutes } from '../../../src/api/routes/candidates.routes.js';
import type { ApiServices } from '../../../src/api/services.js';
import { fakeServices, snapshot, type FakeData } from './api-fixtures.js';
import { testApp, type TestApp } from './test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

async function appWith(data: Partial<FakeData>) {
  const fake = fakeServices(data);
  const plugin = candidatesRoutes as RouteRegistration['plugin'];
  t = await testApp({ routes: [{ plugin, options: { services: fake.services satisfies ApiServices } }] });
  return t.app;
}

describe('GET /v1/candidates?snapshot=<id>: a round reads its own snapshot, not the latest', () => {
  const data = () => ({ snapshots: [snapshot('1', 150), snapshot('2', 10)] });

  it('serves the named snapshot, and its later pages stay on it', async () => {
    const app = await appWith(data());
    const first = (await app.inject({ method: 'GET', url: '/v1/candidates?snapshot=1&limit=100' })).json();
    expect(first).toMatchObject({ snapshotId: '1', candidateCount: 150, nextCursor: '1-100' });
    expect(first.candidates[0]).toMatchObject({ eligible: expect.any(Boolean), stash: expect.any(String) });
    const next = await app.inject({ method: 'GET', url: `/v1/candidates?snapshot=1&limit=100&cursor=1-100` });
    expect(next.json()).toMatchObject({ snapshotId: '1', nextCursor: null });
    expect(next.json().candidates).toHaveLength(50);
    expect((await app.inject({ method: 'GET', url: '/v1/candidates' })).json().snapshotId).toBe('2');
  });

  it('keeps the snapshot in the Link to the next page', async () => {
    const app = await appWith(data());
    const res = await app.inject({ method: 'GET', url: '/v1/candidates?snapshot=1&limit=100' });
    expect(res.headers.link).toBe('</v1/candidates?snapshot=1&limit=100&cursor=1-100>; rel="next"');
  });

  it('is 404 SNAPSHOT_NOT_FOUND for a snapshot that does not exist', async () => {
    const app = await appWith(data());
    const res = await app.inject({ method: 'GET', url: '/v1/candidates?snapshot=9' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('SNAPSHOT_NOT_FOUND');
  });

  it("refuses another snapshot's cursor (400 INVALID_CURSOR) and an id that is not a number (400)", async () => {
    const app = await appWith(data());
    const mixed = await app.inject({ method: 'GET', url: '/v1/candidates?snapshot=2&cursor=1-100' });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error.code).toBe('INVALID_CURSOR');
    expect((await app.inject({ method: 'GET', url: '/v1/candidates?snapshot=latest' })).statusCode).toBe(400);
  });

  it('is documented in the OpenAPI document', async () => {
    const app = await appWith({});
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const params = doc.paths['/v1/candidates'].get.parameters as { name: string; in: string }[];
    expect(params.some((p) => p.name === 'snapshot' && p.in === 'query')).toBe(true);
  });
});
