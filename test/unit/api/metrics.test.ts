import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { Counter, Histogram, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptsGzip, addScrapeFreshness, metricsPlugin } from '../../../src/api/plugins/metrics.js';
import { RequestMetrics } from '../../../src/api/plugins/request-metrics.js';
import { testApp } from './test-app.js';

const apps: { app: { close(): Promise<unknown> } }[] = [];
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

describe('request metrics', () => {
  it("render as prom-client's own counter and histogram would, byte for byte", async () => {
    const requests: [string, string, number, number][] = [
      ['GET', '/v1/rounds/:id', 200, 0.0004],
      ['GET', '/v1/rounds/:id', 200, 0.005],
      ['GET', '/v1/rounds/:id', 404, 0.02],
      ['POST', '/v1/delegations', 201, 0.3],
      ['GET', 'unmatched', 404, 12.5],
      ['GET', '/v1/rounds/:id', 200, 10],
    ];
    const ours = new Registry();
    const recorded = RequestMetrics.of(ours);
    const theirs = new Registry();
    const labelNames = ['method', 'route', 'status_code'];
    const count = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests served',
      labelNames,
      registers: [theirs],
    });
    const durations = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to serve an HTTP request',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [theirs],
    });
    for (const [method, route, status, seconds] of requests) {
      recorded.record(method, route, status, seconds);
      const labels = { method, route, status_code: String(status) };
      count.inc(labels);
      durations.observe(labels, seconds);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    // Counted again after a render: the counter takes only what is new.
    recorded.record('GET', '/v1/rounds/:id', 200, 0.001);
    count.inc({ method: 'GET', route: '/v1/rounds/:id', status_code: '200' });
    durations.observe({ method: 'GET', route: '/v1/rounds/:id', status_code: '200' }, 0.001);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    // As JSON too, but for the exemplars this histogram never has (prom-client lists them as null).
    const json = async (r: Registry) =>
      (await r.getMetricsAsJSON()).map((m) => ({
        ...m,
        values: m.values.map(({ labels, value }) => ({ labels, value })),
      }));
    expect(await json(ours)).toEqual(await json(theirs));
  });
});

describe('GET /metrics rendering', () => {
  async function served(reuseMs: number) {
    const registry = new Registry();
    let renders = 0;
    new Counter({ name: 'renders_total', help: 'renders', registers: [registry], collect: () => void renders++ });
    const app = Fastify();
    await app.register(metricsPlugin, { registry, reuseMs });
    apps.push({ app });
    const scrape = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body;
    return { registry, app, scrape, renders: () => renders };
  }

  it('serves a body rendered less than reuseMs ago again; concurrent scrapes share one rendering', async () => {
    const { scrape, renders } = await served(60_000);
    const bodies = await Promise.all([scrape(), scrape(), scrape()]);
    expect(renders()).toBe(1);
    for (let i = 0; i < 10; i++) expect(await scrape()).toBe(bodies[0]);
    expect(renders()).toBe(1);
  });

  it('gzips the body for a client that takes gzip (Prometheus does), the same text', async () => {
    const { app, scrape } = await served(60_000);
    const text = await scrape();
    const zipped = await app.inject({ method: 'GET', url: '/metrics', headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(zipped.headers.vary).toBe('accept-encoding');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(text);
    for (const refused of ['gzip;q=0', 'identity', 'br', 'gzip; q=0.0'])
      expect(
        (await app.inject({ method: 'GET', url: '/metrics', headers: { 'accept-encoding': refused } })).headers[
          'content-encoding'
        ],
        refused,
      ).toBeUndefined();
    expect(acceptsGzip('deflate, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
  });

  it('renders every scrape with reuseMs 0', async () => {
    const { scrape, renders } = await served(0);
    for (let i = 0; i < 3; i++) await scrape();
    expect(renders()).toBe(3);
  });

  it('renders again once a metric kept in the background moved, after waiting for it to settle', async () => {
    const { registry, scrape, renders } = await served(60_000);
    let version = 0;
    let release: () => void = () => undefined;
    let pending: Promise<void> | null = null;
    addScrapeFreshness(registry, { version: () => version, settled: () => pending ?? Promise.resolve() });
    await scrape();
    pending = new Promise((resolve) => (release = resolve));
    let answered = false;
    const waiting = scrape().then(() => (answered = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    version++;
    pending = null;
    release();
    await waiting;
    expect(renders()).toBe(2);
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
