/**
 * Staking collectives in the browser: with a spending pool and an active NDeST delegation set up
 * through the API, a collective is created through the UI form (its page then shows it with its
 * contributor and status), the form refuses shares that do not add up before anything is signed,
 * the API's NAME_TAKEN shows in plain words, the contributor locks and donates through the UI, and as
 * an owner proposes an update that the collective's proposals then list. In a collective open to
 * everyone, another stash contributes through the form (more than its bond first: BOND_NOT_COVERED in
 * words) and withdraws everything.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../../support/browser.js';
import { httpJson } from '../../support/http-json.js';
import { fundAndBond } from '../../support/service-scenario.js';
import { until } from '../../support/service-processes.js';
import { signedEnvelope } from '../../support/wallet.js';
import { optInThroughApi } from '../../support/wallet-opt-in.js';
import { startWebScenario, type WebScenario } from '../../support/web-scenario.js';

const NAME = 'webcommons';
const POOL = 'webgrants';

let s: WebScenario;
let creator: KeyringPair;
/** Creates "opencommons" through the API, open to every contributor. */
let host: KeyringPair;
/** Contributes to it and withdraws through the UI. */
let partner: KeyringPair;
const OPEN = 'opencommons';

beforeAll(async () => {
  s = await startWebScenario('collectives', { waiting: 1 });
  const genesis = s.chain.api.genesisHash.toHex();
  // 150 base units at KSM's rate of 1: the creator commits at least 15 KSM.
  const props = await s.adminPut('/network-properties', { minCollectiveBond: '150', minCollectiveClaimPeriod: 1 });
  expect(props.status, JSON.stringify(props.body)).toBeLessThan(300);

  const poolOwner = s.pair('//Web//collectives//pool-owner');
  const pool = await httpJson(
    'POST',
    `${s.base}/v1/spending-pools`,
    signedEnvelope(poolOwner, 'pool.create', genesis, {
      name: POOL,
      dynamicRate: true,
      dynamicRatePeriod: 60,
      beneficiaries: { accounts: [{ address: poolOwner.address, weight: '1' }], roles: [] },
    }),
  );
  expect(pool.status, JSON.stringify(pool.body)).toBe(201);

  creator = s.pair('//Web//collectives//creator');
  host = s.pair('//Web//collectives//host');
  partner = s.pair('//Web//collectives//partner');
  await fundAndBond(s.chain, [creator, host, partner], 1_000, 100n);
  for (const p of [creator, host, partner]) await optInThroughApi(s.chain, s.base, p);
  for (const p of [creator, host, partner])
    await until(
      `${p.address} to be an active delegation`,
      async () =>
        (await s.get(`/v1/delegations/${p.address}`)).body.delegation?.status === 'active' ? true : undefined,
      { timeoutMs: 90_000, intervalMs: 300 },
    );
  const open = await httpJson(
    'POST',
    `${s.base}/v1/collectives`,
    signedEnvelope(host, 'collective.create', genesis, {
      name: OPEN,
      description: 'open to everyone',
      bonds: [{ denom: 'KSM', amount: String(20n * 10n ** 12n) }],
      depositWhitelist: { any: true, roles: [], accounts: [] },
      ownersWhitelist: { roles: [], accounts: [] },
      spendingPools: [{ name: POOL, share: '1' }],
    }),
  );
  expect(open.status, JSON.stringify(open.body)).toBe(201);
}, 300_000);
afterAll(async () => s?.stop());

async function connect(page: Page, address: string) {
  await page.getByRole('button', { name: 'Connect wallet' }).first().click();
  const account = page.getByRole('combobox', { name: 'Account' });
  await expect.poll(() => account.count()).toBe(1);
  await account.selectOption(address);
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).first().textContent();

/** A `datetime-local` value in the browser's (this machine's) time zone, to the minute. */
function localDateTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

describe('staking collectives in the web app', () => {
  it('creates a collective through the form, shows it, refuses bad shares before signing and NAME_TAKEN in words, locks and donates, and proposes', async () => {
    const { page, context, wallet } = await s.openApp([creator], { path: '/#/collectives' });
    expect(await h1(page)).toBe('Staking collectives');
    await connect(page, creator.address);
    await expect.poll(() => page.getByText('This account takes part in no collective yet.').count()).toBe(1);

    const form = page.getByRole('form', { name: 'Create a collective' });
    // The minimum the creator commits: 10% of 150 base units at 1 a KSM.
    await expect.poll(() => form.getByText('You commit at least').textContent()).toMatch(/15 KSM/);
    await form.getByLabel('Name', { exact: true }).fill(NAME);
    await form.getByLabel('Description').fill('Rewards of committed stake for grants');
    await form.getByLabel('Amount (KSM)').fill('20');
    await expect.poll(() => form.getByLabel('Spending pool', { exact: true }).locator('option').count()).toBe(2);
    await form.getByLabel('Spending pool', { exact: true }).selectOption(POOL);

    // Shares that do not add up to exactly 1 are refused before the wallet is asked.
    await form.getByLabel('Share', { exact: true }).fill('0.5');
    await form.getByRole('button', { name: 'Sign and create' }).click();
    await expect
      .poll(() => form.getByRole('status').textContent())
      .toContain('The shares must add up to exactly 1; they add up to 0.5.');
    expect(wallet.requests).toEqual([]);

    await form.getByLabel('Share', { exact: true }).fill('1');
    await form.getByRole('button', { name: 'Sign and create' }).click();
    await expect.poll(() => h1(page), { timeout: 30_000 }).toMatch(new RegExp(`^${NAME}`));
    expect(wallet.requests.map((r) => r.kind)).toEqual(['signRaw']);

    // Its page: the status computed now, the bonded value against the minimum, the pool and the contributor.
    await expect.poll(() => page.getByRole('heading', { name: /^Status:/ }).textContent()).toBe('Status: inactive');
    expect(
      await page.getByText('Bonded value', { exact: true }).locator('xpath=following-sibling::dd[1]').textContent(),
    ).toMatch(/^20 of the minimum 150/);
    expect(await page.getByRole('link', { name: POOL }).getAttribute('href')).toBe(`#/pools/${POOL}`);
    const contributors = page.getByRole('region', { name: 'Contributors' });
    const row = contributors.getByRole('row').filter({ hasText: creator.address });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/counting.*20 KSM.*20,000,000,000,000 planck.*not locked/);

    // Lock and donate: an unlock date an hour ahead, a tenth donated, the donation locked.
    const lockAt = Math.floor(Date.now() / 60_000) * 60 + 3_600;
    const donate = page.getByRole('form', { name: 'Lock and donate' });
    await donate.getByLabel('Locked until').fill(localDateTime(lockAt));
    await donate.getByLabel('Donation share').fill('0.1');
    await donate.getByLabel('Lock the donation until the unlock date').check();
    await donate.getByRole('button', { name: 'Sign and set the terms' }).click();
    await expect
      .poll(() => donate.getByRole('status').textContent(), { timeout: 20_000 })
      .toMatch(/^Saved: locked until/);
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/locked.*0\.1 \(10%\).*donation locked/);
    const terms = (await s.get(`/v1/collectives/${NAME}`)).body.contributors[0];
    expect(terms).toMatchObject({ locking: lockAt, donation: '0.1', donationLock: true });
    // Withdrawing while locked is refused in the page, before signing.
    expect(
      await page
        .getByRole('form', { name: 'Withdraw' })
        .getByText(/locked until/)
        .count(),
    ).toBe(1);

    // An owner proposes an update (a new quorum); the proposal links to its page and shows in the list.
    const propose = page.getByRole('form', { name: 'Propose' });
    await propose.getByLabel('Change the vote quorum').check();
    await propose.getByLabel('Vote quorum', { exact: true }).fill('0.60');
    await propose.getByRole('button', { name: 'Sign and propose' }).click();
    await expect
      .poll(() => propose.getByRole('status').textContent(), { timeout: 20_000 })
      .toMatch(/^Proposal \d+ raised/);
    const id = /^Proposal (\d+)/.exec((await propose.getByRole('status').textContent()) ?? '')![1]!;
    expect(await propose.getByRole('link', { name: 'open it to vote' }).getAttribute('href')).toBe(`#/proposals/${id}`);
    const proposals = page.getByRole('region', { name: 'Proposals', exact: true });
    await expect
      .poll(() => proposals.getByRole('link', { name: `Proposal ${id}` }).count(), { timeout: 15_000 })
      .toBe(1);
    expect(
      await proposals
        .getByRole('row')
        .filter({ hasText: `Proposal ${id}` })
        .textContent(),
    ).toMatch(/update.*voting/i);
    const stored = (await s.get(`/v1/proposals/${id}`)).body.proposal;
    expect(stored.body).toEqual({ kind: 'update', changes: { voteQuorum: '0.6' } });
    await screenshot(page, 'collective');

    // Back to the list: the collective with its status, "My collectives", and the same name refused by the API in words.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Collectives', exact: true })
      .click();
    await expect.poll(() => h1(page)).toBe('Staking collectives');
    const mine = page.getByRole('region', { name: 'My collectives' });
    await expect.poll(() => mine.getByRole('link', { name: NAME }).count()).toBe(1);
    const listed = page.getByRole('region', { name: 'All collectives' }).getByRole('row').filter({ hasText: NAME });
    await expect.poll(() => listed.textContent()).toMatch(/inactive.*20 \/ 150/);
    const again = page.getByRole('form', { name: 'Create a collective' });
    await again.getByLabel('Name', { exact: true }).fill(NAME);
    await again.getByLabel('Amount (KSM)').fill('20');
    await again.getByLabel('Spending pool', { exact: true }).selectOption(POOL);
    await again.getByRole('button', { name: 'Sign and create' }).click();
    const alert = again.getByRole('alert');
    await expect.poll(() => alert.count(), { timeout: 20_000 }).toBe(1);
    expect(await alert.textContent()).toContain('That name is already taken. Pick another one.');
    expect(await alert.textContent()).toContain('NAME_TAKEN');
    await screenshot(page, 'collectives');
    await context.close();
  });

  it('takes a contribution and a withdrawal through the forms', async () => {
    const { page, context, wallet } = await s.openApp([partner], { path: `/#/collectives/${OPEN}` });
    await connect(page, partner.address);
    await expect.poll(() => h1(page)).toMatch(new RegExp(`^${OPEN}`));
    const contributors = page.getByRole('region', { name: 'Contributors' });
    const row = contributors.getByRole('row').filter({ hasText: partner.address });

    // More than the stash's active bond (100 KSM) is refused by the API in words, and nothing is committed.
    const contribute = page.getByRole('form', { name: 'Contribute' });
    await contribute.getByLabel('Amount (KSM)').fill('150');
    await contribute.getByRole('button', { name: 'Sign and contribute' }).click();
    await expect.poll(() => contribute.getByRole('alert').count(), { timeout: 20_000 }).toBe(1);
    expect(await contribute.getByRole('alert').textContent()).toContain(
      'Your bonded (active) KSM does not cover what you want to commit.',
    );
    expect(await row.count()).toBe(0);

    await contribute.getByLabel('Amount (KSM)').fill('30');
    await contribute.getByRole('button', { name: 'Sign and contribute' }).click();
    await expect.poll(() => contribute.getByRole('status').textContent(), { timeout: 20_000 }).toMatch(/^Committed/);
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/counting.*30 KSM/);
    expect(wallet.requests.map((r) => r.kind)).toEqual(['signRaw', 'signRaw']);

    const withdraw = page.getByRole('form', { name: 'Withdraw' });
    await withdraw.getByRole('radio', { name: 'Everything' }).check();
    await withdraw.getByRole('button', { name: 'Sign and withdraw' }).click();
    await expect
      .poll(() => withdraw.getByRole('status').textContent(), { timeout: 20_000 })
      .toBe('Withdrawn: your contribution is released.');
    const stored = (await s.get(`/v1/collectives/${OPEN}`)).body.contributors.find(
      (c: any) => c.address === partner.address,
    );
    expect(stored.status).not.toBe('counting');
    await context.close();
  });
});
