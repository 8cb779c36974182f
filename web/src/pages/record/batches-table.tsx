import { Amount } from '../../components/amount.js';
import { StatusBadge } from './status-badge.js';
import type { Batch } from './types.js';

/** The extrinsics the round sent (utility.forceBatch of proxied nominations) and their outcomes. */
export function BatchesTable({ batches, dryRun }: { batches: Batch[]; dryRun: boolean }) {
  return (
    <section aria-labelledby="round-batches">
      <h2 id="round-batches">Extrinsics</h2>
      {batches.length === 0 ? (
        <p className="muted">{dryRun ? 'A dry run sends nothing.' : 'No extrinsic has been sent for this round.'}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Batch
                </th>
                <th scope="col">Outcome</th>
                <th scope="col" className="num">
                  Nominations
                </th>
                <th scope="col" className="num">
                  Nonce
                </th>
                <th scope="col">Extrinsic</th>
                <th scope="col">Block</th>
                <th scope="col">Fee</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.index}>
                  <th scope="row" className="num">
                    {b.index}
                  </th>
                  <td>
                    <StatusBadge status={b.status} words={b.status.replace(/_/g, ' ')} />
                    {b.error ? <div className="record-differs">{b.error}</div> : null}
                  </td>
                  <td className="num">{b.itemCount}</td>
                  <td className="num">{b.nonce ?? '—'}</td>
                  <td>{b.extrinsicHash ? <code className="record-hex">{b.extrinsicHash}</code> : '—'}</td>
                  <td>
                    {b.block ? (
                      <>
                        #{b.block.number} <code className="record-hex">{b.block.hash}</code>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{b.fee !== null ? <Amount planck={b.fee} /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
