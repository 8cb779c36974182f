import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { KeyringPair } from '@polkadot/keyring/types';
import { TypeRegistry } from '@polkadot/types';
import type { SignerPayloadJSON, SignerPayloadRaw } from '@polkadot/types/types';
import { hexToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from './dev-chain.js';

/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). The flags keep it off
 * the network: this machine refuses every connection but loopback.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Where the test run writes screenshots of the app's pages (the README links them). */
export const SCREENSHOTS = path.join(repoRoot, 'docs', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface TestWallet {
  /** The extension's name in `window.injectedWeb3`. */
  source: string;
  pairs: KeyringPair[];
  /** Every `signRaw` and `signPayload` the page asked for, in order. */
  requests: { kind: 'signRaw' | 'signPayload'; address: string }[];
  /** While false, every signature is refused as a user would refuse it in the extension. */
  approve: boolean;
}

/**
 * A wallet extension in the page, as polkadot{.js} injects one: `window.injectedWeb3[source]` with
 * `enable()` returning `accounts` (get, subscribe) and a `signer` (`signRaw`, `signPayload`). The
 * keys stay in the test process (a keyring): the page's signer calls back into it. `signRaw` signs
 * `<Bytes>…</Bytes>`, as extensions do.
 */
export async function injectTestWallet(
  context: BrowserContext,
  pairs: KeyringPair[],
  source = 'polkadot-js',
): Promise<TestWallet> {
  const wallet: TestWallet = { source, pairs, requests: [], approve: true };
  const find = (address: string) => {
    const pair = pairs.find((p) => p.address === address || u8aToHex(p.publicKey) === u8aToHex(decodeOrNull(address)));
    if (!pair) throw new Error(`the test wallet holds no key for ${address}`);
    return pair;
  };
  await context.exposeBinding('__testWalletSignRaw', async (_source, raw: SignerPayloadRaw) => {
    wallet.requests.push({ kind: 'signRaw', address: raw.address });
    if (!wallet.approve) throw new Error('Cancelled');
    return u8aToHex(find(raw.address).sign(u8aWrapBytes(hexToU8a(raw.data))));
  });
  await context.exposeBinding('__testWalletSignPayload', async (_source, payload: SignerPayloadJSON) => {
    wallet.requests.push({ kind: 'signPayload', address: payload.address });
    if (!wallet.approve) throw new Error('Cancelled');
    const registry = new TypeRegistry();
    registry.setSignedExtensions(payload.signedExtensions);
    return registry.createType('ExtrinsicPayload', payload, { version: payload.version }).sign(find(payload.address))
      .signature;
  });
  const accounts = pairs.map((p, i) => ({ address: p.address, name: `Test account ${i + 1}`, type: p.type }));
  await context.addInitScript(
    ({ source: name, accounts: list }) => {
      let id = 0;
      const w = globalThis as unknown as Record<string, any>;
      w.injectedWeb3 = w.injectedWeb3 ?? {};
      w.injectedWeb3[name] = {
        version: '0.63.1-test',
        enable: async () => ({
          accounts: {
            get: async () => list,
            subscribe: (cb: (a: unknown) => void) => {
              cb(list);
              return () => undefined;
            },
          },
          signer: {
            signRaw: async (raw: unknown) => ({ id: ++id, signature: await w.__testWalletSignRaw(raw) }),
            signPayload: async (payload: unknown) => ({
              id: ++id,
              signature: await w.__testWalletSignPayload(payload),
            }),
          },
        }),
      };
    },
    { source, accounts },
  );
  return wallet;
}

function decodeOrNull(address: string): Uint8Array {
  try {
    return decodeAddress(address);
  } catch {
    return new Uint8Array();
  }
}
