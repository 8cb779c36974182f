import type { FastifyPluginAsync } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';
import { globalPlugin } from './global-plugin.js';

export interface MetricsOptions {
  registry: Registry;
}

const LABELS = ['method', 'route', 'status_code'] as const;
/** Requests that matched no route share one label value, so that scanners cannot blow up cardinality. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Counts requests and their durations by route pattern (`/v1/rounds/:id`, never the raw URL) and
 * status, in the given registry, and serves the registry at GET /metrics (Prometheus text 0.0.4).
 */
export const metricsPlugin = globalPlugin<FastifyPluginAsync<MetricsOptions>>(async (app, { registry }) => {
  const requests = metric(
    registry,
    'http_requests_total',
    () =>
      new Counter({
        name: 'http_requests_total',
        help: 'HTTP requests served',
        labelNames: LABELS,
        registers: [registry],
      }),
  );
  const durations = metric(
    registry,
    'http_request_duration_seconds',
    () =>
      new Histogram({
        name: 'http_request_duration_seconds',
        help: 'Time to serve an HTTP request',
        labelNames: LABELS,
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      }),
  );

  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? UNMATCHED_ROUTE,
      status_code: String(reply.statusCode),
    };
    requests.inc(labels);
    durations.observe(labels, reply.elapsedTime / 1000);
  });

  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics',
        tags: ['operations'],
        response: {
          200: {
            description: 'Prometheus text exposition format 0.0.4',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (_request, reply) => {
      const body = await registry.metrics();
      return reply.type(registry.contentType).send(body);
    },
  );
});

/** The metric already in the registry (an app built twice on one registry), or a new one. */
function metric<M>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}
