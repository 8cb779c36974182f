import type { FastifyPluginAsync } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimitStore } from '../../../src/api/rate-limit-store.js';
import { testApp, type TestApp } from '../../unit/api/test-app.js';
import { testRedisUrl, uniquePrefix } from '../../support/test-env.js';

let redis: Redis;
const apps: TestApp[] = [];

beforeAll(async () => {
  redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  await redis.ping();
});

afterAll(async () => {
  await Promise.all(apps.map((t) => t.app.close()));
  redis?.disconnect();
});

const routes: FastifyPluginAsync = async (app) => {
  app.get('/v1/things', async () => ({ ok: true }));
};

/** One API process: its own app, the shared Redis. */
async function apiProcess(prefix: string) {
  const fallbacks: Error[] = [];
  const t = await testApp({
    routes: [{ plugin: routes }],
    rateLimit: {
      readPerWindow: 3,
      signedPerWindow: 1,
      store: new RedisRateLimitStore(redis, prefix, { onFallback: (e) => fallbacks.push(e) }),
    },
  });
  apps.push(t);
  return { app: t.app, fallbacks };
}

describe('rate limits in Redis', () => {
  it('are shared by every API process on it', async () => {
    const prefix = `${uniquePrefix('ratelimit')}:ratelimit`;
    const a = await apiProcess(prefix);
    const b = await apiProcess(prefix);
    const get = (p: typeof a, remoteAddress = '198.51.100.1') =>
      p.app.inject({ method: 'GET', url: '/v1/things', remoteAddress });
    expect((await get(a)).statusCode).toBe(200);
    expect((await get(b)).statusCode).toBe(200);
    expect((await get(a)).statusCode).toBe(200);
    const refused = await get(b);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another client has its own allowance.
    expect((await get(a, '198.51.100.2')).statusCode).toBe(200);
    // The counter expires with its window: nothing stays in Redis for good.
    const ttl = await redis.pttl(`${prefix}:read:198.51.100.1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect([...a.fallbacks, ...b.fallbacks]).toEqual([]);
  });
});
