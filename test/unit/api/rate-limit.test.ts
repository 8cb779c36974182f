import type { FastifyPluginAsync } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { clientKey, type RateLimitOptions } from '../../../src/api/plugins/rate-limit.js';
import { MemoryRateLimitStore, RedisRateLimitStore, type RedisLike } from '../../../src/api/rate-limit-store.js';
import { testApp, type TestApp } from './test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

/** A public read and a signed write, as the real routes are. */
const routes: FastifyPluginAsync = async (app) => {
  app.get('/v1/things', async () => ({ ok: true }));
  app.post('/v1/things', async () => ({ ok: true }));
  app.delete('/v1/things/:id', async () => ({ ok: true }));
};

async function build(rateLimit?: Partial<RateLimitOptions>, now = () => 0) {
  t = await testApp({
    routes: [{ plugin: routes }],
    ...(rateLimit
      ? { rateLimit: { readPerWindow: 5, signedPerWindow: 2, store: new MemoryRateLimitStore(now), ...rateLimit } }
      : {}),
  });
  return t.app;
}

const get = (url: string, remoteAddress = '203.0.113.7') => t!.app.inject({ method: 'GET', url, remoteAddress });
const post = (remoteAddress = '203.0.113.7') =>
  t!.app.inject({ method: 'POST', url: '/v1/things', payload: {}, remoteAddress });

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED with Retry-After once a client used its read allowance', async () => {
    let now = 10_000;
    await build({}, () => now);
    for (let i = 0; i < 5; i++) {
      const ok = await get('/v1/things');
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['x-ratelimit-limit']).toBe('5');
      expect(ok.headers['x-ratelimit-remaining']).toBe(String(4 - i));
    }
    now += 15_000;
    const refused = await get('/v1/things');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('45');
    expect(refused.json()).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: expect.stringContaining('retry after 45 s'),
        details: { bucket: 'read', limit: 5, windowSeconds: 60, retryAfterSeconds: 45 },
      },
    });
    // A new window, a new allowance.
    now += 45_000;
    expect((await get('/v1/things')).statusCode).toBe(200);
  });

  it('limits signed requests more strictly, apart from reads', async () => {
    await build({});
    expect((await post()).statusCode).toBe(200);
    expect(
      (await t!.app.inject({ method: 'DELETE', url: '/v1/things/1', remoteAddress: '203.0.113.7' })).statusCode,
    ).toBe(200);
    const refused = await post();
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'RATE_LIMITED', details: { bucket: 'signed', limit: 2 } });
    expect(refused.headers['retry-after']).toBe('60');
    // Reads are counted apart.
    expect((await get('/v1/things')).statusCode).toBe(200);
  });

  it('counts each client apart; an IPv6 client by its /64', async () => {
    await build({ readPerWindow: 1 });
    expect((await get('/v1/things', '203.0.113.7')).statusCode).toBe(200);
    expect((await get('/v1/things', '203.0.113.7')).statusCode).toBe(429);
    expect((await get('/v1/things', '203.0.113.8')).statusCode).toBe(200);
    expect((await get('/v1/things', '2001:db8:1:2::1')).statusCode).toBe(200);
    expect((await get('/v1/things', '2001:db8:1:2:ffff::9')).statusCode).toBe(429);
    expect((await get('/v1/things', '2001:db8:1:3::1')).statusCode).toBe(200);
  });

  it('counts unknown routes too (scanners), and leaves health and metrics alone', async () => {
    await build({ readPerWindow: 2 });
    expect((await get('/nope')).statusCode).toBe(404);
    expect((await get('/nope')).statusCode).toBe(404);
    expect((await get('/nope')).statusCode).toBe(429);
    for (let i = 0; i < 5; i++) {
      for (const url of ['/health/live', '/health/ready', '/metrics']) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['x-ratelimit-limit'], url).toBeUndefined();
      }
    }
  });

  it('0 disables a limit', async () => {
    await build({ readPerWindow: 0, signedPerWindow: 1 });
    for (let i = 0; i < 20; i++) expect((await get('/v1/things')).statusCode).toBe(200);
    expect((await post()).statusCode).toBe(200);
    expect((await post()).statusCode).toBe(429);
  });

  it('is off in the tests’ default app (test-app.ts sets no limit)', async () => {
    await build(undefined);
    for (let i = 0; i < 50; i++) expect((await get('/v1/things')).statusCode).toBe(200);
  });
});

describe('clientKey', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6 and cuts IPv6 to its /64', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('MemoryRateLimitStore', () => {
  it('holds at most maxKeys counters, dropping ended windows and then the oldest', async () => {
    let now = 0;
    const store = new MemoryRateLimitStore(() => now, 3);
    for (const k of ['a', 'b', 'c']) await store.hit(k, 1_000);
    await store.hit('d', 1_000); // full: a, the oldest, goes
    expect((await store.hit('b', 1_000)).count).toBe(2);
    expect((await store.hit('a', 1_000)).count).toBe(1);
    now = 5_000;
    expect((await store.hit('b', 1_000)).count).toBe(1);
  });
});

describe('RedisRateLimitStore', () => {
  const redis = (status: string, answer: () => Promise<unknown>): RedisLike & { calls: number } => {
    const fake = {
      status,
      calls: 0,
      eval: async () => {
        fake.calls += 1;
        return answer();
      },
    };
    return fake;
  };

  it('counts in Redis while it answers', async () => {
    const r = redis('ready', async () => [3, 42_000]);
    const store = new RedisRateLimitStore(r, 'p:ratelimit');
    expect(await store.hit('read:1.2.3.4', 60_000)).toEqual({ count: 3, resetInMs: 42_000 });
  });

  it('counts in memory, warning once, while Redis is away, slow or failing: the API stays up', async () => {
    const warnings: string[] = [];
    const onFallback = (e: Error) => warnings.push(e.message);
    const away = new RedisRateLimitStore(
      redis('reconnecting', async () => [1, 1]),
      'p',
      { onFallback },
    );
    expect((await away.hit('k', 60_000)).count).toBe(1);
    expect((await away.hit('k', 60_000)).count).toBe(2);
    expect(warnings).toEqual(['redis is reconnecting']);

    const hung = new RedisRateLimitStore(
      redis('ready', () => new Promise(() => undefined)),
      'p',
      { timeoutMs: 20 },
    );
    const started = Date.now();
    expect((await hung.hit('k', 60_000)).count).toBe(1);
    expect(Date.now() - started).toBeLessThan(2_000);

    const failing = new RedisRateLimitStore(
      redis('ready', async () => {
        throw new Error('OOM');
      }),
      'p',
    );
    expect((await failing.hit('k', 60_000)).count).toBe(1);
  });
});
