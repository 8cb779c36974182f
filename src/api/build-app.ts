import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { Logger } from 'pino';
import { lazyRequestLogger } from './plugins/lazy-request-logger.js';
import type { Registry } from 'prom-client';
import type { ChangeFeed } from '../db/change-feed.js';
import { errorHandlingPlugin } from './error-handler.js';
import { adminAuthPlugin } from './plugins/admin-auth.js';
import { adminScopePlugin } from './plugins/admin-scope.js';
import { metricsPlugin } from './plugins/metrics.js';
import { openApiPlugin } from './plugins/openapi.js';
import { rateLimitPlugin, type RateLimitOptions } from './plugins/rate-limit.js';
import { QuietRequestLogController, requestIdOf, requestIdPlugin, requestLogPlugin } from './plugins/request-id.js';
import { readYourWritesPlugin } from './read-cache-invalidation.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.routes.js';

/** A resource's routes, registered after the infrastructure plugins. */
export interface RouteRegistration {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each resource plugin has its own options and type provider
  plugin: FastifyPluginAsync<any, RawServerDefault, any, any>;
  prefix?: string;
  options?: object;
}

export interface AppDeps {
  /** Passed to Fastify as `loggerInstance`; request logs are its children, with the request id. */
  logger: Logger;
  /** Bearer token of /v1/admin routes; null disables them (503 ADMIN_DISABLED). */
  adminToken: string | null;
  /** GET /health/ready runs each (e.g. postgres, redis, chain); a check throws when its dependency is down. */
  readiness: Record<string, ReadinessCheck>;
  readinessTimeoutMs?: number;
  metrics: Registry;
  routes: RouteRegistration[];
  /**
   * Mounted under `/v1/admin` (paths relative to it) in one scope guarded by `requireAdmin`. A
   * route under `/v1/admin` given anywhere else stops the app from being built.
   */
  adminRoutes: RouteRegistration[];
  /** The service version, shown in the OpenAPI document. */
  version: string;
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
  /** Per-client request limits (health and metrics exempt); absent: no limit. */
  rateLimit?: RateLimitOptions;
  /**
   * A request not answered within this gets 503 `REQUEST_TIMEOUT` (a hung dependency must not
   * hang the client too); receiving the request itself is bounded by it as well. Absent: none.
   */
  requestTimeoutMs?: number;
  /** GET /metrics needs `Authorization: Bearer <token>` when set. */
  metricsToken?: string | null;
  /**
   * Fastify's `trustProxy`: the proxies (addresses, CIDRs, `loopback`, …; true: any) whose
   * `X-Forwarded-For` names the client. Rate limits count per client.
   */
  trustProxy?: boolean | string[];
  /**
   * The change feed the read routes cache on: every POST, PUT, PATCH or DELETE this process
   * answers moves all its counters before the answer goes out, so that whoever wrote reads what
   * they wrote at once (the database's announcement may come a little later). Absent: no caches.
   */
  changes?: ChangeFeed;
  /** A request that took longer is logged at info (sampled); every request is logged at debug. */
  slowRequestMs?: number;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  Logger,
  TypeBoxTypeProvider
>;

const DEFAULT_BODY_LIMIT = 256 * 1024;
/** The socket may idle this much longer than a request may take, so that the 503 goes out first. */
const SOCKET_GRACE_MS = 5_000;

/**
 * The HTTP application, loaded in a fixed order: error handling and request ids, rate limits, the
 * OpenAPI collector (it must see every route), metrics, admin auth, the admin scope, then the routes.
 * Does not listen.
 */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger,
    // Two info lines per request cost more than a cached answer: one debug line instead (requestLogPlugin).
    logController: new QuietRequestLogController(),
    childLoggerFactory: lazyRequestLogger,
    genReqId: requestIdOf,
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
    ...(deps.requestTimeoutMs
      ? {
          handlerTimeout: deps.requestTimeoutMs,
          requestTimeout: deps.requestTimeoutMs,
          connectionTimeout: deps.requestTimeoutMs + SOCKET_GRACE_MS,
        }
      : {}),
    trustProxy: deps.trustProxy ?? false,
    // Unknown properties are refused, not silently dropped: signed payloads are checked as sent.
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // JSON is the only request body the API reads; anything else gets 415.
  app.removeContentTypeParser('text/plain');
  await app.register(errorHandlingPlugin);
  await app.register(requestIdPlugin);
  await app.register(requestLogPlugin, { slowMs: deps.slowRequestMs });
  if (deps.changes) await app.register(readYourWritesPlugin, { changes: deps.changes });
  // Before anything reads the request: a client over its limit costs one counter increment.
  if (deps.rateLimit) await app.register(rateLimitPlugin, deps.rateLimit);

  await app.register(openApiPlugin, { version: deps.version });
  await app.register(metricsPlugin, { registry: deps.metrics, token: deps.metricsToken ?? null });
  await app.register(adminAuthPlugin, { adminToken: deps.adminToken });

  // First: its check of every later route's path must be in place before any is added.
  await app.register(adminScopePlugin, { routes: deps.adminRoutes });
  await app.register(healthRoutes, { readiness: deps.readiness, timeoutMs: deps.readinessTimeoutMs });
  for (const route of deps.routes) {
    await app.register(route.plugin, { ...route.options, prefix: route.prefix });
  }
  return app;
}
