import type { Processor } from 'bullmq';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { RouteRegistration } from '../api/build-app.js';
import type { ReadinessCheck } from '../api/routes/health.routes.js';
import type { ChangeFeed } from '../db/change-feed.js';

/**
 * A queue of a feature: its processor and, when it recurs, how often. One worker per queue, one
 * job at a time across every worker process (the signer and the books are serial), and its
 * scheduler is restored by the queue supervisor when Redis lost it.
 */
export interface ModuleQueue {
  /** The queue's name (also the recurring job's name and its scheduler id). */
  name: string;
  processor: Processor;
  /** Milliseconds between two runs; absent: only on demand. */
  everyMs?: number;
  /** The recurring job's name and scheduler id when not the queue's (the payouts queue's is `payout-sweep`). */
  scheduler?: string;
  /**
   * One job at a time across every worker process (BullMQ's global concurrency 1, restored by the
   * supervisor). Default true; false for the watchers, whose runs are idempotent and were never
   * serialised across processes.
   */
  serial?: boolean;
  /** Run once the workers started: puts back the jobs of work a crash interrupted (unfinished rounds). */
  resume?: () => Promise<void>;
}

/**
 * A feature is a folder plus one of these: what it adds to the API (public routes, one plugin per
 * resource under its prefix; admin routes, mounted under `/v1/admin` behind the one admin hook),
 * to the workers (queues, processors, schedules), and to `/metrics`. `src/main` loops over the
 * modules instead of growing by hand for each feature.
 */
/** What a module's gauges may listen to. */
export interface MetricsSources {
  /** Announces committed writes to the tables read through caches and gauges (src/db/change-feed.ts). */
  changes: ChangeFeed;
  logger: Pick<Logger, 'warn'>;
}

export interface FeatureModule {
  name: string;
  routes?: RouteRegistration[];
  /** Mounted under `/v1/admin`: their paths are relative to it (e.g. `/tokens/:denom`). */
  adminRoutes?: RouteRegistration[];
  /** Registers the feature's gauges; they read the database in the background, told by `changes` (never per scrape). */
  metrics?: (registry: Registry, sources: MetricsSources) => void;
  /** Checks of GET /health/ready, by name, after the process's own (postgres, redis, chain). */
  readiness?: Record<string, ReadinessCheck>;
  /** Built only in a worker process, once the chain answered. */
  workers?: () => ModuleQueue[];
  /**
   * Run in every process once the chain answered (the API's in the background): set-up that needs
   * the chain, idempotent across processes (e.g. listing the chain's own token in the registry).
   */
  onChainReady?: () => Promise<void>;
}
