import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './test-app.js';

const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((t) => t.app.close()));
});

async function build(metrics = new Registry()) {
  const t = await testApp({ metrics });
  apps.push(t);
  return t;
}

describe('GET /metrics', () => {
  it('serves the registry in the Prometheus text format 0.0.4', async () => {
    const { app } = await build();
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('# TYPE http_requests_total counter');
    expect(response.body).toContain('# TYPE http_request_duration_seconds histogram');
  });

  it('counts requests by route pattern and status, not by raw URL', async () => {
    const { app } = await build();
    await app.inject({ method: 'GET', url: '/health/live' });
    await app.inject({ method: 'GET', url: '/health/live?probe=1' });
    await app.inject({ method: 'GET', url: '/no/such/route/123' });
    await app.inject({ method: 'GET', url: '/no/such/route/456' });
    const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(body).toContain('http_requests_total{method="GET",route="/health/live",status_code="200"} 2');
    expect(body).toContain('http_requests_total{method="GET",route="unmatched",status_code="404"} 2');
    expect(body).not.toContain('/no/such/route');
    expect(body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} 2/,
    );
  });

  it('shares one registry with other metrics and survives a second app on it', async () => {
    const registry = new Registry();
    await build(registry);
    const second = await build(registry);
    await second.app.inject({ method: 'GET', url: '/health/live' });
    const body = (await second.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(body).toContain('http_requests_total{method="GET",route="/health/live",status_code="200"} 1');
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  const TOKEN = 'metrics-token-0123456789';
  const guarded = async () => {
    const t = await testApp({ metricsToken: TOKEN });
    apps.push(t);
    return t.app;
  };

  it('serves the metrics to the right Bearer token', async () => {
    const app = await guarded();
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('# TYPE http_requests_total counter');
  });

  it('refuses no token with 401 METRICS_TOKEN_MISSING and a wrong one with 403 METRICS_TOKEN_INVALID', async () => {
    const app = await guarded();
    const missing = await app.inject({ method: 'GET', url: '/metrics' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.json().error.code).toBe('METRICS_TOKEN_MISSING');
    expect(missing.body).not.toContain('http_requests_total');
    for (const given of [`${TOKEN}x`, TOKEN.slice(0, -1), 'x']) {
      const wrong = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${given}` } });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().error.code).toBe('METRICS_TOKEN_INVALID');
    }
  });

  it('is documented with its bearer scheme; without a token /metrics stays open', async () => {
    const app = await guarded();
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths['/metrics'].get.security).toEqual([{ metricsToken: [] }]);
    expect(doc.components.securitySchemes.metricsToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    const { app: open } = await build();
    expect((await open.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    const openDoc = (await open.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(openDoc.paths['/metrics'].get.security).toBeUndefined();
  });
});
