import { Address } from '../../components/address.js';
import { formatShare, formatTime } from '../../lib/format.js';
import { BondList } from './token-amount.js';
import type { CollectiveDetail, Token } from './types.js';

/** Every contributor, counting or not, with bonds, lock and donation; then the breaches. */
export function Contributors({ c, tokens, me }: { c: CollectiveDetail; tokens: Token[]; me: string | null }) {
  const now = Math.floor(Date.now() / 1000);
  return (
    <section className="card" aria-labelledby="c-contributors">
      <h2 id="c-contributors">Contributors</h2>
      {c.contributors.length === 0 ? (
        <p>No contributor.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Stash</th>
                <th scope="col">Status</th>
                <th scope="col">Bonds</th>
                <th scope="col">Locked until</th>
                <th scope="col">Donation</th>
                <th scope="col">Joined</th>
              </tr>
            </thead>
            <tbody>
              {c.contributors.map((x) => (
                <tr key={x.address}>
                  <td className="who">
                    <Address value={x.address} />
                    {x.address === me ? <span className="badge">you</span> : null}
                  </td>
                  <td>
                    {x.status}
                    {x.endedReason ? (
                      <div className="muted small">
                        {x.endedReason} ({formatTime(x.endedAt)})
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <BondList bonds={x.bonds} tokens={tokens} />
                  </td>
                  <td>
                    {x.locking === 0 ? 'not locked' : formatTime(x.locking)}
                    {x.locking > now ? <div className="muted small">locked</div> : null}
                  </td>
                  <td>
                    {x.donation} ({formatShare(x.donation)})
                    {x.donationLock ? <div className="muted small">donation locked</div> : null}
                  </td>
                  <td>{formatTime(x.joinedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Breaches</h3>
      {c.breaches.length === 0 ? (
        <p>None: every contribution is as it was committed.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Stash</th>
                <th scope="col">What the chain showed</th>
                <th scope="col">Block</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {c.breaches.map((b, i) => (
                <tr key={i}>
                  <td className="who">
                    <Address value={b.address} />
                  </td>
                  <td>
                    {b.kind}: {b.detail}
                  </td>
                  <td>{b.block ? `#${b.block.number}` : '—'}</td>
                  <td>{formatTime(b.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
