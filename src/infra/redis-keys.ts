import { Redis } from 'ioredis';

/**
 * Deletes every key matching `pattern` (a Redis glob, e.g. `ndest-demo:*`), a scan page at a
 * time: what a queue prefix of the demo, a benchmark or a test run left behind.
 */
export async function deleteKeysMatching(redisUrl: string, pattern: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for await (const keys of redis.scanStream({ match: pattern, count: 500 }) as AsyncIterable<string[]>)
      if (keys.length > 0) await redis.unlink(...keys);
  } finally {
    redis.disconnect();
  }
}
