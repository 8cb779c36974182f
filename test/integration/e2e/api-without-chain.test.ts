import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevChain, type DevChain } from '../../support/dev-chain.js';
import { httpJson } from '../../support/http-json.js';
import {
  freePort,
  startServiceProcess,
  until,
  waitForHttp,
  type ServiceProcess,
} from '../../support/service-processes.js';
import { createTestDatabase, testRedisUrl, uniquePrefix, type TestDatabase } from '../../support/test-env.js';

/**
 * The API process started while no chain endpoint answers: it serves what needs no chain, says
 * what is missing, refuses chain work with 503, and becomes ready once a node appears on the
 * endpoint. The endpoint carries a provider-style key, which none of its output may show.
 */
const KEY_PARTS = ['pw9876', 'secretkey123', 'apikey', 'abc999'];
let db: TestDatabase;
let api: ServiceProcess | undefined;
let chain: DevChain | undefined;
let forwarder: net.Server | undefined;
let chainPort: number;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase('nochain');
  chainPort = await freePort();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  api = startServiceProcess('api-main', {
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix('nochain'),
    // Nothing listens there yet.
    CHAIN_ENDPOINTS: `ws://user:pw9876@127.0.0.1:${chainPort}/secretkey123?apikey=abc999`,
    ADMIN_TOKEN: 'nochain-admin-token-0123',
    CANDIDATES_URL: 'http://127.0.0.1:9/candidates',
    PORT: String(port),
  });
}, 120_000);

afterAll(async () => {
  await api?.kill();
  forwarder?.close();
  await chain?.close();
  await db?.drop();
});

describe('the API process while no chain endpoint answers', () => {
  it('starts: live, not ready (naming the chain), read routes answer, chain work is refused with 503', async () => {
    // Before the fix the process waited for the chain before listening: this timed out.
    await waitForHttp(base, api!, 60_000);
    expect((await httpJson('GET', `${base}/health/live`)).status).toBe(200);

    const ready = await httpJson('GET', `${base}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('unavailable');
    expect(ready.body.checks).toMatchObject({ postgres: 'ok', redis: 'ok' });
    expect(ready.body.checks.chain).toMatch(
      new RegExp(`^error: not connected yet \\(trying endpoint 1 of 1: ws://127\\.0\\.0\\.1:${chainPort}/…\\)$`),
    );

    expect((await httpJson('GET', `${base}/v1/rounds`)).status).toBe(200);
    expect((await httpJson('GET', `${base}/v1/stats`)).status).toBe(200);
    // No snapshot yet: an answer from the database, not a failure.
    expect((await httpJson('GET', `${base}/v1/candidates`)).status).toBeLessThan(500);
    // A Kusama address is checked with the network's prefix until the chain gives its own.
    const unknown = await httpJson('GET', `${base}/v1/delegations/HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F`);
    expect(unknown.status, JSON.stringify(unknown.body)).toBe(404);

    const optIn = await httpJson('POST', `${base}/v1/delegations`, {
      payload: {
        address: 'HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F',
        nonce: 'nochain-nonce-0123456789',
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      },
      signature: `0x${'00'.repeat(64)}`,
    });
    expect(optIn.status, JSON.stringify(optIn.body)).toBe(503);
    expect(optIn.body.error.code).toBe('CHAIN_UNAVAILABLE');
    for (const part of KEY_PARTS) expect(JSON.stringify(optIn.body)).not.toContain(part);
  }, 90_000);

  it('becomes ready once a node answers on the endpoint', async () => {
    chain = await startDevChain();
    const { port: targetPort } = new URL(chain.endpoint);
    // The endpoint's port now leads to the local chain.
    forwarder = net.createServer((client) => {
      const upstream = net.connect(Number(targetPort), '127.0.0.1');
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => forwarder!.listen(chainPort, '127.0.0.1', resolve));

    // The connection retries every endpoint with a growing wait (at most 30 s).
    const ready = await until(
      'the API to report ready',
      async () => {
        const res = await httpJson('GET', `${base}/health/ready`);
        return res.status === 200 ? res : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    expect(ready.body.checks.chain).toBe('ok');
  }, 240_000);

  it('never shows the key of its endpoint in its output', () => {
    const output = api!.output();
    // The chain library's console lines went through the logger, with the endpoint redacted.
    expect(output).toMatch(/"origin":"API-WS"[^\n]*ws:\/\/127\.0\.0\.1:\d+\/…/);
    for (const part of KEY_PARTS) expect(output).not.toContain(part);
  });
});
