import { startApi } from './api.js';
import { bootstrap } from './bootstrap.js';
import { startWorker } from './worker.js';

await bootstrap('all', async (ctx) => [await startApi(ctx), await startWorker(ctx)]);
