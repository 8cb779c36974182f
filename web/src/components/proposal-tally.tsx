import '../pages/proposals/proposals.css';
import { formatShare } from '../lib/format.js';
import type { Proposal } from '../pages/proposals/proposal-types.js';
import { quorumProgress } from '../pages/proposals/quorum-progress.js';

/**
 * The votes of a proposal (yes / no / abstain) and its quorum, needed against reached: counted
 * among the eligible owners at the close, and while voting among the owners of now (`ownersNow`,
 * when the page knows it; see useCurrentOwnerCount).
 */
export function ProposalTally({ proposal, ownersNow = null }: { proposal: Proposal; ownersNow?: number | null }) {
  const { tally } = proposal;
  const q = quorumProgress(proposal, ownersNow);
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
        <p data-testid="quorum-progress">
          {q.provisional ? 'Needed with the owners of now' : 'Needed'}: {q.needed ?? '—'} of {q.eligible} owner
          {q.eligible === 1 ? '' : 's'}; reached{q.provisional ? ' so far' : ''}: {q.voted}.{' '}
          {q.met ? (
            <span className="ok">Quorum {q.provisional ? 'reached' : 'met'}.</span>
          ) : (
            <strong>Quorum {q.provisional ? 'not reached yet' : 'not met'}.</strong>
          )}
          {q.provisional ? (
            <span className="muted"> The eligible owners are counted again when the vote closes.</span>
          ) : null}
        </p>
      )}
    </section>
  );
}
