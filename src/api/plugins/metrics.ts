import { gzipSync } from 'node:zlib';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { DomainError, unauthenticated } from '../../domain/errors.js';
import { bearerToken, tokenMatcher } from './bearer-token.js';
import { globalPlugin } from './global-plugin.js';
import { RequestMetrics } from './request-metrics.js';

export interface MetricsOptions {
  registry: Registry;
  /** When set, GET /metrics needs `Authorization: Bearer <token>` (METRICS_TOKEN). */
  token?: string | null;
  /** How long a rendered body is served again (default RENDER_REUSE_MS; 0: render every scrape). */
  reuseMs?: number;
}

/**
 * A body rendered this recently is served again. Rendering the registry (the HTTP histograms, the
 * process's own metrics) costs about a millisecond of CPU or more, so a scrape storm would cost
 * the API its event loop; Prometheus scrapes every 15 to 60 s and stamps each sample with its own
 * scrape time, so counters half a second old are within the jitter of any scrape (and stay
 * monotonic). The service's gauges are not held back by it: a body older than their last reading
 * is rendered again (see `addScrapeFreshness`).
 */
export const RENDER_REUSE_MS = 500;

/**
 * Metrics kept current in the background (the service's gauges): a scrape waits until they hold
 * every change announced so far (`settled`, which never queries), and a body rendered before
 * their `version` moved is not served again.
 */
export interface ScrapeFreshness {
  settled(): Promise<void>;
  version(): number;
}

const freshnessOf = new WeakMap<Registry, ScrapeFreshness[]>();

/** Declares metrics of `registry` kept current in the background (see ScrapeFreshness). */
export function addScrapeFreshness(registry: Registry, freshness: ScrapeFreshness): void {
  freshnessOf.set(registry, [...(freshnessOf.get(registry) ?? []), freshness]);
}

/** The OpenAPI security scheme of /metrics when a token guards it. */
export const METRICS_SECURITY_SCHEME = 'metricsToken';

/** Requests that matched no route share one label value, so that scanners cannot blow up cardinality. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Counts requests and their durations by route pattern (`/v1/rounds/:id`, never the raw URL) and
 * status, in the given registry, and serves the registry at GET /metrics (Prometheus text 0.0.4).
 */
export const metricsPlugin = globalPlugin<FastifyPluginAsync<MetricsOptions>>(async (app, options) => {
  const { registry, token } = options;
  const requests = RequestMetrics.of(registry);
  // A callback hook, not an async one: it runs on every response, and needs no promise.
  app.addHook('onResponse', (request, reply, done) => {
    requests.record(
      request.method,
      request.routeOptions.url ?? UNMATCHED_ROUTE,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });

  const render = renderer(registry, options.reuseMs ?? RENDER_REUSE_MS);

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
    async (request, reply) => {
      const body = await render();
      reply.type(registry.contentType).header('vary', 'accept-encoding');
      // The text is repetitive (label sets on every line): gzipped it is a fifth of its size or less.
      if (acceptsGzip(request.headers['accept-encoding']))
        return reply.header('content-encoding', 'gzip').send(body.gzipped());
      return reply.send(body.text);
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

/** A rendered body, and the same gzipped (made on first use, once per rendering). */
interface Rendered {
  text: string;
  gzipped(): Buffer;
}

function rendered(text: string): Rendered {
  let gzipped: Buffer | null = null;
  return { text, gzipped: () => (gzipped ??= gzipSync(text)) };
}

/** True when the client takes gzip (Prometheus asks for it): `gzip` listed, not with `q=0`. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    return !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p));
  });
}

/**
 * Renders the registry, or serves the body rendered less than `reuseMs` ago while the metrics kept
 * in the background have not moved since; concurrent scrapes share one rendering.
 */
function renderer(registry: Registry, reuseMs: number): () => Promise<Rendered> {
  let last: { body: Rendered; at: number; version: number } | null = null;
  let rendering: { body: Promise<Rendered>; version: number } | null = null;
  const freshness = () => freshnessOf.get(registry) ?? [];
  const version = () => freshness().reduce((sum, f) => sum + f.version(), 0);
  return async () => {
    const background = freshness();
    if (background.length > 0) await Promise.all(background.map((f) => f.settled()));
    const now = version();
    if (last && performance.now() - last.at < reuseMs && last.version === now) return last.body;
    // A rendering started before a reading moved shows the older reading: not shared then.
    if (rendering?.version === now) return rendering.body;
    const at = performance.now();
    const current = {
      version: now,
      body: registry.metrics().then(
        (text) => {
          if (rendering === current) rendering = null;
          const body = rendered(text);
          last = { body, at, version: now };
          return body;
        },
        (error: unknown) => {
          if (rendering === current) rendering = null;
          throw error;
        },
      ),
    };
    rendering = current;
    return current.body;
  };
}
