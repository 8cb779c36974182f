import type { FastifyPluginAsync, onSendHookHandler } from 'fastify';
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
    const invalidate: onSendHookHandler = (_request, _reply, payload, done) => {
      changes.invalidateAll();
      done(null, payload);
    };
    // On the routes that may write only: a read pays for no hook at all.
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (!methods.some((m) => WRITING.has(m))) return;
      const own = route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend];
      route.onSend = [...own, invalidate];
    });
  },
);
