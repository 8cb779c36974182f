import { afterEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/api/build-app.js';
import { testApp, type TestApp } from './test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

async function ready(readiness: AppDeps['readiness'], readinessTimeoutMs?: number) {
  t = await testApp({ readiness, readinessTimeoutMs });
  return t.app.inject({ method: 'GET', url: '/health/ready' });
}

describe('GET /health/live', () => {
  it('is ok without asking any dependency', async () => {
    t = await testApp({
      readiness: {
        postgres: () => {
          throw new Error('must not be called');
        },
      },
    });
    const response = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /health/ready', () => {
  it('is ok when every check passes', async () => {
    const response = await ready({
      postgres: async () => undefined,
      redis: async () => undefined,
      chain: async () => undefined,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok', chain: 'ok' } });
  });

  it('is ok with no checks at all', async () => {
    const response = await ready({});
    expect(response.json()).toEqual({ status: 'ok', checks: {} });
  });

  it('is 503 naming the failing check with a short message', async () => {
    const response = await ready({
      postgres: async () => undefined,
      redis: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379\n    at TCPConnectWrap.afterConnect');
      },
      chain: () => {
        throw new Error(`no endpoint answered: ${'x'.repeat(500)}`);
      },
    });
    expect(response.statusCode).toBe(503);
    const body = response.json();
    expect(body.status).toBe('unavailable');
    expect(body.checks.postgres).toBe('ok');
    expect(body.checks.redis).toBe('error: connect ECONNREFUSED 127.0.0.1:6379');
    expect(body.checks.chain).toMatch(/^error: no endpoint answered: x+…$/);
    expect(body.checks.chain.length).toBeLessThanOrEqual('error: '.length + 200);
    expect(
      t!
        .logs()
        .filter((line) => line.msg === 'readiness check failed')
        .map((line) => line.check),
    ).toEqual(['redis', 'chain']);
  });

  it('times out a check that hangs', async () => {
    const response = await ready(
      { chain: () => new Promise<void>(() => undefined), postgres: async () => undefined },
      50,
    );
    expect(response.statusCode).toBe(503);
    expect(response.json().checks).toEqual({ chain: 'error: timed out after 50 ms', postgres: 'ok' });
  });

  it('runs the checks in parallel', async () => {
    // `first` only finishes once `second` has started: run one after the other, it would time out.
    let secondStarted!: () => void;
    const started = new Promise<void>((resolve) => (secondStarted = resolve));
    const response = await ready(
      {
        first: () => started,
        second: async () => secondStarted(),
      },
      1_000,
    );
    expect(response.json()).toEqual({ status: 'ok', checks: { first: 'ok', second: 'ok' } });
  });

  it('reports a non-Error rejection', async () => {
    const response = await ready({ redis: () => Promise.reject('down') });
    expect(response.json().checks.redis).toBe('error: down');
  });
});
