import { Redis } from 'ioredis';

import { silentLogger } from '../../src/infra/infra-logger.js';
import { startRedisServer } from '../../src/infra/redis-server-process.js';

export interface PrivateRedis {
  url: string;
  /** FLUSHALL: what a restart without persistence, or a failover to an empty replica, leaves. */
  flushAll(): Promise<void>;
  /** Keys in the server (to show that a flush really emptied it). */
  keyCount(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A redis-server of this test alone (free loopback port, no persistence), started the way
 * `npm start` starts its fallback one: a fault test may empty it without touching other tests' keys.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const server = await startRedisServer(silentLogger);
  const command = async <T>(run: (redis: Redis) => Promise<T>): Promise<T> => {
    const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      return await run(redis);
    } finally {
      redis.disconnect();
    }
  };
  return {
    url: server.url,
    flushAll: async () => void (await command((r) => r.flushall())),
    keyCount: () => command((r) => r.dbsize()),
    stop: () => server.stop(),
  };
}
