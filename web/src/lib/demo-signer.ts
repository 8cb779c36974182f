import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SignerPayloadJSON, SignerPayloadRaw, SignerResult } from '@polkadot/types/types';
import { TypeRegistry } from '@polkadot/types';
import { hexToU8a, stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { AccountSigner, WalletAccount } from './wallet.js';

/** A demo account as `GET /v1/demo` lists it: public test keys of the local chain, never real funds. */
export interface DemoAccount {
  name: string;
  uri: string;
  address: string;
}

/**
 * Demo mode only: signs with the demo's test keys in the page, exactly as an extension would
 * (`signRaw` wraps the message in `<Bytes>`; `signPayload` signs the extrinsic payload).
 */
export class DemoKeys {
  readonly #pairs = new Map<string, KeyringPair>();

  static async load(accounts: DemoAccount[], ss58Format: number): Promise<DemoKeys> {
    await cryptoWaitReady();
    const keys = new DemoKeys();
    const keyring = new Keyring({ type: 'sr25519', ss58Format });
    for (const a of accounts) {
      const pair = keyring.addFromUri(a.uri, { name: a.name });
      keys.#pairs.set(pair.address, pair);
    }
    return keys;
  }

  accounts(): WalletAccount[] {
    return [...this.#pairs.values()].map((p) => ({
      address: p.address,
      name: (p.meta.name as string | undefined) ?? null,
      source: 'demo',
    }));
  }

  signer(address: string): AccountSigner {
    const pair = this.#pairs.get(address);
    if (!pair) throw new Error(`no demo key for ${address}`);
    let id = 0;
    return {
      signMessage: async (message) => u8aToHex(pair.sign(u8aWrapBytes(stringToU8a(message)))),
      chainSigner: {
        signPayload: async (payload: SignerPayloadJSON): Promise<SignerResult> => {
          const registry = new TypeRegistry();
          registry.setSignedExtensions(payload.signedExtensions);
          const signed = registry.createType('ExtrinsicPayload', payload, { version: payload.version }).sign(pair);
          return { id: ++id, signature: signed.signature };
        },
        signRaw: async (raw: SignerPayloadRaw): Promise<SignerResult> => ({
          id: ++id,
          signature: u8aToHex(pair.sign(u8aWrapBytes(hexToU8a(raw.data)))),
        }),
      },
    };
  }
}
