import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';
import { DomainError, unauthenticated } from '../../domain/errors.js';
import { bearerToken, tokenMatcher } from './bearer-token.js';
import { globalPlugin } from './global-plugin.js';

export interface MetricsOptions {
  registry: Registry;
  /** When set, GET /metrics needs `Authorization: Bearer <token>` (METRICS_TOKEN). */
  token?: string | null;
}

/** The OpenAPI security scheme of /metrics when a token guards it. */
export const METRICS_SECURITY_SCHEME = 'metricsToken';

const LABELS = ['method', 'route', 'status_code'] as const;
/** Requests that matched no route share one label value, so that scanners cannot blow up cardinality. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Counts requests and their durations by route pattern (`/v1/rounds/:id`, never the raw URL) and
 * status, in the given registry, and serves the registry at GET /metrics (Prometheus text 0.0.4).
 */
export const metricsPlugin = globalPlugin<FastifyPluginAsync<MetricsOptions>>(async (app, { registry, token }) => {
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

  const guard = token ? metricsGuard(token) : undefined;
  app.get(
    '/metrics',
    {
      // The scraper polls on its own schedule; a limit would only leave holes in its series.
      config: { rateLimit: false },
      ...(guard ? { onRequest: guard } : {}),
      schema: {
        summary: token ? 'Prometheus metrics (Bearer METRICS_TOKEN)' : 'Prometheus metrics',
        tags: ['operations'],
        ...(token ? { security: [{ [METRICS_SECURITY_SCHEME]: [] as string[] }] } : {}),
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

/** 401 `METRICS_TOKEN_MISSING` without a Bearer token, 403 `METRICS_TOKEN_INVALID` with a wrong one (as admin routes). */
function metricsGuard(token: string) {
  const matches = tokenMatcher(token);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const given = bearerToken(request.headers.authorization);
    if (given === null) {
      reply.header('www-authenticate', 'Bearer');
      throw unauthenticated(
        'METRICS_TOKEN_MISSING',
        'GET /metrics needs an `Authorization: Bearer <metrics token>` header',
      );
    }
    if (!matches(given)) throw new DomainError('forbidden', 'METRICS_TOKEN_INVALID', 'The metrics token is not valid');
  };
}

/** The metric already in the registry (an app built twice on one registry), or a new one. */
function metric<M>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}
