import { afterEach, describe, expect, it } from 'vitest';
import { adminRoutes } from '../../../src/api/routes/admin.routes.js';
import type { ApiServices } from '../../../src/api/services.js';
import type { Round } from '../../../src/domain/rounds/types.js';
import { ADMIN_TOKEN, testApp, type TestApp } from './test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

/** The real admin routes over a services fake that records what it was asked. */
async function postRound(
  payload: string | undefined,
  contentType?: string,
): Promise<{ status: number; asked: boolean[] }> {
  const asked: boolean[] = [];
  const services = {
    startRound: async ({ dryRun }: { dryRun: boolean }): Promise<Round> => {
      asked.push(dryRun);
      const now = new Date('2026-11-28T00:00:00Z');
      return {
        id: '1',
        trigger: 'admin',
        dryRun,
        status: 'planning',
        activeEra: null,
        seed: null,
        commitBlockNumber: null,
        seedBlockNumber: null,
        seedBlockHash: null,
        snapshotId: null,
        targetsPerDelegator: 4,
        rotationEras: 28,
        note: null,
        createdAt: now,
        plannedAt: null,
        completedAt: null,
      };
    },
  } as unknown as ApiServices;
  t = await testApp({ adminRoutes: [{ plugin: adminRoutes as never, options: { services } }] });
  const response = await t.app.inject({
    method: 'POST',
    url: '/v1/admin/rounds',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(contentType ? { 'content-type': contentType } : {}) },
    ...(payload === undefined ? {} : { payload }),
  });
  return { status: response.statusCode, asked };
}

describe('POST /v1/admin/rounds', () => {
  it('is a dry run without a body, or without dryRun', async () => {
    expect(await postRound(undefined)).toEqual({ status: 202, asked: [true] });
    expect(await postRound('{}', 'application/json')).toEqual({ status: 202, asked: [true] });
  });

  it('sends only when asked to', async () => {
    expect(await postRound('{"dryRun":false}', 'application/json')).toEqual({ status: 202, asked: [false] });
    expect(await postRound('{"dryRun":true}', 'application/json')).toEqual({ status: 202, asked: [true] });
  });

  it('refuses anything else, starting nothing', async () => {
    expect(await postRound('{"dryRun":"no"}', 'application/json')).toEqual({ status: 400, asked: [] });
    expect(await postRound('{"dry":false}', 'application/json')).toEqual({ status: 400, asked: [] });
  });
});
