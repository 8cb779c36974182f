import '../pages/proposals/proposals.css';
import { formatShare } from '../lib/format.js';
import type { Proposal } from '../pages/proposals/proposal-types.js';
import { quorumProgress } from '../pages/proposals/quorum-progress.js';

/**
 * The votes of a proposal (yes / no / abstain) and its quorum: needed against reached once the
 * vote has closed (the eligible owners are counted then), the votes so far while it is open.
 */
export function ProposalTally({ proposal }: { proposal: Proposal }) {
  const { tally } = proposal;
  const q = quorumProgress(proposal);
  return (
    <section className="card proposal-tally" aria-labelledby={`tally-${proposal.id}`}>
      <h2 id={`tally-${proposal.id}`}>Tally</h2>
      <dl className="tally-counts">
        <div>
          <dt>Yes</dt>
          <dd data-testid="tally-yes">{tally.yes}</dd>
        </div>
        <div>
          <dt>No</dt>
          <dd data-testid="tally-no">{tally.no}</dd>
        </div>
        <div>
          <dt>Abstain</dt>
          <dd data-testid="tally-abstain">{tally.abstain}</dd>
        </div>
      </dl>
      <p>
        Quorum: {formatShare(proposal.quorum)} of the eligible owners must vote yes or no, and yes must outnumber no.
      </p>
      {q.eligible === null ? (
        <p className="muted">
          So far {q.voted} owner{q.voted === 1 ? '' : 's'} voted yes or no. The eligible owners are counted when the
          vote closes.
        </p>
      ) : (
        <p>
          Needed: {q.needed ?? '—'} of {q.eligible} eligible owner{q.eligible === 1 ? '' : 's'}; reached: {q.voted}.{' '}
          {q.met ? <span className="ok">Quorum met.</span> : <strong>Quorum not met.</strong>}
        </p>
      )}
    </section>
  );
}
