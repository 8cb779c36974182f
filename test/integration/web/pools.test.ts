/**
 * Spending pools and governance in the browser: an owner creates a pool through the form (a
 * beneficiary account, a static KSM rate), its page shows it; the beneficiary, picked in the
 * Account select of the same wallet, registers; the same name again is refused in words; the owner
 * proposes a distribution and votes yes, and the tally and quorum show it; a non-owner's vote and a
 * claim on an empty pool are refused in words; update and pay proposals carry what the forms say;
 * the pages fit a phone's width.
 */
import { encodeAddress } from '@polkadot/util-crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../../support/browser.js';
import { startWebScenario, type WebScenario } from '../../support/web-scenario.js';

const KUSAMA = 2;
const POOL = 'web-grants';
const WAIT = { timeout: 20_000 };

let s: WebScenario;
beforeAll(async () => {
  s = await startWebScenario('pools', { waiting: 1 });
}, 240_000);
afterAll(async () => s?.stop());

const kusama = (publicKey: Uint8Array) => encodeAddress(publicKey, KUSAMA);

async function pickAccount(page: Page, address: string) {
  await page.getByRole('combobox', { name: 'Account' }).selectOption(address);
}

async function fillCreateForm(page: Page, beneficiary: string) {
  await page.getByLabel('Pool name').fill(POOL);
  await page.getByLabel('Beneficiary account 1', { exact: true }).fill(beneficiary);
  await page.getByLabel('Weight of beneficiary account 1').fill('2');
  await page.getByLabel('Rate token 1').selectOption('KSM');
  await page.getByLabel('Rate 1 (planck per second per weight)').fill('1000');
}

describe('spending pools in the web app', () => {
  it('creates a pool, registers a beneficiary, refuses a taken name, proposes every kind and votes', async () => {
    const ownerPair = s.pair('//Web//pools//owner');
    const beneficiaryPair = s.pair('//Web//pools//beneficiary');
    await s.chain.fund([ownerPair.address, beneficiaryPair.address], 10);
    const owner = kusama(ownerPair.publicKey);
    const beneficiary = kusama(beneficiaryPair.publicKey);

    const { page, context } = await s.openApp([ownerPair, beneficiaryPair], { path: '/#/pools' });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Spending pools');
    await page.getByRole('button', { name: 'Connect wallet' }).first().click();
    await expect.poll(() => page.getByRole('combobox', { name: 'Account' }).count()).toBe(1);
    await pickAccount(page, owner);

    // A form the API would refuse is stopped before signing, with the field named.
    await page.getByLabel('Pool name').fill('1x');
    await page.getByRole('button', { name: 'Create pool' }).click();
    await expect.poll(() => page.getByText('starts with a letter, then 2 to 31').count()).toBe(1);

    // The owner creates the pool: the pool's page follows, with its beneficiary and rate.
    await fillCreateForm(page, beneficiary);
    await page.getByRole('button', { name: 'Create pool' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe(`Spending pool ${POOL}`);
    const settings = page.getByRole('region', { name: 'Settings' });
    await expect.poll(() => settings.getByText(beneficiary).count(), WAIT).toBeGreaterThan(0);
    await expect.poll(() => settings.getByText('KSM: 1000 planck per second').count()).toBe(1);

    // The beneficiary, the wallet's second account, registers.
    await pickAccount(page, beneficiary);
    await page.getByRole('button', { name: 'Register as beneficiary' }).click();
    await expect.poll(() => page.getByText(/^Registered at/).count(), WAIT).toBe(1);
    const registrations = page.getByRole('region', { name: 'Registrations' });
    await expect.poll(() => registrations.getByText(beneficiary).count(), WAIT).toBe(1);

    // The same name again: NAME_TAKEN, in words.
    await page.goto('/#/pools');
    await pickAccount(page, owner);
    await fillCreateForm(page, beneficiary);
    await page.getByRole('button', { name: 'Create pool' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'NAME_TAKEN' });
    await expect.poll(() => alert.count(), WAIT).toBe(1);
    expect(await alert.textContent()).toContain('That name is already taken');
    await expect
      .poll(() => page.getByRole('region', { name: 'All pools' }).getByRole('link', { name: POOL }).count())
      .toBe(1);
    await screenshot(page, 'pools');

    // The owner proposes a distribution and votes yes.
    await page.getByRole('region', { name: 'All pools' }).getByRole('link', { name: POOL }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe(`Spending pool ${POOL}`);
    await page.getByLabel('Proposal kind').selectOption('distribute');
    await page.getByRole('button', { name: 'Submit proposal' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toMatch(/^Proposal \d+$/);
    const id = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Proposal ', '');
    await expect.poll(() => page.getByRole('link', { name: POOL }).count(), WAIT).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Vote yes' }).click();
    await expect.poll(() => page.getByTestId('tally-yes').textContent(), WAIT).toBe('1');
    await expect.poll(() => page.getByText('You voted yes').count(), WAIT).toBe(1);
    // The creator is the pool's only owner: 1 of 1 reaches the quorum of 0.51.
    await expect
      .poll(() => page.getByTestId('quorum-progress').textContent(), WAIT)
      .toMatch(/^Needed with the owners of now: 1 of 1 owner; reached so far: 1\. Quorum reached\./);
    const votes = page.getByRole('region', { name: 'Votes' });
    await expect.poll(() => votes.getByText(owner).count()).toBe(1);
    const api = await s.get(`/v1/proposals/${id}`);
    expect(api.body.proposal.tally).toEqual({ yes: 1, no: 0, abstain: 0 });
    expect(api.body.proposal.subject).toBe(POOL);
    await screenshot(page, 'proposal');

    // A beneficiary is no owner: its vote is refused, in words.
    await pickAccount(page, beneficiary);
    await page.getByRole('button', { name: 'Vote no' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'NOT_OWNER' });
    await expect.poll(() => refused.count(), WAIT).toBe(1);
    expect(await refused.textContent()).toContain('Only the owners may do this');
    expect((await s.get(`/v1/proposals/${id}`)).body.proposal.tally).toEqual({ yes: 1, no: 0, abstain: 0 });

    // The pool lists its proposal.
    await page.getByRole('link', { name: POOL }).first().click();
    await expect
      .poll(
        () =>
          page
            .getByRole('region', { name: 'Proposals' })
            .getByRole('link', { name: `Proposal ${id}` })
            .count(),
        WAIT,
      )
      .toBe(1);

    await screenshot(page, 'pool');

    // The pool holds nothing yet (no deposit): the beneficiary's claim is refused, in words.
    await page.getByRole('button', { name: 'Claim' }).click();
    const nothing = page.getByRole('alert').filter({ hasText: 'NOTHING_TO_CLAIM' });
    await expect.poll(() => nothing.count(), WAIT).toBe(1);
    expect(await nothing.textContent()).toContain('There is nothing to claim right now');

    // The owner's other kinds: an update (only the changed setting is sent) and a payment in KSM.
    await pickAccount(page, owner);
    await page.getByLabel('Proposal kind').selectOption('update');
    await page.getByLabel('Vote quorum').fill('0.75');
    await page.getByRole('button', { name: 'Submit proposal' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).not.toBe(`Proposal ${id}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toMatch(/^Proposal \d+$/);
    const changes = page.getByRole('table', { name: 'Changes' });
    await expect.poll(() => changes.getByRole('row').count(), WAIT).toBe(2);
    expect(await changes.getByRole('row').nth(1).textContent()).toBe('voteQuorum0.75');

    await page.getByRole('link', { name: POOL }).first().click();
    await page.getByLabel('Proposal kind').selectOption('pay');
    await page.getByLabel('Payment 1 recipient').fill(beneficiary);
    await page.getByLabel('Payment 1 amount').fill('0.5');
    await page.getByRole('button', { name: 'Submit proposal' }).click();
    const payments = page.getByRole('table', { name: 'Payments' });
    await expect.poll(() => payments.getByText('0.5 KSM').count(), WAIT).toBe(1);
    expect(await payments.getByText('500,000,000,000 planck').count()).toBe(1);
    const pay = await s.get(`/v1/proposals?pool=${POOL}`);
    expect(pay.body.proposals.map((p: { kind: string }) => p.kind)).toEqual(['pay', 'update', 'distribute']);
    expect(pay.body.proposals[0].body.payments).toEqual([
      { address: beneficiary, denom: 'KSM', amount: '500000000000' },
    ]);
    await context.close();

    // At phone width the pages fit the screen: nothing scrolls sideways.
    const phone = await s.openApp([ownerPair], { phone: true, path: `/#/pools/${POOL}` });
    await expect
      .poll(() => phone.page.getByRole('heading', { level: 1 }).textContent(), WAIT)
      .toBe(`Spending pool ${POOL}`);
    for (const path of [`/#/pools/${POOL}`, '/#/pools', `/#/proposals/${id}`]) {
      await phone.page.goto(path);
      await expect.poll(() => phone.page.getByRole('heading', { level: 2 }).count(), WAIT).toBeGreaterThan(0);
      expect(await phone.page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), path).toBe(true);
    }
    await phone.context.close();
  });
});
