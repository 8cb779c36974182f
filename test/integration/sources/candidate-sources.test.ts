import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCandidates } from '../../../src/domain/candidates/parse-candidates.js';
import type { AddressCodec } from '../../../src/domain/ports/wallet.js';
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
const MiB = 1024 * 1024;
/** Bytes the endless route wrote before its client hung up (it stops by itself at 64 MiB). */
let endlessSent = 0;

/** A body that never ends (chunked, no length): what a broken or hostile source may send. */
async function writeEndless(response: ServerResponse): Promise<void> {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('[');
  const chunk = Buffer.from(`"${'x'.repeat(64 * 1024 - 3)}",`);
  let closed = false;
  response.on('close', () => (closed = true));
  while (!closed && endlessSent < 64 * MiB) {
    endlessSent += chunk.length;
    if (!response.write(chunk)) await Promise.race([once(response, 'drain'), once(response, 'close')]);
  }
  response.end();
}

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
      case '/huge-declared':
        // Announces 64 MiB, sends a byte, then nothing: the length alone must be enough to refuse.
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * MiB) });
        response.write('[');
        stalled.push(response);
        return;
      case '/endless':
        void writeEndless(response);
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
    // Shown (logs, the snapshot's public `source`) as scheme, host and port: a URL may carry a key.
    expect(source.describe()).toBe(`url ${base}/…`);

    const document = await source.fetch();
    expect(document.source).toBe(`${base}/…`);

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

  it('refuses a body that declares more than the cap, without waiting for it', async () => {
    const started = performance.now();
    const error = await failure(
      new UrlCandidateSource(`${base}/huge-declared`, { timeoutMs: 10_000, maxBytes: MiB }).fetch(),
    );
    expect(error).toMatchObject({
      kind: 'unavailable',
      code: 'CANDIDATE_SOURCE_TOO_LARGE',
      details: { maxBytes: MiB },
    });
    expect(error.message).toContain(`CANDIDATES_MAX_BYTES (${MiB} bytes)`);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('stops reading a body without a length as soon as it passes the cap', async () => {
    const error = await failure(
      new UrlCandidateSource(`${base}/endless`, { timeoutMs: 20_000, maxBytes: MiB }).fetch(),
    );
    expect(error).toMatchObject({ code: 'CANDIDATE_SOURCE_TOO_LARGE' });
    // The transfer was aborted: the server got to write little more than the cap and the socket buffers.
    await expect.poll(() => endlessSent, { timeout: 5_000 }).toBeGreaterThan(MiB);
    expect(endlessSent).toBeLessThan(16 * MiB);
  });

  it('reads a document at the cap, and refuses a real one above a smaller cap', async () => {
    const size = readFileSync(FIXTURE).length;
    const atCap = new UrlCandidateSource(`${base}/candidates`, { timeoutMs: 10_000, maxBytes: size });
    expect(Buffer.byteLength((await atCap.fetch()).body)).toBe(size);
    const below = new UrlCandidateSource(`${base}/candidates`, { timeoutMs: 10_000, maxBytes: size - 1 });
    expect(await failure(below.fetch())).toMatchObject({ code: 'CANDIDATE_SOURCE_TOO_LARGE' });
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

  it('refuses a file larger than the cap', async () => {
    const size = readFileSync(FIXTURE).length;
    expect(Buffer.byteLength((await new FileCandidateSource(FIXTURE, size).fetch()).body)).toBe(size);
    const error = await failure(new FileCandidateSource(FIXTURE, MiB).fetch());
    expect(error).toMatchObject({ kind: 'unavailable', code: 'CANDIDATE_SOURCE_TOO_LARGE' });
    expect(error.message).toContain(FIXTURE);
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

  it('passes the size cap to either source', async () => {
    for (const config of [{ url: `${base}/candidates` }, { file: FIXTURE }])
      expect(await failure(createCandidateSource({ ...config, maxBytes: MiB }).fetch())).toMatchObject({
        code: 'CANDIDATE_SOURCE_TOO_LARGE',
      });
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
    [{ url: 'https://example.org/candidates', maxBytes: 0 }, 'size cap'],
  ])('refuses %j', (config, messagePart) => {
    expect(() => createCandidateSource(config)).toThrow(
      expect.objectContaining({ kind: 'validation', code: 'CANDIDATE_SOURCE_CONFIG' }),
    );
    expect(() => createCandidateSource(config)).toThrow(messagePart);
  });
});
