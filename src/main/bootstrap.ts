import { isMainThread, parentPort } from 'node:worker_threads';
import { loadConfig } from '../config.js';
import { ensureLocalServices } from '../infra/local-services.js';
import { toError } from '../chain/chain-logger.js';
import { routeConsoleToLogger } from '../chain/console-capture.js';
import { createLogger } from '../logger.js';
import { secretUrlsOf } from '../redaction.js';
import { openContext, type Context } from './context.js';

type Stoppable = { close(): Promise<void> };

/** What an entry point may do besides starting its parts: stop the whole process with a code. */
export interface Lifecycle {
  /** A part ended on its own (e.g. the workers' thread): shut down in order, then exit with `code`. */
  fail(reason: string, code: number): void;
}

/** The message the process's main thread sends a worker thread started by `bootstrap` to stop it. */
export const STOP_MESSAGE = 'ndest:stop';

/**
 * Shared start-up of every entry point: configuration, logger, local services where none are
 * configured, the context; and a graceful shutdown in order on SIGINT/SIGTERM.
 *
 * The context's chain connects in the background: `start` runs at once (the API serves what
 * needs no chain; workers wait for it themselves). A configuration the chain refuses
 * (e.g. TARGETS_PER_DELEGATOR above its maximum) stops the process with code 2.
 */
export async function bootstrap(
  name: string,
  start: (ctx: Context, lifecycle: Lifecycle) => Promise<Stoppable[]>,
): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  // Endpoint URLs may carry a provider's API key: no log line shows them.
  const logger = createLogger(config.logLevel, `ndest-${name}`, { secretUrls: secretUrlsOf(config) });
  // The chain library prints to the console (`API-WS: disconnected from <endpoint URL>`).
  routeConsoleToLogger(logger.child({ component: 'console' }));
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
  const ctx = await openContext(config, logger, { databaseUrl: services.databaseUrl, redisUrl: services.redisUrl });
  const parts: Stoppable[] = [];
  let stopping = false;
  const stop = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // HTTP server first, then workers (in the order given), then queues, chain and database.
    for (const part of parts)
      await part.close().catch((e: unknown) => logger.error({ err: toError(e) }, 'close failed'));
    await ctx.close();
    await services.stop();
    process.exit(code);
  };
  // Registered before start: a worker may wait for the chain a long time, and must still stop in order.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // In a worker thread (`npm start` runs the workers in one) signals go to the main thread only,
  // which asks for the same orderly stop by message; exit then ends this thread alone.
  if (!isMainThread)
    parentPort?.on('message', (message) => {
      if (message === STOP_MESSAGE) void stop('parent');
    });
  ctx.whenChain().catch((e: unknown) => {
    if (stopping) return;
    logger.fatal({ err: toError(e) }, 'cannot run on this chain');
    void stop('configuration', 2);
  });
  try {
    parts.push(...(await start(ctx, { fail: (reason, code) => void stop(reason, code) })));
  } catch (e) {
    // Closing the context ends a wait for the chain with an error: that is the shutdown, not a failure.
    if (stopping) return;
    throw e;
  }
}
