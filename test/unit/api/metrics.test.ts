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
