import type { KeyringPair } from '@polkadot/keyring/types';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../../support/browser.js';
import { httpJson } from '../../support/http-json.js';
import { signedEnvelope } from '../../support/wallet.js';
import { startWebScenario, type WebScenario } from '../../support/web-scenario.js';

/**
 * The delegation pages in a real browser with a test wallet: join in one click (opt-in signed,
 * setup call signed and submitted, steps until active), a round nominates, My staking shows the
 * validators by name and the round; leave in one click and remove the proxy; an API error in
 * words; and, at phone width, a pending delegation finished with a setup call built in the page.
 */
let s: WebScenario;
let user: KeyringPair;
beforeAll(async () => {
  s = await startWebScenario('delegation', { waiting: 5 });
  user = s.pair('//Web//delegation//user');
  await s.chain.fund([user.address], 100);
}, 240_000);
afterAll(async () => s?.stop());

const status = (page: Page) => page.getByTestId('delegation-status').first().innerText();
const proxiesOnChain = async (address: string) => {
  const [definitions] = (await s.chain.api.query.proxy!.proxies!(address)) as unknown as [unknown[]];
  return definitions.length;
};

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

async function connect(page: Page) {
  await page.getByRole('button', { name: 'Connect wallet' }).click();
  const account = page.getByRole('combobox', { name: 'Account' });
  await expect.poll(() => account.count(), { timeout: 15_000 }).toBe(1);
  await account.selectOption({ index: 1 });
}

describe('joining and leaving NDeST in the browser', () => {
  // Each signed transaction waits for a block of the local chain: generous deadlines for a loaded machine.
  it(
    'joins in one click, is nominated by a round, leaves in one click, and shows an API error in words',
    { timeout: 420_000 },
    async () => {
      const { page, context, wallet } = await s.openApp([user]);
      try {
        await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Stake with NDeST');
        await connect(page);
        // The account as the chain and NDeST see it.
        await expect.poll(() => status(page), { timeout: 15_000 }).toMatch(/Not delegating/);
        await expect.poll(() => page.getByText('Not bonded').count(), { timeout: 20_000 }).toBe(1);
        await expect.poll(() => page.getByTestId('operator-proxy').innerText()).toMatch(/holds no Staking/);
        await screenshot(page, 'join');

        // Validated before anything is signed: the chain's minimum bond.
        await page.getByLabel(/Amount to bond/).fill('0.000001');
        await page.getByRole('button', { name: 'Join NDeST' }).click();
        await expect.poll(() => page.getByText(/Bond at least/).count()).toBe(1);
        expect(wallet.requests).toHaveLength(0);

        await page.getByLabel(/Amount to bond/).fill('50');
        await page.getByRole('button', { name: 'Join NDeST' }).click();
        const step = (id: string) => page.locator(`li[data-step="${id}"]`).getAttribute('data-state');
        await expect
          .poll(() => step('active'), { timeout: 150_000, interval: 500 })
          .toBe('done')
          .catch(async (e: Error) => {
            // What the page said when it stopped moving.
            const log = s.service
              .output()
              .split('\n')
              .filter((l) => /watch|error|warn/i.test(l))
              .slice(-30)
              .join('\n');
            throw new Error(`${e.message}\n${await page.locator('main').innerText()}\n${log}`);
          });
        for (const id of ['opt-in', 'setup', 'watch']) expect(await step(id)).toBe('done');
        expect(wallet.requests.map((r) => r.kind)).toEqual(['signRaw', 'signPayload']);
        await expect.poll(() => status(page), { timeout: 15_000 }).toMatch(/^active/);
        await expect
          .poll(() => page.getByTestId('operator-proxy').innerText(), { timeout: 15_000 })
          .toMatch(/operator holds a Staking proxy with no delay/);
        await screenshot(page, 'join-steps');

        // A round nominates the new delegator.
        const started = await s.adminPost('/rounds', { dryRun: false });
        expect(started.status, JSON.stringify(started.body)).toBe(202);
        const roundId: string = started.body.round.id;
        await expect
          .poll(async () => (await s.get(`/v1/rounds/${roundId}`)).body.round.status, {
            timeout: 150_000,
            interval: 500,
          })
          .toBe('completed');

        await nav(page, 'My staking').click();
        await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('My staking');
        const names = page.locator('table.nominations .validator-name');
        await expect.poll(() => names.allInnerTexts(), { timeout: 30_000 }).toHaveLength(4);
        const shown = await names.allInnerTexts();
        for (const name of shown) expect(s.validators.map((v) => v.name)).toContain(name);
        await expect.poll(() => page.locator(`a[href="#/rounds/${roundId}"]`).count()).toBeGreaterThan(0);
        await expect
          .poll(() => page.getByRole('link', { name: 'Replay this round' }).count(), { timeout: 15_000 })
          .toBe(4);
        // The chain shows the same nominations (the nomination was sent through the proxy).
        await expect
          .poll(() => page.locator('table.nominations td:nth-child(2)').allInnerTexts(), { timeout: 30_000 })
          .toEqual(['Yes', 'Yes', 'Yes', 'Yes']);
        expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
          `/v1/delegations/${encodeURIComponent(user.address)}/rewards?format=csv`,
        );
        expect(await page.locator('table').filter({ hasText: 'opted in by a signed request' }).count()).toBe(1);
        await screenshot(page, 'my-staking');

        // Leaving is one click; the proxy is removed with one more.
        await nav(page, 'Join').click();
        await page.getByRole('button', { name: 'Leave NDeST' }).click();
        await expect.poll(() => page.getByText(/You left NDeST/).count(), { timeout: 15_000 }).toBe(1);
        await expect.poll(() => status(page), { timeout: 15_000 }).toMatch(/^opted_out/);
        expect((await s.get(`/v1/delegations/${user.address}`)).body.delegation.status).toBe('opted_out');
        await page.getByRole('button', { name: "Remove NDeST's proxy" }).click();
        await expect.poll(() => proxiesOnChain(user.address), { timeout: 120_000, interval: 500 }).toBe(0);
        await expect.poll(() => page.getByText(/proxy is removed/).count(), { timeout: 15_000 }).toBe(1);

        // The same account opted in meanwhile (another tab): joining here again is refused, in words.
        const genesis = s.chain.api.genesisHash.toHex();
        const behind = await httpJson('POST', `${s.base}/v1/delegations`, signedEnvelope(user, 'opt-in', genesis));
        expect(behind.status, JSON.stringify(behind.body)).toBe(201);
        await page.getByRole('button', { name: 'Join NDeST' }).click();
        const alert = page.getByRole('alert').filter({ hasText: 'DELEGATION_EXISTS' });
        await expect.poll(() => alert.count(), { timeout: 15_000 }).toBe(1);
        expect(await alert.innerText()).toMatch(/This account already delegates to NDeST\./);
      } finally {
        await context.close();
      }
    },
  );

  it(
    'finishes a pending delegation at phone width with a setup call built in the page, without overflow',
    { timeout: 240_000 },
    async () => {
      const { page, context } = await s.openApp([user], { phone: true });
      try {
        await connect(page);
        await expect.poll(() => status(page), { timeout: 15_000 }).toMatch(/^pending/);
        const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        await expect
          .poll(() => page.getByRole('button', { name: 'Sign and submit the setup call' }).count(), {
            timeout: 20_000,
          })
          .toBe(1);
        expect(await overflow()).toBeLessThanOrEqual(0);
        await screenshot(page, 'join-phone');
        await page.getByRole('button', { name: 'Sign and submit the setup call' }).click();
        await expect.poll(() => status(page), { timeout: 150_000, interval: 500 }).toMatch(/^active/);
        expect(await proxiesOnChain(user.address)).toBe(1);
        expect(await overflow()).toBeLessThanOrEqual(0);
      } finally {
        await context.close();
      }
    },
  );
});
