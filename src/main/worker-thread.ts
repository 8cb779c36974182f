import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { STOP_MESSAGE, type Lifecycle } from './bootstrap.js';

export interface WorkerThreadOptions {
  /** The database and Redis the main thread resolved (maybe ones it started itself). */
  databaseUrl: string;
  redisUrl: string;
  logger: Logger;
  lifecycle: Lifecycle;
  /** Longest an orderly stop may take before the thread is terminated. */
  stopTimeoutMs?: number;
}

/** The workers' entry point: the same one `npm run start:worker` runs as its own process. */
const WORKER_ENTRY = new URL('./worker-main.ts', import.meta.url).href;

const PRIORITY_MODULE = new URL('./thread-priority.ts', import.meta.url).href;

/**
 * The workers' nice value: when the two cores are busy (a round being built and stored while
 * wallets keep reading), the system runs the API's thread first. The workers lose nothing when
 * the machine has time to spare.
 */
export const WORKER_THREAD_NICE = 10;

/**
 * A thread does not inherit the TypeScript loader the process was started with (tsx's hooks are
 * registered per thread): the thread registers it first, lowers its own priority, then loads the
 * entry point.
 */
const THREAD_SCRIPT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(PRIORITY_MODULE)}); })
  .then((priority) => { priority.lowerThreadPriority(${WORKER_THREAD_NICE}); return import(${JSON.stringify(WORKER_ENTRY)}); })
  .catch((error) => { process.stderr.write(String(error && error.stack || error) + '\\n'); process.exit(1); });`;

/**
 * `npm start`'s workers, in a thread of the API's process. A thread has its own event loop and its
 * own heap: building, storing or signing a round of 100,000 delegations (and the garbage collections
 * it causes) never holds the API's requests, which a shared event loop could only soften by slicing.
 * The thread is exactly the worker process (`worker-main.ts`, its own context and connections); it
 * shares nothing with the API but the database, Redis and the chain, as separate processes do.
 *
 * The thread runs at a lower CPU priority (WORKER_THREAD_NICE, on Linux), so that under a full
 * machine the API's requests are served first.
 *
 * The thread inherits the process's loader (tsx) and environment, with the database and Redis the
 * main thread resolved. Should it end on its own (a crash, a chain that refuses the configuration),
 * the whole process stops in order with its exit code, as the worker process would have.
 */
export function startWorkerThread(options: WorkerThreadOptions): { close(): Promise<void> } {
  const log = options.logger.child({ component: 'worker-thread' });
  const worker = new Worker(THREAD_SCRIPT, {
    eval: true,
    env: { ...process.env, DATABASE_URL: options.databaseUrl, REDIS_URL: options.redisUrl },
  });
  let closing = false;
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  worker.on('error', (err) => log.fatal({ err }, 'the workers thread failed'));
  void exited.then((code) => {
    if (closing) return;
    log.fatal({ code }, 'the workers thread ended on its own: stopping');
    options.lifecycle.fail('workers thread ended', code === 0 ? 1 : code);
  });
  return {
    close: async () => {
      closing = true;
      worker.postMessage(STOP_MESSAGE);
      const timeout = options.stopTimeoutMs ?? 60_000;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeout)));
      const outcome = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (outcome === 'late') {
        log.error({ timeoutMs: timeout }, 'the workers thread did not stop in time: terminating it');
        await worker.terminate();
      }
    },
  };
}
