import { useMemo, useState } from 'react';
import { Address } from '../../components/address.js';
import type { ReplayOutcome } from './replay-panel.js';
import type { Verdict } from './replay-verdict.js';

const ROWS = 50;
const MARK: Record<Verdict, string> = { ok: '✔', bad: '✖', unknown: '?' };

/** The browser's verdicts (announced), then each draw recorded vs replayed, differences first. */
export function ReplayResults({ outcome }: { outcome: ReplayOutcome }) {
  const { replay, draws, seed, chain, poolAsServiceSays } = outcome;
  const [shown, setShown] = useState(ROWS);
  // The draws that differ lead: they are what a reader looks for.
  const rows = useMemo(
    () => [...replay.draws.filter((d) => !d.matches), ...replay.draws.filter((d) => d.matches)],
    [replay],
  );
  const overall: Verdict = [draws, seed, chain].some((c) => c.verdict === 'bad')
    ? 'bad'
    : [draws, seed, chain].some((c) => c.verdict === 'unknown')
      ? 'unknown'
      : 'ok';
  return (
    <>
      <div role="status" className={`record-verdict record-verdict-${overall}`}>
        <p className="record-verdict-draws">{draws.text}</p>
        <ul className="record-checks">
          <li>
            <span aria-hidden="true">{MARK[seed.verdict]} </span>
            {seed.text}
          </li>
          <li>
            <span aria-hidden="true">{MARK[chain.verdict]} </span>
            {chain.text}
          </li>
          {poolAsServiceSays !== null ? (
            <li>
              <span aria-hidden="true">{MARK[poolAsServiceSays ? 'ok' : 'bad']} </span>
              {poolAsServiceSays
                ? `The pool rebuilt from the snapshot (${replay.pool.length} eligible validators) is the one the service lists for this round.`
                : `The pool rebuilt from the snapshot (${replay.pool.length} eligible validators) differs from the one the service lists for this round.`}
            </li>
          ) : null}
        </ul>
      </div>
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="muted">
              Each draw as recorded and as replayed in this browser
              {rows.length > shown ? ` (${shown} of ${rows.length} shown, any that differ first)` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Delegator</th>
                <th scope="col">Recorded draw</th>
                <th scope="col">Replayed here</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, shown).map((d) => (
                <tr key={d.stash}>
                  <th scope="row">
                    <Address value={d.stash} />
                  </th>
                  <td>
                    <Targets list={d.recorded} />
                  </td>
                  <td>
                    <Targets list={d.replayed} />
                  </td>
                  <td className={`record-result ${d.matches ? 'ok' : 'record-differs'}`}>
                    {d.matches ? 'matches' : 'differs'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {rows.length > shown ? (
        <p className="record-more">
          <button type="button" className="secondary" onClick={() => setShown((n) => n + ROWS)}>
            Show more replayed draws
          </button>
        </p>
      ) : null}
    </>
  );
}

function Targets({ list }: { list: string[] }) {
  if (list.length === 0) return <span className="muted">none drawn</span>;
  return (
    <ol className="record-addresses">
      {list.map((t) => (
        <li key={t}>
          <Address value={t} />
        </li>
      ))}
    </ol>
  );
}
