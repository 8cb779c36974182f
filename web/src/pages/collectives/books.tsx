import { formatPlanck, formatTime } from '../../lib/format.js';
import { BondList, TokenAmount } from './token-amount.js';
import type { CollectiveDetail, Token, TokenBooks } from './types.js';

const LINES: Array<[keyof Omit<TokenBooks, 'denom' | 'chain'>, string]> = [
  ['received', 'Received'],
  ['distributed', 'Distributed'],
  ['toPools', '… to the pools'],
  ['donationsSent', '… donations sent'],
  ['donationsHeld', 'Donations held'],
  ['awaiting', 'Awaiting distribution'],
  ['returned', 'Returned to stashes'],
];

const balanced = (b: TokenBooks) =>
  BigInt(b.received) === BigInt(b.distributed) + BigInt(b.donationsHeld) + BigInt(b.awaiting) + BigInt(b.returned) &&
  BigInt(b.distributed) === BigInt(b.toPools) + BigInt(b.donationsSent);

/** The last comparison of the account's balance on chain with what the books say it holds. */
function ChainCheck({ b, tokens }: { b: TokenBooks; tokens: Token[] }) {
  if (!b.chain) return <span className="muted">not checked yet</span>;
  return (
    <>
      <span className={b.chain.difference === '0' ? 'ok' : 'field-error'}>
        {b.chain.difference === '0' ? 'agrees with the books' : `differs by ${formatPlanck(b.chain.difference)} planck`}
      </span>
      <div className="muted small">
        holds <TokenAmount denom={b.denom} planck={b.chain.chainBalance} tokens={tokens} />
        {b.chain.difference === '0' ? null : (
          <>
            , expected <TokenAmount denom={b.denom} planck={b.chain.expected} tokens={tokens} />
          </>
        )}{' '}
        at block #{b.chain.at.number}, {formatTime(b.chain.checkedAt)}
      </div>
    </>
  );
}

/**
 * The books per token: received = distributed (to pools + donations sent) + donations held +
 * awaiting + returned, to the planck; and the last check of the account's balance on chain.
 */
export function Books({ c, tokens }: { c: CollectiveDetail; tokens: Token[] }) {
  return (
    <section className="card" aria-labelledby="c-books">
      <h2 id="c-books">Books</h2>
      <div className="grid">
        <div>
          <h3>Donations held</h3>
          <BondList bonds={c.donations} tokens={tokens} />
          <p className="muted small">The owners send them by proposal.</p>
        </div>
        <div>
          <h3>Rewards awaiting distribution</h3>
          <BondList bonds={c.rewards} tokens={tokens} />
          <p className="muted small">Sent to the pools by share at the next claim.</p>
        </div>
      </div>
      {c.books.length === 0 ? (
        <p>No reward has been received yet.</p>
      ) : (
        <>
          <p className="muted small">
            Per token: received = distributed + donations held + awaiting + returned, and distributed = to the pools +
            donations sent, to the planck.
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  {c.books.map((b) => (
                    <th key={b.denom} scope="col" className="num">
                      {b.denom}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {LINES.map(([key, label]) => (
                  <tr key={key}>
                    <th scope="row" className={key === 'toPools' || key === 'donationsSent' ? 'sub-line' : undefined}>
                      {label}
                    </th>
                    {c.books.map((b) => (
                      <td key={b.denom} className="num">
                        <TokenAmount denom={b.denom} planck={b[key]} tokens={tokens} />
                      </td>
                    ))}
                  </tr>
                ))}
                <tr>
                  <th scope="row">Books add up</th>
                  {c.books.map((b) => (
                    <td key={b.denom} className="num">
                      {balanced(b) ? <span className="ok">yes</span> : <span className="field-error">no</span>}
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Account on chain</th>
                  {c.books.map((b) => (
                    <td key={b.denom} className="num">
                      <ChainCheck b={b} tokens={tokens} />
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
