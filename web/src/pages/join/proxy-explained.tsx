import { Address } from '../../components/address.js';
import { useApp } from '../../app-state.js';

/** What the Staking proxy lets NDeST do, and what it does not, in plain words. */
export function ProxyExplained() {
  const { config } = useApp();
  return (
    <section className="card" aria-labelledby="proxy-explained">
      <h2 id="proxy-explained">What the Staking proxy allows</h2>
      <p>
        A proxy lets another account send some calls on behalf of yours. NDeST asks for a <strong>Staking</strong> proxy
        with no delay
        {config.operator ? (
          <>
            {' '}
            for its operator account <Address value={config.operator} />
          </>
        ) : null}
        .
      </p>
      <div className="grid">
        <div>
          <h3>It can</h3>
          <ul>
            <li>nominate validators for your account (what NDeST uses it for)</li>
            <li>stop nominating (chill)</li>
            <li>set where rewards go (the reward destination)</li>
            <li>bond more or unbond through the Staking pallet</li>
          </ul>
        </div>
        <div>
          <h3>It cannot</h3>
          <ul>
            <li>transfer your funds: the chain&apos;s proxy filter refuses a transfer sent through a Staking proxy</li>
            <li>change your keys, your other proxies or anything outside staking</li>
          </ul>
        </div>
      </div>
      <p>
        You can leave at any time: leave NDeST here with one signature, and remove the proxy with one transaction. Your
        bond stays yours; unbonding it follows the chain&apos;s usual unbonding period.
      </p>
    </section>
  );
}
