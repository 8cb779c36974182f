import { ensureLocalServices } from '../../src/infra/local-services.js';
import { dropDatabase } from '../../src/infra/postgres-admin.js';
import { deleteKeysMatching } from '../../src/infra/redis-keys.js';
import { databaseNameOf, withDatabaseName } from '../../src/infra/postgres-url.js';

export interface DemoStorage {
  /** The demo's own database (created and migrated by the service at start). */
  databaseUrl: string;
  redisUrl: string;
  /** The demo's own queue prefix. */
  queuePrefix: string;
  /** Stops the PostgreSQL or redis-server the demo started itself (none when servers answered). */
  stop(): Promise<void>;
}

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const PREFIX = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Where the demo keeps its state: the servers `npm start` would use (DATABASE_URL and REDIS_URL,
 * else the local ones, else ones it starts), but its own database (DEMO_DATABASE, default
 * `ndest_demo`) and queue prefix (DEMO_QUEUE_PREFIX, default `ndest-demo`). Both are emptied at
 * every start: the demo's chain starts from genesis each time, and a record of an earlier chain
 * with the same genesis would be wrong about this one. The service's own database is never used.
 */
export async function prepareDemoStorage(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<DemoStorage> {
  const name = env.DEMO_DATABASE?.trim() || 'ndest_demo';
  if (!NAME.test(name)) throw new Error(`DEMO_DATABASE must be a lower-case PostgreSQL name, got "${name}"`);
  const queuePrefix = env.DEMO_QUEUE_PREFIX?.trim() || 'ndest-demo';
  if (!PREFIX.test(queuePrefix))
    throw new Error(`DEMO_QUEUE_PREFIX must be letters, digits, - and _, got "${queuePrefix}"`);
  if (queuePrefix === (env.QUEUE_PREFIX?.trim() || 'ndest'))
    throw new Error(`DEMO_QUEUE_PREFIX "${queuePrefix}" is the service's own queue prefix: the demo empties its own`);

  const services = await ensureLocalServices({
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    redisUrl: env.REDIS_URL?.trim() || undefined,
    logger: { info: (_o, msg) => log(msg), warn: (_o, msg) => log(msg) },
  });
  try {
    if (databaseNameOf(services.databaseUrl) === name)
      throw new Error(`DEMO_DATABASE "${name}" is the service's own database: the demo empties its own, pick another`);
    const databaseUrl = withDatabaseName(services.databaseUrl, name);
    await dropDatabase(databaseUrl);
    // BullMQ's queues, locks and rate-limit counters of the demo.
    await deleteKeysMatching(services.redisUrl, `${queuePrefix}:*`);
    log(`state: database ${name}, queue prefix ${queuePrefix} (both emptied)`);
    return { databaseUrl, redisUrl: services.redisUrl, queuePrefix, stop: () => services.stop() };
  } catch (error) {
    await services.stop();
    throw error;
  }
}
