import { randomUUID } from 'node:crypto';
import { LogController, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import { globalPlugin } from './global-plugin.js';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Ids a proxy may pass on; anything else (too long, odd characters) could forge log lines. */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's `genReqId`: the caller's `x-request-id` when it looks like an id, a fresh UUID otherwise. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && ACCEPTED_ID.test(given) ? given : randomUUID();
}

/** Echoes the request id on every response, errors and 404s included. */
export const requestIdPlugin = globalPlugin<FastifyPluginAsync>(async (app) => {
  // A callback hook: it runs on every request and needs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
});

/**
 * Fastify's own request lines, without the two per request at info (`incoming request`,
 * `request completed`): `requestLogPlugin` writes one at debug instead. What goes wrong on the
 * way out (a response that errored, a broken stream, a failed writeHead) is still logged.
 */
export class QuietRequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) super.requestCompleted(error, request, reply);
  }
}

/** The levels at which debug lines are written (pino's standard ones). */
const DEBUG_LEVELS = new Set(['debug', 'trace']);
/** A request slower than this is logged at info. */
const DEFAULT_SLOW_MS = 1_000;
/** At most this many slow-request lines a second: an overloaded service must not also flood its log. */
const SLOW_LINES_PER_SECOND = 10;

/**
 * One line per request, at debug (Fastify's own two lines at info are off, see
 * QuietRequestLogController: at thousands of requests a second they cost more than the answers). At info only what an operator acts on:
 * slow requests, sampled; failures are logged by the error handler (5xx at error or warn).
 * The line keeps the fields Fastify's own had (`req`, `res`, `responseTime`), with the request id.
 */
export const requestLogPlugin = globalPlugin<FastifyPluginAsync<{ slowMs?: number }>>(async (app, { slowMs }) => {
  const slow = slowMs ?? DEFAULT_SLOW_MS;
  let second = 0;
  let linesThisSecond = 0;
  let unlogged = 0;
  app.addHook('onResponse', (request, reply, done) => {
    const responseTime = reply.elapsedTime;
    const isSlow = responseTime >= slow;
    if (!isSlow && !DEBUG_LEVELS.has(request.log.level)) return done();
    const line = {
      req: { method: request.method, url: request.url, remotePort: request.socket?.remotePort },
      res: { statusCode: reply.statusCode },
      responseTime,
    };
    if (!isSlow) {
      request.log.debug(line, 'request completed');
      return done();
    }
    const now = Math.floor(Date.now() / 1000);
    if (now !== second) {
      second = now;
      linesThisSecond = 0;
    }
    if (linesThisSecond < SLOW_LINES_PER_SECOND) {
      linesThisSecond++;
      // How many slow requests went unlogged since the last line: the sample's weight.
      request.log.info({ ...line, unloggedSlowRequests: unlogged }, 'slow request');
      unlogged = 0;
    } else unlogged++;
    done();
  });
});
