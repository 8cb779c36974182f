import { startApi } from './api.js';
import { bootstrap } from './bootstrap.js';
import { startWorkerThread } from './worker-thread.js';

// `npm start`: the API in this thread, the workers in a thread of their own (worker-thread.ts).
await bootstrap('all', async (ctx, lifecycle) => [
  await startApi(ctx),
  startWorkerThread({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, logger: ctx.logger, lifecycle }),
]);
