import { collectDefaultMetrics, Registry } from 'prom-client';
import { adminRoutes } from '../api/routes/admin.routes.js';
import { candidatesRoutes } from '../api/routes/candidates.routes.js';
import { delegationsRoutes } from '../api/routes/delegations.routes.js';
import { roundsRoutes } from '../api/routes/rounds.routes.js';
import { rewardsRoutes } from '../api/routes/rewards.routes.js';
import { statsRoutes } from '../api/routes/stats.routes.js';
import { registerServiceMetrics, type ServiceMetricSources } from '../api/service-metrics.js';
import { RedisRateLimitStore } from '../api/rate-limit-store.js';
import { earningWarnings } from '../domain/delegation/earning-warnings.js';
import { buildApp, type App, type RouteRegistration } from '../api/build-app.js';
import type { ApiServices } from '../api/services.js';
import { optIn } from '../domain/delegation/opt-in.use-case.js';
import { optOut } from '../domain/delegation/opt-out.use-case.js';
import { startRound } from '../domain/rounds/start-round.use-case.js';
import { confirmSnapshot } from '../domain/candidates/confirm-snapshot.use-case.js';
import { jobStatus } from '../workers/job-status.js';
import { eraWatcherCheck } from '../workers/processors/era-watch.processor.js';
import { enqueueRound } from '../workers/queues.js';
import { asChainUnavailable } from '../chain/connection.js';
import { toError } from '../chain/chain-logger.js';
import { NETWORK_DEFAULTS } from '../chain/network-defaults.js';
import { systemClock, type Context } from './context.js';
import { SERVICE_VERSION } from './version.js';
import { buildFeatures } from './modules.js';

/**
 * What needs the chain fails with 503 `CHAIN_UNAVAILABLE` while it cannot be reached (and the
 * message never carries the endpoint's URL); what does not need it keeps working.
 */
async function needingChain<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asChainUnavailable(error);
  }
}

export function apiServices(ctx: Context): ApiServices {
  // Read on each request: the writer exists only once the chain answered.
  const deps = () => ({
    authorize: ctx.authorize,
    delegations: ctx.delegations,
    chain: ctx.reader,
    writer: ctx.writer,
    setup: ctx.writer,
    codec: ctx.codec,
    clock: systemClock,
  });
  return {
    codec: ctx.codec,
    optIn: (envelope) => needingChain(() => optIn(deps(), envelope)),
    optOut: (address, envelope) => needingChain(() => optOut(deps(), address, envelope)),
    delegations: ctx.delegations,
    rounds: ctx.rounds,
    snapshots: ctx.snapshots,
    startRound: async ({ dryRun }) => {
      const { round } = await needingChain(() =>
        startRound(
          {
            rounds: ctx.rounds,
            writer: ctx.writer,
            targetsPerDelegator: ctx.config.targetsPerDelegator,
            rotationEras: ctx.config.rotationEras,
          },
          { trigger: 'admin', dryRun, era: null },
        ),
      );
      await enqueueRound(ctx.queues.rounds, round.id);
      return round;
    },
    confirmSnapshot: (snapshotId) => confirmSnapshot({ snapshots: ctx.snapshots, clock: systemClock }, snapshotId),
    jobStatus: () => jobStatus(ctx.queues),
    finalizedBlockHash: (number) => ctx.beacon.finalizedHash(number),
    rewards: ctx.events,
    // The chain's own token once it answered; the network's before (amounts are stored in planck).
    token: () => (ctx.chainStatus() === null ? ctx.chain.token : NETWORK_DEFAULTS[ctx.config.network].token),
    warnings: async (stash) => {
      const read = await Promise.resolve()
        .then(() =>
          Promise.all([ctx.reader.stakingLimits(), ctx.reader.stashViews([stash]), ctx.stats.latestEraStat()]),
        )
        .catch((e: unknown) => {
          ctx.logger.warn({ err: toError(e), stash }, 'earning warnings: chain read failed');
          return null;
        });
      // The delegation's own record does not depend on the chain being reachable right now.
      if (!read) return ['The chain could not be read just now: whether this stash earns is unknown.'];
      const [limits, { views }, latest] = read;
      const view = views.get(stash) ?? { stash, ledger: null, proxies: [], nominations: null };
      return earningWarnings({
        view,
        limits,
        elected: latest ? new Set(latest.elected) : null,
        era: latest?.era ?? null,
      });
    },
    stats: async (eras) => {
      const [counts, list, enteredTotal, fees] = await Promise.all([
        ctx.stats.statusCounts(),
        ctx.stats.eraStats(eras),
        ctx.stats.enteredTotal(),
        ctx.payouts.feesByEra(),
      ]);
      return { counts, eras: list, enteredTotal, fees };
    },
  };
}

function serviceMetricSources(ctx: Context): ServiceMetricSources {
  return {
    delegatorsByStatus: () => ctx.stats.statusCounts(),
    payoutsByStatus: async () => {
      const rows = await ctx.prisma.payout.groupBy({ by: ['status'], _count: { _all: true } });
      return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
    },
    indexer: async () => ({
      cursor: await ctx.events.cursor(),
      finalized: await Promise.resolve()
        .then(() => ctx.eventSource.finalizedHead())
        .then(
          (h) => h.number,
          () => null,
        ),
    }),
    enteredActiveSet: () => ctx.stats.enteredTotal(),
    activeJobs: async () =>
      (
        await Promise.all(
          ctx.queues.all().map(async (q) =>
            (await q.getActive()).map((j) => ({
              queue: q.name,
              id: j.id ?? '',
              progress:
                typeof j.progress === 'object' && j.progress !== null
                  ? (j.progress as Record<string, unknown>)
                  : { value: j.progress },
            })),
          ),
        )
      ).flat(),
  };
}

export async function startApi(ctx: Context): Promise<App> {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  registerServiceMetrics(metrics, serviceMetricSources(ctx));
  // Each feature module brings its routes, admin routes and metrics.
  const { modules } = buildFeatures(ctx);
  for (const m of modules) m.metrics?.(metrics);
  const services = apiServices(ctx);
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
      // The workers' heartbeat: rounds start from the era watcher, whose schedule lives in Redis.
      eraWatcher: eraWatcherCheck(ctx.state, {
        maxAgeMs: Math.max(3 * ctx.config.eraPollMs, 60_000),
        since: new Date(),
      }),
    },
    routes: [
      ...[delegationsRoutes, rewardsRoutes, candidatesRoutes, roundsRoutes, statsRoutes].map((plugin) => ({
        plugin: plugin as RouteRegistration['plugin'],
        options: { services },
      })),
      ...modules.flatMap((m) => m.routes ?? []),
    ],
    adminRoutes: [
      { plugin: adminRoutes as RouteRegistration['plugin'], options: { services } },
      ...modules.flatMap((m) => m.adminRoutes ?? []),
    ],
  });
  await app.listen({ port: ctx.config.port, host: ctx.config.host });
  return app;
}
