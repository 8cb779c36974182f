import { loadConfig } from '../config.js';
import { ensureLocalServices } from '../infra/local-services.js';
import { createLogger } from '../logger.js';
import { createContext, type Context } from './context.js';

type Stoppable = { close(): Promise<void> };

/**
 * Shared start-up of every entry point: configuration, logger, local services where none are
 * configured, the context; and a graceful shutdown in order on SIGINT/SIGTERM.
 */
export async function bootstrap(name: string, start: (ctx: Context) => Promise<Stoppable[]>): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel, `ndest-${name}`);
  if (name === 'api') {
    // The API only hands out the operator's address: the key stays with the worker.
    if (config.operatorSeed !== null)
      logger.warn('OPERATOR_SEED is ignored by the API process (it never signs): give it OPERATOR_ADDRESS');
    config = { ...config, operatorSeed: null };
  }
  const services = await ensureLocalServices({
    databaseUrl: config.databaseUrl ?? undefined,
    redisUrl: config.redisUrl ?? undefined,
    logger: logger.child({ component: 'local-services' }),
  });
  const ctx = await createContext(config, logger, { databaseUrl: services.databaseUrl, redisUrl: services.redisUrl });
  const parts = await start(ctx);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // HTTP server first, then workers (in the order given), then queues, chain and database.
    for (const part of parts) await part.close().catch((e: Error) => logger.error({ err: e.message }, 'close failed'));
    await ctx.close();
    await services.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
