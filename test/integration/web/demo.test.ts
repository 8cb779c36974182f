/**
 * `npm run demo` as a newcomer meets it: `scripts/demo.ts` itself, run as a child process (its own
 * ports, database and queue prefix), prints its URL; in Chromium without any wallet extension,
 * the demo accounts sign, the account joins, and "Advance era" drives the local chain until a
 * round nominated the account, the election counted its stake, and the era's rewards were paid
 * and shown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../../src/infra/postgres-admin.js';
import { withDatabaseName } from '../../../src/infra/postgres-url.js';
import { launchBrowser, screenshot } from '../../support/browser.js';
import { repoRoot } from '../../support/dev-chain.js';
import { httpJson } from '../../support/http-json.js';
import { until } from '../../support/service-processes.js';
import { testDatabaseUrl, testRedisUrl, uniquePrefix } from '../../support/test-env.js';

let demo: ChildProcess;
let output = '';
let demoExited: Promise<void>;
let base: string;
let databaseName: string;
let browser: Browser;

const get = (p: string) => httpJson('GET', `${base}${p}`);

beforeAll(async () => {
  databaseName = uniquePrefix('demo');
  demo = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'demo.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DEMO_PORT: '0',
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: testRedisUrl(),
      DEMO_DATABASE: databaseName,
      DEMO_QUEUE_PREFIX: uniquePrefix('demo'),
      // The browser's polls and the test's own come from one address.
      RATE_LIMIT_READ_PER_MIN: '0',
      RATE_LIMIT_SIGNED_PER_MIN: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  demo.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  demo.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  demoExited = new Promise((resolve) => demo.once('exit', () => resolve()));
  // `until` retries a probe that throws: an exit must end the wait at once, with what it printed.
  const exitedEarly = demoExited.then(() => {
    throw new Error(`the demo exited before it was ready:\n${output.slice(-3000)}`);
  });
  const printed = until(
    'the demo to print its URL',
    async () => /NDeST demo ready: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1],
    { timeoutMs: 180_000, intervalMs: 200 },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; it printed:\n${output.slice(-3000)}`);
  });
  base = await Promise.race([printed, exitedEarly]);
  exitedEarly.catch(() => undefined);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (demo && demo.exitCode === null) {
    demo.kill('SIGTERM');
    await Promise.race([demoExited, new Promise((r) => setTimeout(r, 30_000))]);
  }
  if (databaseName) await dropDatabase(withDatabaseName(testDatabaseUrl(), databaseName)).catch(() => undefined);
}, 60_000);

/** The demo panel's "Next:" sentence. */
const nextStep = (page: Page) => page.locator('.demo-next').innerText();
const activeEra = async (page: Page) =>
  Number(/Active era: (\d+)/.exec(await page.getByRole('status').filter({ hasText: 'Active era' }).innerText())?.[1]);

async function advanceEra(page: Page): Promise<number> {
  const before = await activeEra(page);
  await page.getByRole('button', { name: 'Advance era' }).click();
  await expect.poll(() => activeEra(page), { timeout: 60_000 }).toBe(before + 1);
  return before + 1;
}

/** Joins with the Join page's "Join NDeST": the demo keys sign the opt-in and the setup call. */
async function join(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Join', exact: true }).click();
  const button = page.getByRole('button', { name: 'Join NDeST' });
  // Enabled once the page has read the account on chain: then it asks for an amount if unbonded.
  await expect.poll(() => button.isEnabled(), { timeout: 45_000 }).toBe(true);
  await page.getByLabel(/Amount to bond/).fill('500');
  await button.click();
}

describe('npm run demo', () => {
  it('lets a newcomer without a wallet join with a demo account, advance eras, get nominated and see rewards', async () => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await story(page, problems);
    } catch (error) {
      // What the visitor saw when it went wrong.
      const text = await page
        .locator('body')
        .innerText()
        .catch(() => '(no page)');
      await page
        .screenshot({ path: path.join(os.tmpdir(), 'ndest-demo-test-failure.png'), fullPage: true })
        .catch(() => undefined);
      throw new Error(
        `${(error as Error).message}\n--- the page said:\n${text}\n--- the demo printed:\n${output.slice(-2000)}`,
        { cause: error },
      );
    } finally {
      await context.close();
    }
  });
});

async function story(page: Page, problems: string[]): Promise<void> {
  await page.goto('/');

  // Clearly marked, and no wallet needed.
  const panel = page.getByRole('complementary', { name: /Demo mode/ });
  await expect.poll(() => panel.isVisible(), { timeout: 30_000 }).toBe(true);
  expect(await panel.getByRole('heading').first().innerText()).toBe('Demo mode: local chain, test keys, nothing real');
  expect(await nextStep(page)).toMatch(/Use demo accounts/);
  // The first era with an active set (the genesis era elects nobody).
  await expect.poll(() => activeEra(page), { timeout: 15_000 }).toBe(1);

  await page.getByRole('button', { name: 'Use demo accounts' }).click();
  const account = page.getByRole('combobox', { name: 'Account' });
  await expect.poll(() => account.count(), { timeout: 15_000 }).toBe(1);
  const { accounts } = (await get('/v1/demo')).body as { accounts: { name: string; address: string }[] };
  expect(accounts.map((a) => a.name)).toEqual(['Demo 1', 'Demo 2', 'Demo 3']);
  const me = accounts[0]!.address;
  await account.selectOption(me);
  await expect.poll(() => page.getByText(/DEMO signer/).isVisible()).toBe(true);

  await join(page);
  await until(
    'the delegation to be active',
    async () => ((await get(`/v1/delegations/${me}`)).body.delegation?.status === 'active' ? true : undefined),
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  await expect.poll(() => nextStep(page), { timeout: 45_000 }).toMatch(/Press "Advance era".*round/);

  // The new era starts a round, which nominates the account.
  const roundEra = await advanceEra(page);
  await expect
    .poll(() => nextStep(page), { timeout: 90_000 })
    .toMatch(new RegExp(`You nominate 4 validators since era ${roundEra}`));
  const { delegation } = (await get(`/v1/delegations/${me}`)).body;
  expect(delegation.drawnInEra).toBe(roundEra);
  const programme = (await get('/v1/candidates')).body.candidates as { stash: string; name: string | null }[];
  for (const t of delegation.targets) expect(programme.map((c) => c.stash)).toContain(t);
  const round = (await get('/v1/rounds?limit=1')).body.rounds[0];
  expect(round).toMatchObject({ activeEra: roundEra, status: 'completed', trigger: 'era' });

  // The next era's election counts the stake; the one after ends it, and it pays.
  const electedEra = await advanceEra(page);
  await expect.poll(() => nextStep(page), { timeout: 45_000 }).toMatch(/Your stake counts in era/);
  await advanceEra(page);
  const rewards = await until(
    'rewards of the era the stake counted in',
    async () => {
      const body = (await get(`/v1/delegations/${me}/rewards`)).body;
      return body.rewards.length > 0 ? body : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 1_000 },
  );
  expect(rewards.rewards.every((r: { era: number }) => r.era === electedEra)).toBe(true);
  expect(new Set(rewards.rewards.map((r: { validator: string }) => r.validator)).size).toBeGreaterThan(0);
  await expect.poll(() => nextStep(page), { timeout: 45_000 }).toMatch(/Rewards arrived/);
  expect(await panel.getByText('Rewards so far').isVisible()).toBe(true);
  await expect.poll(() => panel.locator('li[data-state="done"]').count()).toBe(5);
  await screenshot(page, 'demo');

  // My staking lists the rewards of that era.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My staking', exact: true }).click();
  const rewardsRegion = page.getByRole('region', { name: 'Rewards per era' });
  const eraCell = rewardsRegion.getByRole('cell', { name: String(electedEra), exact: true });
  await expect.poll(() => eraCell.count(), { timeout: 45_000 }).toBeGreaterThan(0);
  // Its nominations, by the names the programme's list gives them.
  const nominations = page.getByRole('region', { name: 'Current nominations' });
  const names = programme.filter((c) => delegation.targets.includes(c.stash)).map((c) => c.name!);
  expect(names).toHaveLength(4);
  for (const name of names) await expect.poll(() => nominations.getByText(name).count()).toBeGreaterThan(0);
  expect(problems).toEqual([]);
}
