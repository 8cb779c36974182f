import { formatPlanck, formatTime } from '../../lib/format.js';
import { BondList, TokenAmount } from './token-amount.js';
import type { CollectiveDetail, Token } from './types.js';

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
        <div className="table-wrap">
          <table>
            <caption>
              received = distributed + donations held + awaiting + returned; distributed = to pools + donations sent
            </caption>
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col" className="num">
                  Received
                </th>
                <th scope="col" className="num">
                  Distributed
                </th>
                <th scope="col" className="num">
                  To pools
                </th>
                <th scope="col" className="num">
                  Donations sent
                </th>
                <th scope="col" className="num">
                  Donations held
                </th>
                <th scope="col" className="num">
                  Awaiting
                </th>
                <th scope="col" className="num">
                  Returned to stashes
                </th>
                <th scope="col">Chain check</th>
              </tr>
            </thead>
            <tbody>
              {c.books.map((b) => {
                const cell = (planck: string) => (
                  <td className="num">
                    <TokenAmount denom={b.denom} planck={planck} tokens={tokens} />
                  </td>
                );
                const balanced =
                  BigInt(b.received) ===
                    BigInt(b.distributed) + BigInt(b.donationsHeld) + BigInt(b.awaiting) + BigInt(b.returned) &&
                  BigInt(b.distributed) === BigInt(b.toPools) + BigInt(b.donationsSent);
                return (
                  <tr key={b.denom}>
                    <th scope="row">
                      {b.denom}
                      <div className={balanced ? 'ok small' : 'field-error small'}>
                        {balanced ? 'balanced' : 'does not add up'}
                      </div>
                    </th>
                    {cell(b.received)}
                    {cell(b.distributed)}
                    {cell(b.toPools)}
                    {cell(b.donationsSent)}
                    {cell(b.donationsHeld)}
                    {cell(b.awaiting)}
                    {cell(b.returned)}
                    <td>
                      {b.chain ? (
                        <>
                          <span className={b.chain.difference === '0' ? 'ok' : 'field-error'}>
                            {b.chain.difference === '0'
                              ? 'agrees with the chain'
                              : `differs by ${formatPlanck(b.chain.difference)} planck`}
                          </span>
                          <div className="muted small">
                            on chain <TokenAmount denom={b.denom} planck={b.chain.chainBalance} tokens={tokens} />,
                            expected <TokenAmount denom={b.denom} planck={b.chain.expected} tokens={tokens} /> at block
                            #{b.chain.at.number}, {formatTime(b.chain.checkedAt)}
                          </div>
                        </>
                      ) : (
                        <span className="muted">not checked yet</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
