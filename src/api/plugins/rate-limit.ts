import { isIPv4, isIPv6 } from 'node:net';
import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../http-error.js';
import { MemoryRateLimitStore, type RateLimitStore } from '../rate-limit-store.js';
import { globalPlugin } from './global-plugin.js';

/** `read`: GET and HEAD; `signed`: requests that change something (the wallet's signed POST/DELETE, admin). */
export type RateLimitBucket = 'read' | 'signed';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false` exempts the route (health, metrics); a bucket overrides the one its method implies. */
    rateLimit?: false | RateLimitBucket;
  }
}

export interface RateLimitOptions {
  /** Requests a client may make per window on read routes; 0: no limit. */
  readPerWindow: number;
  /** Requests a client may make per window on signed routes; 0: no limit. */
  signedPerWindow: number;
  /** Default one minute. */
  windowMs?: number;
  /** Default: counters in this process's memory. */
  store?: RateLimitStore;
}

export const DEFAULT_RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Per-client request limits, checked before anything else of the request is read. Every limited
 * response carries `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` (seconds);
 * past the limit the answer is 429 `RATE_LIMITED` with `Retry-After` (seconds). The client is the
 * request's address (behind a proxy: set TRUST_PROXY, or every client is the proxy); IPv6
 * clients are counted per /64, the block one subscriber usually holds.
 */
export const rateLimitPlugin = globalPlugin<FastifyPluginAsync<RateLimitOptions>>(async (app, options) => {
  const windowMs = options.windowMs ?? DEFAULT_RATE_LIMIT_WINDOW_MS;
  const store = options.store ?? new MemoryRateLimitStore();
  const limits: Record<RateLimitBucket, number> = { read: options.readPerWindow, signed: options.signedPerWindow };
  // Both off (0): no hook, nothing counted.
  if (!limits.read && !limits.signed) return;

  app.addHook('onRequest', async (request, reply) => {
    const configured = request.routeOptions.config?.rateLimit;
    if (configured === false) return;
    const bucket = configured ?? (['GET', 'HEAD', 'OPTIONS'].includes(request.method) ? 'read' : 'signed');
    const limit = limits[bucket];
    if (!limit) return;
    const { count, resetInMs } = await store.hit(`${bucket}:${clientKey(request.ip)}`, windowMs);
    const resetSeconds = Math.max(1, Math.ceil(resetInMs / 1000));
    reply.header('x-ratelimit-limit', limit);
    reply.header('x-ratelimit-remaining', Math.max(0, limit - count));
    reply.header('x-ratelimit-reset', resetSeconds);
    if (count > limit) {
      reply.header('retry-after', resetSeconds);
      throw new HttpError(
        429,
        'RATE_LIMITED',
        `Too many ${bucket} requests from this client: at most ${limit} per ${windowMs / 1000} s; retry after ${resetSeconds} s`,
        { bucket, limit, windowSeconds: windowMs / 1000, retryAfterSeconds: resetSeconds },
      );
    }
  });
});

/** The counter's client: the IPv4 address, or the /64 of an IPv6 one (IPv4-mapped IPv6 is IPv4). */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = ip.includes('::')
    ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
