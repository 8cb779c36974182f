import { Writable } from 'node:stream';
import { format } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChainConnection } from '../../../src/chain/connection.js';
import { routeConsoleToLogger } from '../../../src/chain/console-capture.js';
import { DomainError } from '../../../src/domain/errors.js';
import { findFreePort } from '../../../src/infra/free-port.js';
import { createLogger } from '../../../src/logger.js';
import { until } from '../../support/service-processes.js';

// Nothing listens there: the chain library fails, prints and throws with this URL in hand.
const SECRETS = ['pw9876', 'secretkey123', 'apikey', 'abc999'];
let endpoint: string;
let lines: string[];
let rawConsole: string[];
let restore: () => void;
let chainLog: ReturnType<typeof createLogger>;

beforeEach(async () => {
  endpoint = `ws://user:pw9876@127.0.0.1:${await findFreePort()}/secretkey123?apikey=abc999`;
  lines = [];
  rawConsole = [];
  // What would reach the terminal unlogged if the console were not routed through the logger.
  const saved = {
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
    debug: console.debug,
  };
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const)
    console[m] = (...args: unknown[]) => void rawConsole.push(format(...args));
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger('debug', 'test', { secretUrls: [endpoint], destination });
  const restoreConsole = routeConsoleToLogger(logger.child({ component: 'console' }));
  chainLog = logger.child({ component: 'chain' });
  restore = () => {
    restoreConsole();
    Object.assign(console, saved);
  };
});

afterEach(() => restore());

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('a chain endpoint that carries a key', () => {
  it('never appears in the log, the console or the error when it cannot be reached', async () => {
    const failure = await ChainConnection.connect({ endpoints: [endpoint], logger: chainLog, connectTimeoutMs: 5_000 })
      .then(() => null)
      .catch((e: unknown) => e as Error);
    expect(failure?.message).toMatch(/^no chain endpoint reachable \(ws:\/\/127\.0\.0\.1:\d+\/…\)$/);

    // The library's own line (`API-WS: disconnected from <url>`) went through the logger.
    await until('the chain library to print its disconnect', async () =>
      lines.some((l) => l.includes('"origin":"API-WS"')) ? true : undefined,
    );
    expect(rawConsole).toEqual([]);
    const unreachable = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'chain endpoint unreachable');
    expect(unreachable).toMatchObject({ err: { message: expect.stringContaining('ECONNREFUSED') } });
    expectNoSecret(lines.join('\n'));
  });

  it('says what is missing while it keeps trying, and refuses chain work with CHAIN_UNAVAILABLE', async () => {
    const conn = ChainConnection.open({ endpoints: [endpoint], logger: chainLog, connectTimeoutMs: 5_000 });
    try {
      expect(conn.status()).toMatch(/^not connected yet \(trying endpoint 1 of 1: ws:\/\/127\.0\.0\.1:\d+\/…\)$/);
      expect(conn.isHealthy()).toBe(false);
      expect(await conn.checkHealth()).toBe(false);
      const refused = (() => {
        try {
          conn.api();
          return null;
        } catch (e) {
          return e;
        }
      })();
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({ kind: 'unavailable', code: 'CHAIN_UNAVAILABLE' });
      await expect(conn.call('read', (api) => api.rpc.system.chain())).rejects.toMatchObject({
        code: 'CHAIN_UNAVAILABLE',
      });
      expect(() => conn.genesisHash).toThrow(DomainError);
      await until('a retry to be scheduled', async () =>
        lines.some((l) => l.includes('no chain endpoint reachable yet; retrying')) ? true : undefined,
      );
    } finally {
      await conn.close();
    }
    await expect(conn.ready()).rejects.toThrow('chain connection closed');
    expect(rawConsole).toEqual([]);
    expectNoSecret(lines.join('\n'));
  });
});
