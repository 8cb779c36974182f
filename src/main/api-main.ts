import { startApi } from './api.js';
import { bootstrap } from './bootstrap.js';

await bootstrap('api', async (ctx) => [await startApi(ctx)]);
