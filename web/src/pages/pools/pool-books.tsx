import { Address } from '../../components/address.js';
import { formatPlanck, formatTime } from '../../lib/format.js';
import { href } from '../../router.js';
import { TokenAmount } from '../proposals/token-amount.js';
import type { Tokens } from '../proposals/use-tokens.js';
import type { ChainCheck, PoolDetail } from './pool-types.js';

/** The last comparison of the books with the account's balance on chain. */
function ChainCheckCell({ check, denom, tokens }: { check: ChainCheck | null; denom: string; tokens: Tokens }) {
  if (!check) return <span className="muted">not checked yet</span>;
  const diff = BigInt(check.difference);
  return (
    <span>
      on chain <TokenAmount planck={check.chainBalance} denom={denom} tokens={tokens} />, expected{' '}
      <TokenAmount planck={check.expected} denom={denom} tokens={tokens} />:{' '}
      {diff === 0n ? (
        <span className="ok">they agree</span>
      ) : (
        <span className="difference-bad">difference {formatPlanck(check.difference)} planck</span>
      )}{' '}
      <span className="muted">(checked {formatTime(check.checkedAt)})</span>
    </span>
  );
}

/** Per token: deposited = paid + owed + held, and the check against the chain. */
export function PoolBalances({ pool, tokens }: { pool: PoolDetail; tokens: Tokens }) {
  return (
    <section className="card" aria-labelledby="pool-balances">
      <h2 id="pool-balances">Balances</h2>
      <p className="muted">For every token, deposited = paid + owed + held, to the planck.</p>
      {pool.balances.length === 0 ? (
        <p className="muted">Nothing deposited yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col" className="num">
                  Deposited
                </th>
                <th scope="col" className="num">
                  Paid
                </th>
                <th scope="col" className="num">
                  Owed
                </th>
                <th scope="col" className="num">
                  Held
                </th>
                <th scope="col">Chain check</th>
              </tr>
            </thead>
            <tbody>
              {pool.balances.map((b) => (
                <tr key={b.denom}>
                  <th scope="row">{b.denom}</th>
                  {[b.deposited, b.paid, b.owed, b.held].map((amount, i) => (
                    <td className="num" key={i}>
                      <TokenAmount planck={amount} denom={b.denom} tokens={tokens} />
                    </td>
                  ))}
                  <td>
                    <ChainCheckCell check={b.chain} denom={b.denom} tokens={tokens} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pool.unknownTokens.length > 0 ? (
        <>
          <h3>Assets the registry does not list</h3>
          <p className="muted">Held by the pool, never paid out.</p>
          <ul className="name-list">
            {pool.unknownTokens.map((u) => (
              <li key={String(u.assetId)}>
                asset {u.assetId}: {formatPlanck(u.held)} base units
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** Registered beneficiaries and what the pool owes and has not paid yet. */
export function PoolRegistrations({ pool, tokens }: { pool: PoolDetail; tokens: Tokens }) {
  return (
    <section className="card" aria-labelledby="pool-registrations">
      <h2 id="pool-registrations">Registrations</h2>
      {pool.registrations.length === 0 ? (
        <p className="muted">No beneficiary has registered yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Beneficiary</th>
                <th scope="col">Registered</th>
                <th scope="col">Last claim</th>
              </tr>
            </thead>
            <tbody>
              {pool.registrations.map((r) => (
                <tr key={r.address}>
                  <td>
                    <Address value={r.address} />
                  </td>
                  <td>{formatTime(r.registeredAt)}</td>
                  <td>{r.lastClaimAt && r.lastClaimAt !== r.registeredAt ? formatTime(r.lastClaimAt) : 'none yet'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Owed, not paid yet</h3>
      {pool.owed.length === 0 ? (
        <p className="muted">The pool owes nothing right now.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">To</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {pool.owed.map((o) => (
                <tr key={`${o.address}:${o.denom}`}>
                  <td>
                    <Address value={o.address} />
                  </td>
                  <td className="num">
                    <TokenAmount planck={o.amount} denom={o.denom} tokens={tokens} />
                  </td>
                  <td>{o.note ?? <span className="muted">paid by the next payment batch</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const KIND_WORDS: Record<string, string> = {
  claim: 'claim',
  distribution: 'distribution (by proposal)',
  settlement: 'settlement (end of a period)',
  payment: 'payment (by proposal)',
};

/** Payout lines, newest first, a page at a time. */
export function PoolClaims({
  pool,
  tokens,
  onNewer,
  onOlder,
}: {
  pool: PoolDetail;
  tokens: Tokens;
  onNewer: (() => void) | null;
  onOlder: (() => void) | null;
}) {
  return (
    <section className="card" aria-labelledby="pool-claims">
      <h2 id="pool-claims">Claims and payouts</h2>
      {pool.claims.length === 0 ? (
        <p className="muted">No payout lines yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">To</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Accrued over</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {pool.claims.map((l) => (
                <tr key={l.id}>
                  <td>{formatTime(l.createdAt)}</td>
                  <td>
                    <Address value={l.address} />
                  </td>
                  <td>
                    {KIND_WORDS[l.kind] ?? l.kind}
                    {l.proposalId ? (
                      <>
                        {' '}
                        — <a href={href('proposals', l.proposalId)}>proposal {l.proposalId}</a>
                      </>
                    ) : null}
                  </td>
                  <td className="num">
                    <TokenAmount planck={l.amount} denom={l.denom} tokens={tokens} />
                  </td>
                  <td>{l.accruedFrom ? `${formatTime(l.accruedFrom)} – ${formatTime(l.accruedTo)}` : '—'}</td>
                  <td>
                    {l.status}
                    {l.note ? <span className="muted"> ({l.note})</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="button-row">
        {onNewer ? (
          <button type="button" className="secondary" onClick={onNewer}>
            Newer lines
          </button>
        ) : null}
        {onOlder ? (
          <button type="button" className="secondary" onClick={onOlder}>
            Older lines
          </button>
        ) : null}
      </div>
    </section>
  );
}
