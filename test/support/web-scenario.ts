import type { KeyringPair } from '@polkadot/keyring/types';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { advanceEra } from './chain-era.js';
import { startDevChain, type DevChain } from './dev-chain.js';
import { httpJson } from './http-json.js';
import { serveJson, type JsonServer } from './json-server.js';
import { injectTestWallet, launchBrowser, type TestWallet } from './browser.js';
import { serviceEnv } from './service-scenario.js';
import {
  freePort,
  startServiceProcess,
  until,
  waitForChainReady,
  waitForHttp,
  waitForLog,
  type ServiceProcess,
} from './service-processes.js';
import { createTestDatabase, type TestDatabase } from './test-env.js';

const PERCENT = 10_000_000; // Perbill per percent

export interface WebScenario {
  chain: DevChain;
  /** The service (API, workers and the web app, all in one process) on 127.0.0.1. */
  base: string;
  adminToken: string;
  operator: KeyringPair;
  /** Waiting validators of the programme's list, with their names in it. */
  validators: { address: string; name: string }[];
  browser: Browser;
  service: ServiceProcess;
  pair(uri: string): KeyringPair;
  /** A fresh browser context (phone width optional) with a test wallet holding `pairs`. */
  openApp(
    pairs: KeyringPair[],
    options?: { phone?: boolean; path?: string },
  ): Promise<{
    context: BrowserContext;
    page: Page;
    wallet: TestWallet;
  }>;
  adminPost(path: string, body?: unknown): Promise<{ status: number; body: any }>;
  adminPut(path: string, body?: unknown): Promise<{ status: number; body: any }>;
  get(path: string): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/**
 * The whole product for a browser test: a local Kusama Asset Hub (real runtime), `waiting`
 * validators of the programme besides the genesis ones (their list served over HTTP on
 * 127.0.0.1), the service in one process (`npm start`'s entry point, so the web app is served as
 * users get it) on its own database and queue prefix, and Debian's Chromium.
 */
export async function startWebScenario(
  label: string,
  options: { waiting?: number; overrides?: Record<string, string> } = {},
): Promise<WebScenario> {
  const adminToken = `web-admin-token-${label}-0123456789`;
  const chain = await startDevChain({ runtime: 'asset-hub', mode: 'Manual' });
  const pair = (uri: string) => chain.keyring.addFromUri(uri);
  const cleanup: Array<() => Promise<unknown>> = [() => chain.close()];
  try {
    const validators = Array.from({ length: options.waiting ?? 5 }, (_, i) => ({
      address: pair(`//Web//${label}//V${i + 1}`).address,
      name: `independent-${i + 1}`,
    }));
    for (let i = 0; i < validators.length; i++)
      await chain.createValidator(pair(`//Web//${label}//V${i + 1}`), { commission: 5 * PERCENT, blocked: false });
    // Asset Hub's genesis era elects nobody: start from an era with an active set (the genesis validators).
    await advanceEra(chain);
    const operator = pair(`//Web//${label}//operator`);
    await chain.fund([operator.address], 1_000);
    const entry = (stash: string, name: string) => ({ stash, name, valid: true, active: false, validity: [] });
    const candidates: JsonServer = await serveJson(validators.map((v) => entry(v.address, v.name)));
    cleanup.push(() => candidates.close());
    const db: TestDatabase = await createTestDatabase(`web_${label.replace(/\W/g, '_')}`);
    cleanup.push(() => db.drop());
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = serviceEnv({
      label: `web-${label}`,
      databaseUrl: db.url,
      chain,
      operatorSeed: `//Web//${label}//operator`,
      adminToken,
      candidatesUrl: candidates.url,
      port,
      overrides: {
        WATCH_INTERVAL_MS: '1000',
        ERA_POLL_MS: '500',
        INDEX_INTERVAL_MS: '300',
        PAYOUT_INTERVAL_MS: '600000',
        POOLS_TICK_MS: '1000',
        COLLECTIVES_TICK_MS: '1000',
        GOVERNANCE_TICK_MS: '500',
        ...options.overrides,
      },
    });
    const service = startServiceProcess('all', env);
    cleanup.unshift(() => service.kill());
    await waitForHttp(base, service);
    await waitForChainReady(base, service);
    await waitForLog(service, /first active era seen/);
    await until(
      'the native token to be listed',
      async () => ((await httpJson('GET', `${base}/v1/tokens/KSM`)).status === 200 ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const browser = await launchBrowser();
    cleanup.unshift(() => browser.close());
    const admin = { authorization: `Bearer ${adminToken}` };
    return {
      chain,
      base,
      adminToken,
      operator,
      validators,
      browser,
      service,
      pair,
      openApp: async (pairs, { phone = false, path = '/' } = {}) => {
        const context = await browser.newContext({
          baseURL: base,
          viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
          ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
        });
        const wallet = await injectTestWallet(context, pairs);
        const page = await context.newPage();
        await page.goto(path);
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).count(), { timeout: 30_000 })
          .toBeGreaterThan(0);
        return { context, page, wallet };
      },
      adminPost: (path, body) => httpJson('POST', `${base}/v1/admin${path}`, body, admin),
      adminPut: (path, body) => httpJson('PUT', `${base}/v1/admin${path}`, body, admin),
      get: (path) => httpJson('GET', `${base}${path}`),
      stop: async () => {
        for (const step of cleanup) await step().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const step of cleanup) await step().catch(() => undefined);
    throw error;
  }
}
