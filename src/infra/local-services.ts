import path from 'node:path';

import { startEmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded-postgres-server.js';
import { silentLogger, type InfraLogger } from './infra-logger.js';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL } from './local-defaults.js';
import { answersSelectOne } from './postgres-admin.js';
import { redactUrl, withDatabaseName } from './postgres-url.js';
import { redisAnswersPing } from './redis-probe.js';
import { startRedisServer, type StartedServer } from './redis-server-process.js';

export interface LocalServicesOptions {
  /** Configured URLs are used as they are, without probing. */
  databaseUrl?: string;
  redisUrl?: string;
  /** Where the embedded PostgreSQL keeps its cluster (`<dataDir>/postgres`). */
  dataDir?: string;
  logger?: InfraLogger;
  /** Servers to try before starting our own (tests point these at closed ports). */
  probeDatabaseUrl?: string;
  probeRedisUrl?: string;
  redisServerBinary?: string;
  /** Tests: the PostgreSQL programs to run, and where root puts what the `postgres` user cannot reach. */
  embeddedPostgres?: EmbeddedPostgresOptions;
}

export interface LocalServices {
  databaseUrl: string;
  redisUrl: string;
  /** Which servers this call started (and `stop` stops). */
  started: { postgres: boolean; redis: boolean };
  stop(): Promise<void>;
}

async function resolveDatabase(options: LocalServicesOptions, logger: InfraLogger): Promise<[string, StartedServer?]> {
  if (options.databaseUrl !== undefined) return [options.databaseUrl];
  const probeUrl = options.probeDatabaseUrl ?? DEFAULT_DATABASE_URL;
  // The target database may not exist yet (migrations create it): ask the maintenance one.
  if (await answersSelectOne(withDatabaseName(probeUrl, 'postgres'))) {
    logger.info({ databaseUrl: redactUrl(probeUrl) }, 'DATABASE_URL unset: using the local PostgreSQL');
    return [probeUrl];
  }
  const dataDir = path.resolve(options.dataDir ?? '.local', 'postgres');
  logger.warn(
    { probed: redactUrl(probeUrl), dataDir },
    'DATABASE_URL unset and no PostgreSQL answers: starting an embedded one',
  );
  const server = await startEmbeddedPostgres(dataDir, logger, options.embeddedPostgres);
  return [server.url, server];
}

async function resolveRedis(options: LocalServicesOptions, logger: InfraLogger): Promise<[string, StartedServer?]> {
  if (options.redisUrl !== undefined) return [options.redisUrl];
  const probeUrl = options.probeRedisUrl ?? DEFAULT_REDIS_URL;
  if (await redisAnswersPing(probeUrl)) {
    logger.info({ redisUrl: redactUrl(probeUrl) }, 'REDIS_URL unset: using the local Redis');
    return [probeUrl];
  }
  const binary = options.redisServerBinary ?? 'redis-server';
  logger.warn({ probed: redactUrl(probeUrl) }, 'REDIS_URL unset and no Redis answers: starting redis-server');
  try {
    const server = await startRedisServer(logger, binary);
    return [server.url, server];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `REDIS_URL is unset, nothing answers PING at ${redactUrl(probeUrl)}, and ${binary} could not be started ` +
        `(install Redis, e.g. Debian's redis-server, or set REDIS_URL): ${reason}`,
      { cause: error },
    );
  }
}

/**
 * What `npm start` without configuration runs on: the configured URLs, else the usual local
 * servers, else servers it starts itself (an embedded PostgreSQL and a redis-server).
 */
export async function ensureLocalServices(options: LocalServicesOptions = {}): Promise<LocalServices> {
  const logger = options.logger ?? silentLogger;
  const [databaseUrl, postgres] = await resolveDatabase(options, logger);
  let redis: [string, StartedServer?];
  try {
    redis = await resolveRedis(options, logger);
  } catch (error) {
    await postgres?.stop();
    throw error;
  }
  const [redisUrl, redisServer] = redis;
  return {
    databaseUrl,
    redisUrl,
    started: { postgres: postgres !== undefined, redis: redisServer !== undefined },
    async stop() {
      await Promise.all([redisServer?.stop(), postgres?.stop()]);
    },
  };
}
