import { Writable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { asChainUnavailable } from '../../../src/chain/connection.js';
import { ChainTimeoutError } from '../../../src/chain/with-timeout.js';
import { unavailable } from '../../../src/domain/errors.js';
import { createLogger } from '../../../src/logger.js';
import { testApp, type TestApp } from './test-app.js';

const ENDPOINT = 'wss://user:key@host/path/KEY123?apikey=x';
const SECRETS = ['user:key', 'KEY123', 'apikey', '/path'];

let t: TestApp | undefined;
let logLines: string[] = [];
afterEach(async () => {
  await t?.app.close();
  t = undefined;
  logLines = [];
});

/** One route that fails with `error`, as a route does when a service it calls throws. */
async function failingWith(error: () => unknown) {
  const routes: FastifyPluginAsync = async (app) => {
    app.get('/v1/failing', async () => {
      throw error();
    });
  };
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  // The service's own logger (redacting), as src/main/bootstrap.ts makes it.
  const logger = createLogger('trace', 'test', { secretUrls: [ENDPOINT], destination });
  t = await testApp({ logger, routes: [{ plugin: routes }] });
  return t.app.inject({ method: 'GET', url: '/v1/failing' });
}

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('a chain failure in a request', () => {
  it('answers 503 CHAIN_UNAVAILABLE without the endpoint when the socket dropped mid-call', async () => {
    // What WsProvider rejects the calls in flight with when its socket closes.
    const response = await failingWith(() =>
      asChainUnavailable(new Error(`disconnected from ${ENDPOINT}: 1006:: Abnormal Closure`)),
    );
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: {
        code: 'CHAIN_UNAVAILABLE',
        message: 'The chain cannot be reached: disconnected from wss://host/…: 1006:: Abnormal Closure',
      },
    });
    expectNoSecret(response.body);
    expectNoSecret(logLines.join('\n'));
  });

  it('answers 503 CHAIN_UNAVAILABLE for a timed-out call', async () => {
    const response = await failingWith(() => asChainUnavailable(new ChainTimeoutError('read stash views', 30_000)));
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: { code: 'CHAIN_UNAVAILABLE' } });
  });

  it('leaves other failures alone: 500 with a generic message, the error logged without the endpoint', async () => {
    const response = await failingWith(() => asChainUnavailable(new Error(`cannot decode a reply from ${ENDPOINT}`)));
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'Internal server error' } });
    const logged = logLines.join('\n');
    expect(logged).toContain('cannot decode a reply from wss://host/…');
    expectNoSecret(logged);
  });

  it('never sends a URL with credentials in an error message', async () => {
    const response = await failingWith(() =>
      unavailable('CANDIDATE_SOURCE_UNREACHABLE', `candidate source ${ENDPOINT} could not be fetched`),
    );
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      error: { message: 'candidate source wss://host/… could not be fetched' },
    });
    expectNoSecret(response.body);
  });
});
