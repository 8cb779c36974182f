import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../src/api/routes/app-config.routes.js';
import { webModule } from '../../../src/modules/web/module.js';
import { testApp, type TestApp } from './test-app.js';

const config: AppConfig = {
  network: 'kusama',
  chain: {
    endpoint: 'wss://asset-hub.example:443',
    genesisHash: `0x${'ab'.repeat(32)}`,
    ss58Prefix: 2,
    token: { symbol: 'KSM', decimals: 12 },
    connected: true,
  },
  operator: 'HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F',
  targetsPerDelegator: 4,
  demo: false,
};

let dist: string;
let built: TestApp;
let unbuilt: TestApp;

beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'ndest-web-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>NDeST</title><div id="root"></div>');
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log("app")');
  built = await testApp({ routes: webModule({ appConfig: () => config, root: dist }).routes! });
  unbuilt = await testApp({
    routes: webModule({ appConfig: () => config, root: path.join(dist, 'missing') }).routes!,
  });
});
afterAll(async () => {
  await built.app.close();
  await unbuilt.app.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the web app at /', () => {
  it('serves the built page with a policy that allows the API and the chain endpoint only', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<div id="root">');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self' wss://asset-hub.example:443");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toMatch(/https?:\/\//);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets as immutable', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('leaves every other path to the API: an unknown one is still the JSON 404', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/no-such-page' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBeTypeOf('string');
  });

  it('says how to build the app when it is not built', async () => {
    const res = await unbuilt.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
  });
});

describe('GET /v1/app-config', () => {
  it('tells the app the network, the chain endpoint for browsers, the genesis hash and the operator', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/v1/app-config' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(config);
  });
});
