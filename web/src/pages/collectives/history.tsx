import { Address } from '../../components/address.js';
import { formatTime } from '../../lib/format.js';
import { href } from '../../router.js';
import { BondList, TokenAmount } from './token-amount.js';
import type { CollectiveDetail, CollectiveTransfer, Token } from './types.js';

const TRANSFER_KINDS: Record<CollectiveTransfer['kind'], string> = {
  pool: 'to a pool',
  return: 'back to a stash',
  donation: 'donation sent',
};

const TRANSFER_STATUS: Record<CollectiveTransfer['status'], string> = {
  owed: 'owed',
  planned: 'in a batch',
  sent: 'sent',
  paid: 'paid',
  failed: 'failed',
};

/** Distributions (a page, newest first), the rewards booked with their split, and the transfers out of the account. */
export function History({
  c,
  tokens,
  onNewer,
  onOlder,
}: {
  c: CollectiveDetail;
  tokens: Token[];
  /** Back to the newer distributions; absent on the first page. */
  onNewer?: () => void;
  onOlder?: () => void;
}) {
  return (
    <>
      <section className="card" aria-labelledby="c-distributions">
        <h2 id="c-distributions">Distributions</h2>
        {c.distributions.length === 0 ? (
          <p>No claim has run yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Sent to the pools</th>
                </tr>
              </thead>
              <tbody>
                {c.distributions.map((d) => (
                  <tr key={d.id}>
                    <td>{formatTime(d.at)}</td>
                    <td>{d.kind === 'final' ? 'final (removal)' : 'claim'}</td>
                    <td>
                      <BondList bonds={d.amounts} tokens={tokens} none="nothing had arrived" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav className="pager" aria-label="Pages of distributions">
          {onNewer ? (
            <button type="button" className="secondary" onClick={onNewer}>
              Newer distributions
            </button>
          ) : null}
          {onOlder ? (
            <button type="button" className="secondary" onClick={onOlder}>
              Older distributions
            </button>
          ) : null}
        </nav>
      </section>

      <section className="card" aria-labelledby="c-rewards">
        <h2 id="c-rewards">Rewards booked</h2>
        <p className="muted small">
          The latest 100 staking rewards paid to the collective's account: each splits into what goes back to the stash
          (its uncommitted share), the contributor's donation and the part for the pools.
        </p>
        {c.bookedRewards.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Stash</th>
                  <th scope="col">Era</th>
                  <th scope="col" className="num">
                    Reward
                  </th>
                  <th scope="col" className="num">
                    Returned
                  </th>
                  <th scope="col" className="num">
                    Donation
                  </th>
                  <th scope="col" className="num">
                    For the pools
                  </th>
                  <th scope="col">Block</th>
                </tr>
              </thead>
              <tbody>
                {c.bookedRewards.map((r) => (
                  <tr key={`${r.block.hash}:${r.stash}:${r.era}`}>
                    <td className="who">
                      <Address value={r.stash} />
                    </td>
                    <td>{r.era ?? '—'}</td>
                    {[r.amount, r.returned, r.donation, r.forPools].map((p, i) => (
                      <td key={i} className="num">
                        <TokenAmount denom={r.denom} planck={p} tokens={tokens} />
                      </td>
                    ))}
                    <td>
                      #{r.block.number}
                      <div className="muted small">{formatTime(r.bookedAt)}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="c-transfers">
        <h2 id="c-transfers">Transfers out</h2>
        {c.transfers.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">To</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Owed since</th>
                </tr>
              </thead>
              <tbody>
                {c.transfers.map((t) => (
                  <tr key={t.id}>
                    <td>
                      {TRANSFER_KINDS[t.kind]}
                      {t.proposalId ? (
                        <div className="small">
                          <a href={href('proposals', t.proposalId)}>proposal {t.proposalId}</a>
                        </div>
                      ) : null}
                    </td>
                    <td className="who">
                      {t.poolName ? (
                        <div>
                          pool <a href={href('pools', t.poolName)}>{t.poolName}</a>
                        </div>
                      ) : null}
                      <Address value={t.address} />
                    </td>
                    <td className="num">
                      <TokenAmount denom={t.denom} planck={t.amount} tokens={tokens} />
                    </td>
                    <td>
                      {TRANSFER_STATUS[t.status]}
                      {t.error ? <div className="field-error small">{t.error}</div> : null}
                    </td>
                    <td>{formatTime(t.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
