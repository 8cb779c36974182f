import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from './lib/api.js';
import type { AppConfig } from './lib/app-config.js';
import { DemoKeys, type DemoAccount } from './lib/demo-signer.js';
import { signRequest, type SignedEnvelope, type WalletAction } from './lib/signed-request.js';
import {
  enableExtensions,
  extensionAccounts,
  extensionSigner,
  type AccountSigner,
  type WalletAccount,
} from './lib/wallet.js';

export interface AppState {
  config: AppConfig;
  /** Accounts of the connected wallets (and the demo's, in demo mode once loaded). */
  accounts: WalletAccount[];
  /** Wallet extensions found in this browser, after `connect()`; null before. */
  extensions: string[] | null;
  account: WalletAccount | null;
  connecting: boolean;
  connectError: string | null;
  connect(): Promise<void>;
  /** Demo mode: adds the demo's test accounts as a built-in signer. */
  useDemoSigner(): Promise<void>;
  selectAccount(address: string | null): void;
  signer(account?: WalletAccount): Promise<AccountSigner>;
  /** Signs a request for the selected account (DESIGN §6). */
  sign(action: WalletAction, fields?: Record<string, unknown>): Promise<SignedEnvelope>;
  /** Bumped after a change so that views read again. */
  version: number;
  refresh(): void;
}

const Ctx = createContext<AppState | null>(null);

export function useApp(): AppState {
  const value = useContext(Ctx);
  if (!value) throw new Error('useApp outside AppProvider');
  return value;
}

const SELECTED = 'ndest.account';
/** Which signers this tab connected: connected again after a reload, as people expect of a dapp. */
const CONNECTED = 'ndest.wallets';

function remember(signer: 'extensions' | 'demo') {
  const connected = new Set(sessionStorage.getItem(CONNECTED)?.split(',') ?? []);
  connected.add(signer);
  sessionStorage.setItem(CONNECTED, [...connected].join(','));
}

export function AppProvider({ config, children }: { config: AppConfig; children: ReactNode }) {
  const [accounts, setAccounts] = useState<WalletAccount[]>([]);
  const [extensions, setExtensions] = useState<string[] | null>(null);
  const [selected, setSelected] = useState<string | null>(() => sessionStorage.getItem(SELECTED));
  const [connecting, setConnecting] = useState(false);
  const [connectError, setConnectError] = useState<string | null>(null);
  const [demoKeys, setDemoKeys] = useState<DemoKeys | null>(null);
  const [version, setVersion] = useState(0);

  const merge = useCallback((more: WalletAccount[]) => {
    setAccounts((current) => {
      const seen = new Set(current.map((a) => `${a.source}:${a.address}`));
      return [...current, ...more.filter((a) => !seen.has(`${a.source}:${a.address}`))];
    });
  }, []);

  const connect = useCallback(async () => {
    setConnecting(true);
    setConnectError(null);
    try {
      const found = await enableExtensions();
      setExtensions(found.map((e) => e.name));
      if (found.length === 0) {
        setConnectError(
          'No wallet extension answered. Install polkadot{.js}, Talisman or SubWallet (or open NDeST in Nova Wallet), allow NDeST in it, and try again.',
        );
        return;
      }
      remember('extensions');
      const list = await extensionAccounts(config.chain.ss58Prefix);
      if (list.length === 0)
        setConnectError('Your wallet shares no account with NDeST: allow at least one account in it.');
      merge(list);
    } catch (error) {
      setConnectError((error as Error).message);
    } finally {
      setConnecting(false);
    }
  }, [config.chain.ss58Prefix, merge]);

  const useDemoSigner = useCallback(async () => {
    const { accounts: demo } = await api.get<{ accounts: DemoAccount[] }>('/v1/demo');
    remember('demo');
    const keys = await DemoKeys.load(demo, config.chain.ss58Prefix);
    setDemoKeys(keys);
    merge(keys.accounts());
  }, [config.chain.ss58Prefix, merge]);

  useEffect(() => {
    const connected = sessionStorage.getItem(CONNECTED)?.split(',') ?? [];
    if (connected.includes('extensions')) void connect();
    if (connected.includes('demo') && config.demo) void useDemoSigner().catch(() => undefined);
    // Once per page load: later changes come from the user's clicks.
  }, []);

  // A chosen account is remembered for the tab; once its wallet is back, it is selected again.
  useEffect(() => {
    if (selected) sessionStorage.setItem(SELECTED, selected);
    else sessionStorage.removeItem(SELECTED);
  }, [selected]);

  const account = accounts.find((a) => a.address === selected) ?? null;

  const signer = useCallback(
    async (which?: WalletAccount) => {
      const a = which ?? account;
      if (!a) throw new Error('Connect a wallet and pick an account first.');
      if (a.source === 'demo') {
        if (!demoKeys) throw new Error('the demo signer is not loaded');
        return demoKeys.signer(a.address);
      }
      return extensionSigner(a);
    },
    [account, demoKeys],
  );

  const sign = useCallback(
    async (action: WalletAction, fields: Record<string, unknown> = {}) => {
      if (!account) throw new Error('Connect a wallet and pick an account first.');
      if (!config.chain.genesisHash)
        throw new Error('NDeST has not reached the chain yet, so there is nothing to sign for. Try again in a minute.');
      return signRequest(await signer(account), account.address, action, config.chain.genesisHash, fields);
    },
    [account, config.chain.genesisHash, signer],
  );

  const value = useMemo<AppState>(
    () => ({
      config,
      accounts,
      extensions,
      account,
      connecting,
      connectError,
      connect,
      useDemoSigner,
      selectAccount: setSelected,
      signer,
      sign,
      version,
      refresh: () => setVersion((v) => v + 1),
    }),
    [config, accounts, extensions, account, connecting, connectError, connect, useDemoSigner, signer, sign, version],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
