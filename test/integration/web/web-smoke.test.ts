/**
 * The web app as a whole: served at `/`, every main page reachable from the navigation by its
 * name, with the keyboard too; the page talks to nothing but the NDeST API and the chain endpoint
 * the service names, and no policy violation or script error shows in the console. A reload keeps
 * the tab's wallet connection and account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebScenario, type WebScenario } from '../../support/web-scenario.js';

let s: WebScenario;
beforeAll(async () => {
  s = await startWebScenario('smoke', { waiting: 2 });
}, 240_000);
afterAll(async () => s?.stop());

const PAGES: Array<[string, RegExp]> = [
  ['My staking', /my staking/i],
  ['Public record', /public record/i],
  ['Collectives', /collectives/i],
  ['Spending pools', /spending pools/i],
  ['Join', /.+/],
];

describe('the web app', () => {
  it('is served at /, connects the injected wallet and reaches every page, talking only to the API and the chain', async () => {
    const user = s.pair('//Web//smoke//user');
    const { page, context } = await s.openApp([user]);
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('websocket', (ws) => requests.push(ws.url()));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));

    await page.getByRole('button', { name: 'Connect wallet' }).first().click();
    const account = page.getByRole('combobox', { name: 'Account' });
    await expect.poll(() => account.count()).toBe(1);
    await account.selectOption(user.address);

    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [name, heading] of PAGES) {
      await nav.getByRole('link', { name, exact: true }).click();
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).first().textContent(), { timeout: 15_000 })
        .toMatch(heading);
    }

    // The keyboard reaches the skip link first, then the navigation.
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    // A reload keeps the tab's wallet connection and the chosen account.
    await expect.poll(() => account.inputValue(), { timeout: 15_000 }).toBe(user.address);

    const chainEndpoint = s.chain.endpoint.replace(/\/$/, '');
    const elsewhere = requests.filter(
      (u) => !u.startsWith(s.base) && !u.startsWith(chainEndpoint) && !u.startsWith('data:'),
    );
    expect(elsewhere).toEqual([]);
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    await context.close();
  });
});
