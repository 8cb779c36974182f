import type { InjectedAccountWithMeta, InjectedExtension } from '@polkadot/extension-inject/types';
import type { Signer } from '@polkadot/types/types';
import { stringToHex } from '@polkadot/util';

/**
 * Who signs: a browser wallet extension (polkadot{.js}, Talisman, SubWallet, Nova's in-app
 * browser; found through `window.injectedWeb3` as `@polkadot/extension-dapp` finds them), or, in
 * demo mode only, the demo's built-in test accounts.
 */
export interface WalletAccount {
  address: string;
  name: string | null;
  /** The extension's name (`polkadot-js`, `talisman`, `subwallet-js`, …) or `demo`. */
  source: string;
}

export interface AccountSigner {
  /** Signs a text message as extensions' `signRaw` does (they wrap it in `<Bytes>…</Bytes>`); 0x hex. */
  signMessage(message: string): Promise<string>;
  /** For `tx.signAndSend(address, { signer })`: the wallet builds and signs the extrinsic. */
  chainSigner: Signer;
}

export const APP_NAME = 'NDeST';

/** The wallet extensions in this browser, enabled for NDeST (the user may be asked to allow it). */
export async function enableExtensions(): Promise<InjectedExtension[]> {
  const { web3Enable } = await import('@polkadot/extension-dapp');
  return web3Enable(APP_NAME);
}

/** Every account of every enabled extension, in the network's address format. */
export async function extensionAccounts(ss58Format: number): Promise<WalletAccount[]> {
  const { web3Accounts } = await import('@polkadot/extension-dapp');
  const accounts: InjectedAccountWithMeta[] = await web3Accounts({ ss58Format });
  return accounts.map((a) => ({ address: a.address, name: a.meta.name ?? null, source: a.meta.source }));
}

/** The signer of an extension account. */
export async function extensionSigner(account: WalletAccount): Promise<AccountSigner> {
  const { web3FromSource } = await import('@polkadot/extension-dapp');
  const injected = await web3FromSource(account.source);
  const signer = injected.signer;
  return {
    chainSigner: signer,
    signMessage: async (message) => {
      if (!signer.signRaw) throw new Error(`${account.source} cannot sign messages (no signRaw)`);
      const { signature } = await signer.signRaw({
        address: account.address,
        data: stringToHex(message),
        type: 'bytes',
      });
      return signature;
    },
  };
}

/** Names people know the extensions by. */
export function walletName(source: string): string {
  const names: Record<string, string> = {
    'polkadot-js': 'polkadot{.js}',
    talisman: 'Talisman',
    'subwallet-js': 'SubWallet',
    'nova-wallet': 'Nova Wallet',
    demo: 'Demo signer (test keys)',
  };
  return names[source] ?? source;
}
