/**
 * Fixed-window request counters for the rate limit: one counter per key, reset when its window
 * ends. A window allows `limit` requests, so a client may send up to twice that across a window
 * boundary; that is the price of one counter per client.
 */
export interface RateLimitStore {
  /** Counts one request under `key`; returns the count in the current window and when it ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
}

/**
 * Counters in this process's memory: each API process limits on its own. At most `maxKeys`
 * counters are kept (clients spread over many addresses cannot grow it without bound); when full,
 * ended windows are dropped first, then the oldest counters.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (!window) this.makeRoom(now, windowMs);
      window = { count: 0, resetAt: now + windowMs };
      // Re-inserted, so that the map's order stays the order of window starts (oldest first).
      this.windows.delete(key);
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.resetAt - now };
  }

  private makeRoom(now: number, windowMs: number): void {
    if (this.windows.size < this.maxKeys) return;
    // A full sweep at most once per window, so that a full map does not cost a scan per request.
    if (now - this.lastSweep >= windowMs) {
      this.lastSweep = now;
      for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
    }
    while (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest === undefined) break;
      this.windows.delete(oldest);
    }
  }
}

/** What the Redis store needs of an ioredis client. */
export interface RedisLike {
  readonly status: string;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

// INCR and the expiry in one step: a counter without an expiry would never reset.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

/**
 * Counters in Redis, shared by every API process on it. Redis being slow or away must not take
 * the API down with it: after `timeoutMs`, or while the connection is not ready, the request is
 * counted in this process's memory instead (a per-process limit until Redis is back).
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly fallback: RateLimitStore;
  private lastWarning = 0;

  constructor(
    private readonly redis: RedisLike,
    private readonly keyPrefix: string,
    private readonly options: {
      timeoutMs?: number;
      fallback?: RateLimitStore;
      onFallback?: (error: Error) => void;
      now?: () => number;
    } = {},
  ) {
    this.fallback = options.fallback ?? new MemoryRateLimitStore(options.now);
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    if (this.redis.status !== 'ready') return this.fallBack(new Error(`redis is ${this.redis.status}`), key, windowMs);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeoutMs = this.options.timeoutMs ?? 250;
      const reply = await Promise.race([
        this.redis.eval(HIT_SCRIPT, 1, `${this.keyPrefix}:${key}`, windowMs),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`redis did not answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      const [count, ttl] = reply as [number, number];
      return { count: Number(count), resetInMs: Math.max(0, Number(ttl)) };
    } catch (e) {
      return this.fallBack(e instanceof Error ? e : new Error(String(e)), key, windowMs);
    } finally {
      clearTimeout(timer);
    }
  }

  private fallBack(error: Error, key: string, windowMs: number) {
    // One warning a minute at most: an outage must not flood the log at the request rate.
    const now = (this.options.now ?? Date.now)();
    if (now - this.lastWarning >= 60_000) {
      this.lastWarning = now;
      this.options.onFallback?.(error);
    }
    return this.fallback.hit(key, windowMs);
  }
}
