import type { FastifyPluginAsync } from 'fastify';
import type { ChangeFeed } from '../db/change-feed.js';
import { globalPlugin } from './plugins/global-plugin.js';

/** Methods that may write; a GET, HEAD or OPTIONS never does. */
const WRITING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Read-your-writes within one process: the database announces a committed write a little after
 * the commit, and a wallet that opted in reads its delegation at once. So whatever this process
 * answered to a request that may have written moves every cached read's counter before the answer
 * leaves (an error may come after a write, e.g. a late failure: it counts too). Writes by other
 * processes are seen when their announcement arrives.
 */
export const readYourWritesPlugin = globalPlugin<FastifyPluginAsync<{ changes: ChangeFeed }>>(
  async (app, { changes }) => {
    app.addHook('onSend', (request, _reply, payload, done) => {
      if (WRITING.has(request.method)) changes.invalidateAll();
      done(null, payload);
    });
  },
);
