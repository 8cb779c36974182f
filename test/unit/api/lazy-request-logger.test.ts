import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyRequestLogger } from '../../../src/api/plugins/lazy-request-logger.js';

/** A pino logger at `level` whose lines are kept, counting the children made of it. */
function recordingLogger(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level }, sink);
  let children = 0;
  // Children inherit from their parent (pino's Object.create): `this` is whichever logger is asked.
  const child = logger.child;
  logger.child = function (this: pino.Logger, ...args: Parameters<typeof child>) {
    children++;
    return child.apply(this, args);
  } as typeof logger.child;
  return { logger, lines, children: () => children };
}

const factory = (logger: pino.Logger, bindings: Record<string, unknown>, options: Record<string, unknown> = {}) =>
  lazyRequestLogger.call(undefined as never, logger, bindings, options, undefined as never) as pino.Logger;

describe("a request's lazy logger", () => {
  it('makes no child for a request that writes nothing, or only below the level', () => {
    const { logger, lines, children } = recordingLogger('info');
    const log = factory(logger, { reqId: 'r1' });
    expect(log.level).toBe('info');
    log.debug({ a: 1 }, 'not written');
    log.trace('not written');
    expect(children()).toBe(0);
    expect(lines).toEqual([]);
  });

  it('writes with the request id, through one child made on the first line', () => {
    const { logger, lines, children } = recordingLogger('debug');
    const log = factory(logger, { reqId: 'r2' });
    log.debug({ a: 1 }, 'first');
    log.warn('second %s', 'formatted');
    log.error(new Error('boom'), 'third');
    expect(children()).toBe(1);
    expect(lines.map((l) => [l.reqId, l.msg, l.level])).toEqual([
      ['r2', 'first', 20],
      ['r2', 'second formatted', 40],
      ['r2', 'third', 50],
    ]);
    expect(lines[0]!.a).toBe(1);
    expect((lines[2]!.err as { message: string }).message).toBe('boom');
  });

  it('a grandchild keeps both bindings; a level set on it holds for it alone', () => {
    const { logger, lines } = recordingLogger('info');
    const log = factory(logger, { reqId: 'r3' });
    log.child({ step: 'x' }).info('nested');
    log.level = 'debug';
    log.debug('now written');
    expect(logger.level).toBe('info');
    expect(lines.map((l) => [l.reqId, l.step, l.msg])).toEqual([
      ['r3', 'x', 'nested'],
      ['r3', undefined, 'now written'],
    ]);
  });

  it('a route with its own level gets a real child at once', () => {
    const { logger, lines, children } = recordingLogger('info');
    const log = factory(logger, { reqId: 'r4' }, { level: 'debug' });
    expect(children()).toBe(1);
    log.debug('route debug');
    expect(lines.map((l) => l.msg)).toEqual(['route debug']);
  });
});
