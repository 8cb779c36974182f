import { Address } from '../../components/address.js';
import { Amount } from '../../components/amount.js';
import { ErrorBox } from '../../components/error-box.js';
import { useApp } from '../../app-state.js';
import { formatTime } from '../../lib/format.js';
import { sameAccount } from '../staking/address-key.js';
import { STATUS_WORDS } from '../staking/delegation-api.js';
import type { DelegationRead } from '../staking/use-delegation.js';
import { operatorProxies, unusableOperatorProxies } from './operator-proxy.js';
import type { ChainRead } from './use-stash-on-chain.js';

/** The chosen account: its bond and balance on chain, its proxies, and its NDeST status. */
export function AccountOverview({
  address,
  chain,
  delegation,
}: {
  address: string;
  chain: ChainRead;
  delegation: DelegationRead;
}) {
  return (
    <section>
      <h2 id="your-account">Your account</h2>
      <p>
        <Address value={address} />
      </p>
      <div className="grid">
        <OnChainCard chain={chain} />
        <StatusCard delegation={delegation} />
      </div>
      <ProxiesCard chain={chain} />
    </section>
  );
}

function OnChainCard({ chain }: { chain: ChainRead }) {
  const { stash } = chain;
  return (
    <div className="card">
      <h3 id="on-chain">On chain</h3>
      <ErrorBox error={chain.error} />
      {!stash ? (
        <p className="muted">{chain.error ? 'Not read.' : 'Reading the chain…'}</p>
      ) : (
        <dl className="facts">
          <dt>Bonded (active)</dt>
          <dd>{stash.ledger ? <Amount planck={stash.ledger.active} /> : 'Not bonded'}</dd>
          {stash.ledger && stash.ledger.total !== stash.ledger.active ? (
            <>
              <dt>Bonded in total (with unbonding)</dt>
              <dd>
                <Amount planck={stash.ledger.total} />
              </dd>
            </>
          ) : null}
          <dt>Free balance</dt>
          <dd>
            <Amount planck={stash.free} />
          </dd>
          <dt>Nominating</dt>
          <dd>
            {stash.nominations && stash.nominations.length > 0
              ? `${stash.nominations.length} validator${stash.nominations.length === 1 ? '' : 's'}`
              : 'Nobody'}
          </dd>
        </dl>
      )}
      {stash ? <p className="muted small">Read at block #{stash.block}.</p> : null}
    </div>
  );
}

function StatusCard({ delegation }: { delegation: DelegationRead }) {
  const d = delegation.view?.delegation;
  return (
    <div className="card">
      <h3 id="ndest-status">NDeST status</h3>
      <ErrorBox error={delegation.error} />
      {delegation.notFound ? (
        <p data-testid="delegation-status">Not delegating: this account has never joined NDeST.</p>
      ) : d ? (
        <>
          <p data-testid="delegation-status">
            <span className={`badge status-${d.status}`}>{d.status}</span> {STATUS_WORDS[d.status]}
          </p>
          <p className="muted">
            {d.statusReason} (since {formatTime(d.statusSince)})
          </p>
        </>
      ) : (
        <p className="muted">Reading NDeST…</p>
      )}
    </div>
  );
}

function ProxiesCard({ chain }: { chain: ChainRead }) {
  const { config } = useApp();
  const { stash } = chain;
  if (!stash) return null;
  const usable = operatorProxies(stash.proxies, config.operator);
  const unusable = unusableOperatorProxies(stash.proxies, config.operator);
  return (
    <div className="card">
      <h3 id="proxies">Proxies on this account</h3>
      {usable.length > 0 ? (
        <p className="ok" data-testid="operator-proxy">
          NDeST&apos;s operator holds a {usable[0]!.proxyType} proxy with no delay: it can nominate for this account.
        </p>
      ) : (
        <p data-testid="operator-proxy">
          NDeST&apos;s operator holds no Staking (or Any) proxy with no delay on this account
          {unusable.length > 0 ? ' that it could use to nominate' : ''}.
        </p>
      )}
      {stash.proxies.length === 0 ? (
        <p className="muted">This account has no proxies.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Proxies</caption>
            <thead>
              <tr>
                <th scope="col">Delegate</th>
                <th scope="col">Type</th>
                <th scope="col" className="num">
                  Delay (blocks)
                </th>
              </tr>
            </thead>
            <tbody>
              {stash.proxies.map((p) => (
                <tr key={`${p.delegate}-${p.proxyType}-${p.delay}`}>
                  <td>
                    <Address
                      value={p.delegate}
                      label={config.operator && sameAccount(p.delegate, config.operator) ? "NDeST's operator" : null}
                    />
                  </td>
                  <td>{p.proxyType}</td>
                  <td className="num">{p.delay}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
