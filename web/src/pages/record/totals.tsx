import { Amount } from '../../components/amount.js';
import type { Stats } from './types.js';
import { delegatorStatusInWords } from './words.js';

/** The order statuses are listed in: the ones that matter first, any other the service adds after. */
const STATUS_ORDER = ['active', 'pending', 'manual', 'revoked', 'opted_out'];

/** What NDeST has achieved so far, in figures (GET /v1/stats). */
export function Totals({ stats }: { stats: Stats }) {
  const statuses = [
    ...STATUS_ORDER,
    ...Object.keys(stats.delegators)
      .filter((s) => !STATUS_ORDER.includes(s))
      .sort(),
  ];
  const fees = stats.payoutFees.reduce((sum, f) => sum + BigInt(f.fee), 0n);
  const payoutBatches = stats.payoutFees.reduce((sum, f) => sum + f.batches, 0);
  return (
    <section aria-labelledby="record-totals">
      <h2 id="record-totals">Totals</h2>
      <dl className="record-figures">
        <div>
          <dt>Active delegators</dt>
          <dd>{stats.delegators.active ?? 0}</dd>
        </div>
        <div>
          <dt>
            Stake under management
            {stats.latestEra !== null ? ` (start of era ${stats.latestEra})` : ''}
          </dt>
          <dd>
            <Amount planck={stats.stakeUnderManagement} />
          </dd>
        </div>
        <div>
          <dt>Validators nominated{stats.latestEra !== null ? ` (era ${stats.latestEra})` : ''}</dt>
          <dd>{stats.validatorsNominated}</dd>
        </div>
        <div>
          <dt>Validators that entered the active set while NDeST nominated them</dt>
          <dd>{stats.validatorsEnteredActiveSet}</dd>
        </div>
        <div>
          <dt>
            Payout fees paid by NDeST ({payoutBatches} {payoutBatches === 1 ? 'batch' : 'batches'})
          </dt>
          <dd>
            <Amount planck={fees} />
          </dd>
        </div>
      </dl>
      <h3>Delegators by status</h3>
      <div className="table-wrap">
        <table>
          <caption className="muted">Every stash that ever opted in, by where it stands now</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Delegators
              </th>
            </tr>
          </thead>
          <tbody>
            {statuses.map((status) => (
              <tr key={status}>
                <th scope="row">{delegatorStatusInWords(status)}</th>
                <td className="num">{stats.delegators[status] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
