import { Writable } from 'node:stream';
import { logger as polkadotLogger } from '@polkadot/util';
import { afterEach, describe, expect, it } from 'vitest';
import { routeConsoleToLogger } from '../../../src/chain/console-capture.js';
import { createLogger } from '../../../src/logger.js';
import { errorMessage, redactError, redactSecrets, redactUrl, toError } from '../../../src/redaction.js';

// A provider's key in every place an endpoint can carry one: user info, a path segment, the query.
const ENDPOINT = 'wss://user:key@host/path/KEY123?apikey=x';
const SECRETS = ['user:key', 'KEY123', 'apikey', '/path'];

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

function memoryLogger(secretUrls: string[] = [ENDPOINT]) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('debug', 'test', { secretUrls, destination }), lines };
}

let restoreConsole: (() => void) | undefined;
afterEach(() => {
  restoreConsole?.();
  restoreConsole = undefined;
});

describe('redactSecrets', () => {
  it('keeps scheme, host and port of a URL, and marks what was cut', () => {
    expect(redactUrl(ENDPOINT)).toBe('wss://host/…');
    expect(redactUrl('ws://127.0.0.1:9944')).toBe('ws://127.0.0.1:9944');
    expect(redactUrl('https://kusama.w3f.community/candidates')).toBe('https://kusama.w3f.community/…');
    expect(redactSecrets(`disconnected from ${ENDPOINT}: 1006:: Abnormal Closure`)).toBe(
      'disconnected from wss://host/…: 1006:: Abnormal Closure',
    );
    expect(redactSecrets('("http://a:b@h:80/k?x=1")')).toBe('("http://h/…")');
  });

  it("scrubs a configured URL's key-like parts where they appear alone, and leaves words alone", () => {
    const text = 'request for KEY123 failed; see the candidates list';
    expect(redactSecrets(text, [ENDPOINT, 'https://1kv.example/candidates'])).toBe(
      'request for [redacted] failed; see the candidates list',
    );
  });

  it('redacts an error in place, its causes too, keeping its class', () => {
    class Unrecoverable extends Error {}
    const error = new Unrecoverable(`No response received from RPC endpoint ${ENDPOINT} in 30s`, {
      cause: new Error(`socket to ${ENDPOINT} closed`),
    });
    const redacted = redactError(error, [ENDPOINT]);
    expect(redacted).toBe(error);
    expect(redacted).toBeInstanceOf(Unrecoverable);
    expectNoSecret(`${redacted.message}\n${redacted.stack}\n${(redacted.cause as Error).message}`);
    expect(redacted.message).toContain('wss://host/…');
  });
});

describe('errors as the chain library throws them', () => {
  // What ApiPromise.isReadyOrError rejects with: a WebSocket ErrorEvent, not an Error.
  const socketError = new Error('connect ECONNREFUSED 127.0.0.1:9');
  const errorEvent = Object.create(
    { type: 'error', message: 'connect ECONNREFUSED 127.0.0.1:9', error: socketError },
    {},
  ) as object;
  const bareEvent = Object.create({ type: 'close', message: 'socket closed' }, {}) as object;

  it('are described by their message, never as [object Object]', () => {
    expect(String(errorEvent)).toBe('[object Object]');
    expect(errorMessage(errorEvent)).toBe('connect ECONNREFUSED 127.0.0.1:9');
    // The real error inside the event, with its own stack; else a new one with the event's message.
    expect(toError(errorEvent)).toBe(socketError);
    const error = toError(bareEvent);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('socket closed');
  });

  it('reach the log as error objects (message, type, stack)', () => {
    const { logger, lines } = memoryLogger();
    logger.warn({ err: toError(errorEvent) }, 'chain endpoint unreachable');
    const line = JSON.parse(lines[0]!) as { err: { message: string; type: string; stack: string } };
    expect(line.err).toMatchObject({ message: 'connect ECONNREFUSED 127.0.0.1:9', type: 'Error' });
    expect(line.err.stack).toContain('Error: connect ECONNREFUSED');
  });
});

describe('the logger', () => {
  it('never writes an endpoint URL, in a message, a field or an error', () => {
    const { logger, lines } = memoryLogger();
    logger.warn({ endpoint: ENDPOINT, err: new Error(`failed: ${ENDPOINT}`) }, `disconnected from ${ENDPOINT}`);
    expect(lines).toHaveLength(1);
    expectNoSecret(lines[0]!);
    expect(lines[0]).toContain('wss://host/…');
  });
});

describe('the chain library console output', () => {
  it('goes through the logger, redacted, when the library prints a disconnect', () => {
    const { logger, lines } = memoryLogger();
    restoreConsole = routeConsoleToLogger(logger.child({ component: 'console' }));
    // What WsProvider prints when its socket closes.
    polkadotLogger('api-ws').error(`disconnected from ${ENDPOINT}: 1006:: Abnormal Closure`);
    restoreConsole();
    restoreConsole = undefined;

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ component: 'console', origin: 'API-WS', level: 40 });
    expect(line.msg).toBe('disconnected from wss://host/…: 1006:: Abnormal Closure');
    expectNoSecret(lines[0]!);
  });

  it('puts the console back', () => {
    const before = console.error;
    const { logger } = memoryLogger();
    const restore = routeConsoleToLogger(logger);
    expect(console.error).not.toBe(before);
    restore();
    expect(console.error).toBe(before);
  });
});
