import { useMemo } from 'react';
import { useApp } from '../../app-state.js';
import { Amount } from '../../components/amount.js';
import { SeriesChart } from '../../components/chart.js';
import { ErrorBox } from '../../components/error-box.js';
import { seg } from '../../lib/api.js';
import type { Reward, RewardsPage } from './delegation-api.js';
import { approxUnits, rewardsPerEra, totalOf } from './rewards-by-era.js';
import { useAllPages } from './use-all-pages.js';

const pick = (p: RewardsPage) => p.rewards;

/** Rewards per era (exact, with bigint), as a table and a chart, and the CSV of every reward. */
export function RewardsSection({ address }: { address: string }) {
  const { config } = useApp();
  const { symbol, decimals } = config.chain.token;
  const path = `/v1/delegations/${seg(address)}/rewards`;
  const list = useAllPages<RewardsPage, Reward>(`${path}?limit=1000`, pick, { maxPages: 50, pollMs: 30_000 });
  const rows = useMemo(() => rewardsPerEra(list.items ?? []), [list.items]);
  const labels = useMemo(() => rows.map((r) => (r.era === null ? 'unknown' : String(r.era))), [rows]);
  const series = useMemo(
    () => [{ label: `Rewards (${symbol})`, values: rows.map((r) => approxUnits(r.amount, decimals)) }],
    [rows, symbol, decimals],
  );
  const total = list.first ? BigInt(list.first.total) : totalOf(rows);
  return (
    <section aria-labelledby="rewards-heading">
      <h2 id="rewards-heading">Rewards per era</h2>
      <ErrorBox error={list.error} />
      <p>
        <a href={`${path}?format=csv`} download={`ndest-rewards-${address}.csv`} className="button">
          Download CSV
        </a>{' '}
        <span className="muted small">every reward with its era, validator, block and payer</span>
      </p>
      {list.items === null ? (
        <p className="muted">{list.error ? '' : 'Reading the rewards…'}</p>
      ) : rows.length === 0 ? (
        <p>
          No rewards yet. NDeST nominates validators that are not in the active set yet: rewards start in the era after
          one of them is elected, once that era&apos;s payout is made.
        </p>
      ) : (
        <>
          <p>
            In total: <Amount planck={total} />
            {!list.complete ? <span className="muted small"> (the table lists the first pages only)</span> : null}
          </p>
          <SeriesChart
            kind="bar"
            labels={labels}
            series={series}
            label={`Rewards per era in ${symbol}`}
            yTitle={symbol}
          />
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Era</th>
                  <th scope="col" className="num">
                    Payouts
                  </th>
                  <th scope="col" className="num">
                    Reward
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.era ?? 'unknown'}>
                    <td>{r.era ?? 'unknown'}</td>
                    <td className="num">{r.payouts}</td>
                    <td className="num">
                      <Amount planck={r.amount} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
