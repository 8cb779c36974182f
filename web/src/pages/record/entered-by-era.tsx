import { useMemo } from 'react';
import { Address } from '../../components/address.js';
import { Amount } from '../../components/amount.js';
import { SeriesChart } from '../../components/chart.js';
import type { EraFigures } from './types.js';

/**
 * Per era, the validators that entered the active set while NDeST nominated them (the number this
 * non-profit exists to raise), next to how many it nominated: a chart, and the same figures in a table.
 */
export function EnteredByEra({ eras }: { eras: EraFigures[] }) {
  // The API lists the newest era first; a chart reads left to right, oldest first.
  const ascending = useMemo(() => [...eras].sort((a, b) => a.era - b.era), [eras]);
  const labels = useMemo(() => ascending.map((e) => `Era ${e.era}`), [ascending]);
  const series = useMemo(
    () => [
      { label: 'Entered the active set', values: ascending.map((e) => e.entered.length) },
      { label: 'Nominated by NDeST', values: ascending.map((e) => e.validatorsNominated) },
    ],
    [ascending],
  );
  return (
    <section aria-labelledby="record-entered">
      <h2 id="record-entered">Validators that entered the active set while NDeST nominated them</h2>
      {eras.length === 0 ? (
        <p className="muted">No era has been recorded yet: the figures start with the next era change.</p>
      ) : (
        <>
          <SeriesChart
            kind="bar"
            labels={labels}
            series={series}
            label={`Bar chart: validators that entered the active set while NDeST nominated them, and validators nominated, per era, for eras ${ascending[0]!.era} to ${ascending[ascending.length - 1]!.era}. The same figures are in the table below.`}
            yTitle="Validators"
          />
          <div className="table-wrap">
            <table>
              <caption className="muted">Per era, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Era</th>
                  <th scope="col" className="num">
                    Entered the active set
                  </th>
                  <th scope="col" className="num">
                    Nominated by NDeST
                  </th>
                  <th scope="col" className="num">
                    Active set size
                  </th>
                  <th scope="col" className="num">
                    Active delegators
                  </th>
                  <th scope="col">Stake under management</th>
                  <th scope="col">Payout fees</th>
                </tr>
              </thead>
              <tbody>
                {eras.map((e) => (
                  <tr key={e.era}>
                    <th scope="row">{e.era}</th>
                    <td className="num">
                      {e.entered.length === 0 ? (
                        0
                      ) : (
                        <details>
                          <summary>{e.entered.length}</summary>
                          <ul className="record-addresses">
                            {e.entered.map((v) => (
                              <li key={v}>
                                <Address value={v} />
                              </li>
                            ))}
                          </ul>
                        </details>
                      )}
                    </td>
                    <td className="num">{e.validatorsNominated}</td>
                    <td className="num">{e.validatorsElected}</td>
                    <td className="num">{e.delegatorsActive}</td>
                    <td>
                      <Amount planck={e.stake} />
                    </td>
                    <td>
                      <Amount planck={e.payoutFee} />
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
