import type { FastifyPluginAsync } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

const settle: (() => void)[] = [];
afterEach(() => settle.splice(0).forEach((f) => f()));

/** A dependency that never answers, one that answers late, and a quick one. */
const routes: FastifyPluginAsync = async (app) => {
  app.get('/v1/hung', () => new Promise(() => undefined));
  app.get(
    '/v1/late',
    () =>
      new Promise((resolve) => {
        settle.push(() => resolve({ late: true }));
      }),
  );
  app.get('/v1/quick', async () => ({ ok: true }));
};

async function build(requestTimeoutMs?: number) {
  t = await testApp({ routes: [{ plugin: routes }], ...(requestTimeoutMs ? { requestTimeoutMs } : {}) });
  return t;
}

describe('request timeout', () => {
  it('answers 503 REQUEST_TIMEOUT when a handler hangs, instead of hanging the client', async () => {
    const { app } = await build(300);
    const started = Date.now();
    const res = await app.inject({ method: 'GET', url: '/v1/hung' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error: { code: 'REQUEST_TIMEOUT', message: expect.any(String) } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await app.inject({ method: 'GET', url: '/v1/quick' })).statusCode).toBe(200);
  });

  it('drops the late answer of a handler that timed out, and logs a warning, not an error', async () => {
    const { app, logs } = await build(200);
    const res = await app.inject({ method: 'GET', url: '/v1/late' });
    expect(res.statusCode).toBe(503);
    settle.splice(0).forEach((f) => f());
    await new Promise((r) => setImmediate(r));
    const timedOut = logs().find((l) => l.msg === 'request timed out');
    expect(timedOut).toMatchObject({ level: 40, code: 'REQUEST_TIMEOUT' });
    expect(logs().filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  it('reaches a real client over HTTP before the socket is dropped', async () => {
    const { app } = await build(300);
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}/v1/hung`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('REQUEST_TIMEOUT');
  });

  it('is off when not configured (the tests’ default app)', async () => {
    const { app } = await build();
    const res = await Promise.race([
      app.inject({ method: 'GET', url: '/v1/hung' }).then(() => 'answered'),
      new Promise((r) => setTimeout(() => r('still waiting'), 500)),
    ]);
    expect(res).toBe('still waiting');
  });
});
