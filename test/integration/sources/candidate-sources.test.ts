import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCandidates } from '../../../src/domain/candidates/parse-candidates.js';
import type { AddressCodec } from '../../../src/domain/ports.js';
import { CandidateSourceError } from '../../../src/sources/candidate-source.errors.js';
import { createCandidateSource } from '../../../src/sources/candidate-source.factory.js';
import { FileCandidateSource } from '../../../src/sources/file-candidate.source.js';
import { UrlCandidateSource } from '../../../src/sources/url-candidate.source.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURE = path.resolve(repoRoot, '../shared/fixtures/1kv-kusama-candidates-2022-07-01.json');

// Test-only: the chain layer owns the production codec.
const kusamaCodec: AddressCodec = {
  normalize(address) {
    try {
      return encodeAddress(decodeAddress(address, false, 2), 2);
    } catch {
      return null;
    }
  },
};

let server: Server;
let base: string;
const stalled: ServerResponse[] = [];

beforeAll(async () => {
  const fixture = readFileSync(FIXTURE);
  server = createServer((request, response) => {
    switch (request.url) {
      case '/candidates':
        response.writeHead(200, { 'content-type': 'application/json' }).end(fixture);
        return;
      case '/broken':
        response.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
        return;
      case '/silent':
        stalled.push(response); // never answers
        return;
      case '/stalled-body':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('[');
        stalled.push(response); // headers sent, body never finishes
        return;
      default:
        response.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of stalled) response.destroy();
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

async function failure(promise: Promise<unknown>): Promise<CandidateSourceError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CandidateSourceError);
  return error as CandidateSourceError;
}

describe('UrlCandidateSource', () => {
  it('fetches the 1KV /candidates response, which parses end to end', async () => {
    const source = new UrlCandidateSource(`${base}/candidates`, { timeoutMs: 10_000 });
    expect(source.describe()).toBe(`url ${base}/candidates`);

    const document = await source.fetch();
    expect(document.source).toBe(`${base}/candidates`);

    const { entries, rejected } = parseCandidates(document.body, kusamaCodec);
    expect(rejected).toEqual([]);
    expect(entries).toHaveLength(573);
    expect(entries.filter((entry) => entry.programmeValid === true)).toHaveLength(455);
  });

  it.each([
    ['/broken', 500],
    ['/missing', 404],
  ])('reports the status of a non-2xx answer (%s)', async (route, status) => {
    const error = await failure(new UrlCandidateSource(`${base}${route}`, { timeoutMs: 10_000 }).fetch());
    expect(error).toMatchObject({ kind: 'unavailable', code: 'CANDIDATE_SOURCE_HTTP_STATUS', status });
    expect(error.message).toContain(`HTTP ${status}`);
  });

  it.each(['/silent', '/stalled-body'])('gives up after the timeout (%s)', async (route) => {
    const started = performance.now();
    const error = await failure(new UrlCandidateSource(`${base}${route}`, { timeoutMs: 300 }).fetch());
    expect(error).toMatchObject({ code: 'CANDIDATE_SOURCE_TIMEOUT', status: null });
    expect(error.message).toContain('300 ms');
    // Well under the test timeout: the abort, not the test runner, ended it.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('reports an unreachable host', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');

    const error = await failure(new UrlCandidateSource(`http://127.0.0.1:${port}/`, { timeoutMs: 10_000 }).fetch());
    expect(error).toMatchObject({ code: 'CANDIDATE_SOURCE_UNREACHABLE', status: null });
  });
});

describe('FileCandidateSource', () => {
  it('reads a file', async () => {
    const source = new FileCandidateSource(FIXTURE);
    expect(source.describe()).toBe(`file ${FIXTURE}`);
    const document = await source.fetch();
    expect(document.source).toBe(FIXTURE);
    expect(parseCandidates(document.body, kusamaCodec).entries).toHaveLength(573);
  });

  it('reports a missing file', async () => {
    const missing = path.resolve(repoRoot, 'no-such-candidates.txt');
    const error = await failure(new FileCandidateSource(missing).fetch());
    expect(error).toMatchObject({ kind: 'unavailable', code: 'CANDIDATE_SOURCE_FILE' });
    expect(error.message).toContain(missing);
  });
});

describe('createCandidateSource', () => {
  it('builds the configured source', async () => {
    const fromUrl = createCandidateSource({ url: `${base}/candidates`, file: '' });
    expect(fromUrl).toBeInstanceOf(UrlCandidateSource);
    expect((await fromUrl.fetch()).body.length).toBeGreaterThan(0);

    const fromFile = createCandidateSource({ file: FIXTURE, url: null });
    expect(fromFile).toBeInstanceOf(FileCandidateSource);
    expect(fromFile.describe()).toBe(`file ${FIXTURE}`);
  });

  it('passes the timeout to a URL source', async () => {
    const source = createCandidateSource({ url: `${base}/silent`, timeoutMs: 200 });
    expect(await failure(source.fetch())).toMatchObject({ code: 'CANDIDATE_SOURCE_TIMEOUT' });
  });

  it.each([
    [{}, 'no candidate source'],
    [{ url: ' ', file: '' }, 'no candidate source'],
    [{ url: 'https://example.org/candidates', file: '/tmp/list.txt' }, 'only one'],
    [{ url: 'not a url' }, 'http(s) URL'],
    [{ url: 'file:///etc/passwd' }, 'http(s) URL'],
    [{ url: 'https://example.org/candidates', timeoutMs: 0 }, 'timeout'],
  ])('refuses %j', (config, messagePart) => {
    expect(() => createCandidateSource(config)).toThrow(
      expect.objectContaining({ kind: 'validation', code: 'CANDIDATE_SOURCE_CONFIG' }),
    );
    expect(() => createCandidateSource(config)).toThrow(messagePart);
  });
});
