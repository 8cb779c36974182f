import { collectDefaultMetrics, Registry } from 'prom-client';
import { RedisRateLimitStore } from '../api/rate-limit-store.js';
import { buildApp, type App } from '../api/build-app.js';
import type { Context } from './context.js';
import { SERVICE_VERSION } from './version.js';
import { buildFeatures } from './modules.js';

/** The API process: the context's own checks, then what each feature module brings. */
export async function startApi(ctx: Context): Promise<App> {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  // Each feature module brings its routes, admin routes, metrics and readiness checks.
  const { modules } = buildFeatures(ctx);
  for (const m of modules) m.metrics?.(metrics, { changes: ctx.changes, logger: ctx.logger });
  const app = await buildApp({
    logger: ctx.logger,
    adminToken: ctx.config.adminToken,
    metricsToken: ctx.config.metricsToken,
    requestTimeoutMs: ctx.config.requestTimeoutMs,
    trustProxy: ctx.config.trustProxy,
    rateLimit: {
      readPerWindow: ctx.config.rateLimitReadPerMin,
      signedPerWindow: ctx.config.rateLimitSignedPerMin,
      // In Redis, so that every API process counts against the same limits.
      store: new RedisRateLimitStore(ctx.redis, `${ctx.config.queuePrefix}:ratelimit`, {
        onFallback: (err) => ctx.logger.warn({ err }, 'rate limits counted in this process: Redis unavailable'),
      }),
    },
    metrics,
    // Whatever this process writes is read back at once, not from a cache (read-cache-invalidation).
    changes: ctx.changes,
    version: SERVICE_VERSION,
    readiness: {
      postgres: async () => {
        await ctx.prisma.$queryRaw`select 1`;
      },
      redis: async () => {
        await ctx.redis.ping();
      },
      // Names what is missing: e.g. 'not connected yet (trying endpoint 2 of 3: wss://host/…)'.
      chain: async () => {
        const missing = ctx.chainStatus();
        if (missing !== null) throw new Error(missing);
        if (!(await ctx.chain.checkHealth())) throw new Error(ctx.chain.status() ?? 'no healthy chain endpoint');
      },
      ...Object.fromEntries(modules.flatMap((m) => Object.entries(m.readiness ?? {}))),
    },
    routes: modules.flatMap((m) => m.routes ?? []),
    adminRoutes: modules.flatMap((m) => m.adminRoutes ?? []),
  });
  await app.listen({ port: ctx.config.port, host: ctx.config.host });
  // The modules' set-up that needs the chain, once it answers (the API serves meanwhile).
  void ctx
    .whenChain()
    .then(async () => {
      for (const m of modules) await m.onChainReady?.();
    })
    .catch((err: unknown) => ctx.logger.warn({ err }, 'set-up once the chain answered failed; a restart retries it'));
  return app;
}
