/**
 * The public record in the browser: two wallets joined and nominated by a round, and an era in
 * which some of their targets entered the active set. The record page shows the totals, the
 * validators that entered per era (chart and table) and the round in the log; the round's page
 * replays every draw in the browser and finds them matching, the seed derived from the recorded
 * block hash and that hash read from the chain by the browser itself, beside the service's verdict;
 * both pages read at phone width.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../../support/browser.js';
import { advanceEra, electedValidators, activeEraIndex } from '../../support/chain-era.js';
import { fundAndBond, joinAndRunRound } from '../../support/service-scenario.js';
import { until } from '../../support/service-processes.js';
import { startWebScenario, type WebScenario } from '../../support/web-scenario.js';

let s: WebScenario;
let round: any;
let enteredEra: number;
let entered: string[];

const started = Date.now();
const progress = (what: string) => console.log(`record: ${what} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

beforeAll(async () => {
  s = await startWebScenario('record', { waiting: 5 });
  progress('scenario started');
  const wallets: KeyringPair[] = [s.pair('//Web//record//alice'), s.pair('//Web//record//bob')];
  await fundAndBond(s.chain, wallets, 1_000, 100n);
  progress('wallets bonded');
  round = (await joinAndRunRound(s.chain, s.base, s.adminToken, wallets)).round;
  progress(`round ${round.id} completed`);

  // The next era elects two of the validators the round nominated, next to the sitting set.
  const detail = (await s.get(`/v1/rounds/${round.id}`)).body;
  const nominated = [...new Set<string>(detail.selections.flatMap((x: any) => x.targets))].sort();
  entered = nominated.slice(0, 2);
  const sitting = await electedValidators(s.chain, await activeEraIndex(s.chain));
  enteredEra = await advanceEra(s.chain, { elected: [...sitting, ...entered] });
  progress(`era ${enteredEra} started`);
  await until(
    'the service to record who entered the active set',
    async () => {
      const era = (await s.get('/v1/stats')).body.eras.find((e: any) => e.era === enteredEra);
      return era?.entered.length === entered.length ? true : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 300 },
  );
  progress('era figures recorded');
}, 420_000); // ~90 s alone; several times that while other chain tests share the two cores
afterAll(async () => s?.stop());

describe('the public record', () => {
  it('shows the totals, the validators that entered the active set per era, and the round in the log', async () => {
    const { page, context } = await s.openApp([], { path: '/#/record' });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Public record');

    const figure = (name: string) => page.locator('.record-figures > div').filter({ hasText: name });
    await expect
      .poll(() => figure('Active delegators').textContent(), { timeout: 15_000 })
      .toMatch(/Active delegators\s*2$/);
    expect(await figure('entered the active set').textContent()).toMatch(new RegExp(`${entered.length}$`));
    expect(await figure('Stake under management').textContent()).toMatch(/KSM.*planck/);
    expect(await page.getByRole('row', { name: /^Active 2$/ }).count()).toBe(1);

    // The chart has an accessible name, and the same figures are in the table.
    const chart = page.getByRole('img', { name: /entered the active set while NDeST nominated them/ });
    await expect.poll(() => chart.count()).toBe(1);
    const eraRow = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: String(enteredEra), exact: true }) });
    await expect.poll(() => eraRow.count()).toBe(1);
    expect((await eraRow.getByRole('cell').first().textContent())?.trim().startsWith(String(entered.length))).toBe(
      true,
    );

    // The round in the log: a link to its page, its status, era, selections and seed.
    const link = page.getByRole('link', { name: `Round ${round.id}`, exact: true });
    await expect.poll(() => link.count(), { timeout: 15_000 }).toBe(1);
    const row = page.getByRole('row').filter({ has: link });
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('completed');
    await expect.poll(() => row.getByRole('cell').nth(3).textContent()).toBe('2');
    expect(await row.textContent()).toContain(round.seed);
    await screenshot(page, 'public-record');

    await link.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Round ${round.id}`);
    await context.close();
  });

  it("replays the round's draw in the browser: every draw and the seed match, and the service agrees", async () => {
    const { page, context } = await s.openApp([], { path: `/#/rounds/${round.id}` });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Round ${round.id}`);
    await expect.poll(() => page.getByText(round.seed).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // The drawn targets carry their names in the programme's list.
    const selections = page.getByRole('region', { name: 'Selections' });
    await expect.poll(() => selections.getByText(/^independent-\d /).count(), { timeout: 15_000 }).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Replay the draw in this browser' }).click();
    const verdict = page.getByRole('status').filter({ hasText: 'Replayed in your browser' });
    await expect.poll(() => verdict.textContent(), { timeout: 60_000 }).toContain('all 2 draws match');
    const text = (await verdict.textContent()) ?? '';
    expect(text).toContain('The seed matches');
    expect(text).toContain(`The seed block matches the chain: block #${round.seedBlockNumber} has the recorded hash`);
    expect(text).toContain('is the one the service lists for this round');
    expect(await page.getByRole('cell', { name: 'matches', exact: true }).count()).toBe(2);
    await expect
      .poll(() => page.getByText("The service's own replay").locator('..').textContent(), { timeout: 30_000 })
      .toContain('every draw matches');
    await screenshot(page, 'round-replay');

    // At phone width neither the round (with its replay) nor the record scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('link', { name: '← Public record' }).click();
    await expect.poll(() => page.getByRole('link', { name: `Round ${round.id}`, exact: true }).count()).toBe(1);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await context.close();
  });
});
