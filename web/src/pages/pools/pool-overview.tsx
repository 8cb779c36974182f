import { Address } from '../../components/address.js';
import { formatShare, formatTime } from '../../lib/format.js';
import { TokenAmount } from '../proposals/token-amount.js';
import type { Tokens } from '../proposals/use-tokens.js';
import type { PoolDetail } from './pool-types.js';
import { RatePreview } from './rate-preview.js';

const ACCOUNT_WORDS: Record<string, string> = {
  creating: 'being created on chain',
  endowing: 'created, receiving its existential deposit',
  ready: 'ready',
};

const duration = (s: number) =>
  s % 86_400 === 0 && s > 0
    ? `${s} s (${s / 86_400} d)`
    : s % 3600 === 0 && s > 0
      ? `${s} s (${s / 3600} h)`
      : s % 60 === 0 && s > 0
        ? `${s} s (${s / 60} min)`
        : `${s} s`;

/** The pool's account (and how to deposit into it). */
export function PoolAccount({ pool }: { pool: PoolDetail }) {
  return (
    <section className="card" aria-labelledby="pool-account">
      <h2 id="pool-account">Account and deposits</h2>
      <p>
        Account:{' '}
        <span className={`badge status-${pool.accountStatus === 'ready' ? 'active' : 'pending'}`}>
          {ACCOUNT_WORDS[pool.accountStatus] ?? pool.accountStatus}
        </span>
      </p>
      {pool.account ? (
        <>
          <p>
            <Address value={pool.account} />
          </p>
          <p>
            <strong>To deposit</strong>, transfer tokens to this account from any wallet: KSM with a balance transfer,
            or a registered Asset Hub asset with an asset transfer. NDeST books each transfer once it is finalized. An
            asset the token registry does not list is held, never paid out.
          </p>
        </>
      ) : (
        <p className="muted">
          The account does not exist yet: NDeST is creating it on chain. Deposits can be made once it is shown here.
        </p>
      )}
    </section>
  );
}

/** Who owns and who benefits, the votes, the claim window and the rates. */
export function PoolSettingsView({ pool, tokens }: { pool: PoolDetail; tokens: Tokens }) {
  const owners = pool.owners;
  const bAccounts = pool.beneficiaries.accounts ?? [];
  const bRoles = pool.beneficiaries.roles ?? [];
  return (
    <section className="card" aria-labelledby="pool-settings">
      <h2 id="pool-settings">Settings</h2>
      {pool.description ? <p>{pool.description}</p> : null}
      <dl className="facts">
        <dt>Created</dt>
        <dd>
          {formatTime(pool.createdAt)} by <Address value={pool.creator} /> (an owner)
        </dd>
        <dt>Owner accounts</dt>
        <dd>
          {owners.accounts?.length ? (
            <ul className="name-list">
              {owners.accounts.map((a) => (
                <li key={a}>
                  <Address value={a} />
                </li>
              ))}
            </ul>
          ) : (
            'none listed (the creator owns it)'
          )}
        </dd>
        <dt>Owner roles</dt>
        <dd>{owners.roles?.length ? owners.roles.join(', ') : 'none'}</dd>
        <dt>Votes</dt>
        <dd>
          quorum {pool.voteQuorum} ({formatShare(pool.voteQuorum)} of the owners vote yes or no), open{' '}
          {duration(pool.votePeriod)}, enacted {duration(pool.voteEnactment)} after the vote ends
        </dd>
        <dt>Claims</dt>
        <dd>
          from {formatTime(pool.claimStart)} {pool.claimEnd ? `until ${formatTime(pool.claimEnd)}` : '(no end)'}; one
          claim reaches back {pool.claimExpire ? duration(pool.claimExpire) : 'without limit'}
        </dd>
        <dt>Rates</dt>
        <dd>
          {pool.dynamicRate ? (
            <>
              dynamic: every {duration(pool.dynamicRatePeriod ?? 0)}, what was deposited in a period is paid out in the
              next, in proportion to the weights
            </>
          ) : pool.tokenRates.length === 0 ? (
            'no token rates'
          ) : (
            <ul className="name-list">
              {pool.tokenRates.map((r) => (
                <li key={r.denom}>
                  {r.denom}: {r.rate} planck per second per unit of weight —{' '}
                  <RatePreview rate={r.rate} token={tokens.byDenom.get(r.denom)} />
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <h3>Beneficiaries</h3>
      {bAccounts.length + bRoles.length === 0 ? (
        <p className="muted">No beneficiaries: an update proposal can add some.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Account or role</th>
                <th scope="col" className="num">
                  Weight
                </th>
              </tr>
            </thead>
            <tbody>
              {bAccounts.map((b) => (
                <tr key={b.address}>
                  <td>
                    <Address value={b.address} />
                  </td>
                  <td className="num">{b.weight}</td>
                </tr>
              ))}
              {bRoles.map((b) => (
                <tr key={`role:${b.name}`}>
                  <td>role {b.name}</td>
                  <td className="num">{b.weight}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pool.currentPeriod ? <CurrentPeriodView pool={pool} tokens={tokens} /> : null}
    </section>
  );
}

/** A dynamic pool's running period: its deposits so far and the rates it pays (from the period before). */
function CurrentPeriodView({ pool, tokens }: { pool: PoolDetail; tokens: Tokens }) {
  const p = pool.currentPeriod!;
  const deposits = Object.entries(p.deposits);
  return (
    <>
      <h3>Current period</h3>
      {p.index < 0 ? (
        <p>
          Claims have not started: the first period begins {formatTime(p.end)}. Deposits until then are rated into it.
        </p>
      ) : (
        <p>
          Period {p.index}: {formatTime(p.start)} to {formatTime(p.end)}.
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption className="muted">Deposits in this period (paid out in the next)</caption>
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col" className="num">
                Deposited
              </th>
            </tr>
          </thead>
          <tbody>
            {deposits.length === 0 ? (
              <tr>
                <td colSpan={2} className="muted">
                  nothing yet
                </td>
              </tr>
            ) : (
              deposits.map(([denom, amount]) => (
                <tr key={denom}>
                  <td>{denom}</td>
                  <td className="num">
                    <TokenAmount planck={amount} denom={denom} tokens={tokens} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div className="table-wrap">
        <table>
          <caption className="muted">Rates of this period (from the deposits of the one before)</caption>
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col">Rate (planck/s per weight)</th>
              <th scope="col" className="num">
                From deposits
              </th>
              <th scope="col" className="num">
                Total weight
              </th>
            </tr>
          </thead>
          <tbody>
            {p.rates.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  no rate: nothing was deposited in the period before, or nobody was registered
                </td>
              </tr>
            ) : (
              p.rates.map((r) => (
                <tr key={r.denom}>
                  <td>{r.denom}</td>
                  <td>
                    <code>{r.rate}</code>
                  </td>
                  <td className="num">
                    <TokenAmount planck={r.deposits} denom={r.denom} tokens={tokens} />
                  </td>
                  <td className="num">{r.totalWeight}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
