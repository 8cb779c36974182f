import { formatTime } from '../../lib/format.js';
import type { HistoryEntry } from './delegation-api.js';

/** Every status change of the delegation with its reason, newest first. */
export function HistoryTable({ history, complete }: { history: readonly HistoryEntry[]; complete: boolean }) {
  const rows = [...history].reverse();
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History of status changes</h2>
      {!complete ? <p className="muted">Only the oldest changes are listed here: the history is very long.</p> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Change</th>
              <th scope="col">Reason</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((h, i) => (
              <tr key={`${h.at}-${i}`}>
                <td>{formatTime(h.at)}</td>
                <td>
                  {h.fromStatus ? `${h.fromStatus} → ` : ''}
                  <span className={`badge status-${h.toStatus}`}>{h.toStatus}</span>
                </td>
                <td>{h.reason}</td>
                <td>{sourceInWords(h.source)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function sourceInWords(source: string): string {
  switch (source) {
    case 'api':
      return 'you (a signed request)';
    case 'watcher':
      return 'NDeST, reading the chain';
    case 'round':
      return 'NDeST, in a round';
    default:
      return source;
  }
}
