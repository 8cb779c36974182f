import { formatTime } from '../../lib/format.js';
import { STATUS_WORDS, type DelegationView } from './delegation-api.js';

/** The delegation's status with its reason, and, prominently, why the stash earns nothing (if it does not). */
export function StatusSection({ view }: { view: DelegationView }) {
  const d = view.delegation;
  return (
    <>
      {view.warnings.length > 0 ? (
        <section className="warning earning-warnings">
          <h2 id="earning-warnings">This account earns nothing right now</h2>
          <ul>
            {view.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">Status</h2>
        <p data-testid="delegation-status">
          <span className={`badge status-${d.status}`}>{d.status}</span> {STATUS_WORDS[d.status]}
        </p>
        <p>
          Why: {d.statusReason}. <span className="muted">Since {formatTime(d.statusSince)}.</span>
        </p>
        <p className="muted small">
          Joined {formatTime(d.createdAt)}
          {d.nominatedAt ? `; last nominated ${formatTime(d.nominatedAt)}` : ''}
          {d.drawnInEra !== null ? ` (drawn in era ${d.drawnInEra})` : ''}.
        </p>
      </section>
    </>
  );
}
