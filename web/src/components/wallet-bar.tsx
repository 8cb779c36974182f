import { useApp } from '../app-state.js';
import { shortAddress } from '../lib/format.js';
import { walletName } from '../lib/wallet.js';

/** Connect a wallet, pick an account; in demo mode, the built-in demo signer too. */
export function WalletBar() {
  const app = useApp();
  const { accounts, account, config } = app;
  return (
    <section className="wallet-bar" aria-label="Wallet">
      {accounts.length === 0 ? (
        <button type="button" onClick={() => void app.connect()} disabled={app.connecting}>
          {app.connecting ? 'Connecting…' : 'Connect wallet'}
        </button>
      ) : (
        <label>
          Account{' '}
          <select
            value={account?.address ?? ''}
            onChange={(e) => app.selectAccount(e.target.value || null)}
            aria-label="Account"
          >
            <option value="">Pick an account…</option>
            {accounts.map((a) => (
              <option key={`${a.source}:${a.address}`} value={a.address}>
                {a.name ?? shortAddress(a.address)} — {walletName(a.source)} — {shortAddress(a.address)}
              </option>
            ))}
          </select>
        </label>
      )}
      {accounts.length > 0 && accounts.every((a) => a.source === 'demo') ? (
        <button type="button" className="secondary" onClick={() => void app.connect()} disabled={app.connecting}>
          Connect wallet
        </button>
      ) : null}
      {config.demo && !accounts.some((a) => a.source === 'demo') ? (
        <button type="button" className="demo" onClick={() => void app.useDemoSigner()}>
          Use demo accounts
        </button>
      ) : null}
      {account?.source === 'demo' ? (
        <span className="badge demo-badge" role="status">
          DEMO signer: test keys of the local chain, never real funds
        </span>
      ) : null}
      {app.connectError ? (
        <p className="error" role="alert">
          {app.connectError}
        </p>
      ) : null}
    </section>
  );
}
