import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebScenario, type WebScenario } from '../../support/web-scenario.js';

let s: WebScenario;
beforeAll(async () => {
  s = await startWebScenario('smoke', { waiting: 2 });
}, 240_000);
afterAll(async () => s?.stop());

describe('the web app', () => {
  it('is served at / and connects the injected wallet', async () => {
    const { page, context } = await s.openApp([s.pair('//Web//smoke//user')]);
    await page.getByRole('button', { name: 'Connect wallet' }).click();
    await expect.poll(() => page.getByRole('combobox', { name: 'Account' }).count()).toBe(1);
    await context.close();
  });
});
