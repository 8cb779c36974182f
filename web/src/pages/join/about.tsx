import { useApp } from '../../app-state.js';

/** NDeST in a few plain sentences. */
export function AboutNdest() {
  const { config } = useApp();
  const symbol = config.chain.token.symbol;
  return (
    <div className="card join-about">
      <p>
        NDeST is a non-profit service that nominates validators for you. Your {symbol} stays bonded in your own account:
        NDeST never holds it and cannot move it.
      </p>
      <p>
        Every round, NDeST draws {config.targetsPerDelegator} validators for your account from the programme&apos;s
        independent validators that are not in the active set yet, with a seed anyone can check. Your stake helps them
        get elected; once one of them is, you earn staking rewards as any nominator does.
      </p>
      <p>
        To join, you sign one request and one transaction: it bonds your {symbol} (if it is not bonded yet) and gives
        NDeST a <strong>Staking proxy</strong> on your account. You can leave at any time.
      </p>
    </div>
  );
}

/** Shown while no account is chosen: the wallet bar at the top connects; this says so, and connects too. */
export function ConnectPrompt() {
  const app = useApp();
  if (app.accounts.length > 0)
    return (
      <div className="card" role="status">
        <h2>Pick an account</h2>
        <p>Choose the account to stake with in the Account list at the top of the page.</p>
      </div>
    );
  return (
    <div className="card">
      <h2>Connect your wallet</h2>
      <p>
        NDeST works with the wallets Kusama users have: polkadot{'{.js}'}, Talisman, SubWallet, or Nova Wallet&apos;s
        in-app browser. Your wallet asks before it signs anything.
      </p>
      <button type="button" onClick={() => void app.connect()} disabled={app.connecting}>
        {app.connecting ? 'Connecting…' : 'Connect your wallet'}
      </button>
    </div>
  );
}
