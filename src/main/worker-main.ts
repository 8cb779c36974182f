import { bootstrap } from './bootstrap.js';
import { startWorker } from './worker.js';

await bootstrap('worker', async (ctx) => [await startWorker(ctx)]);
