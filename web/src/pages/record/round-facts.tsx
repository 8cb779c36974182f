import { formatTime } from '../../lib/format.js';
import { StatusBadge } from './status-badge.js';
import type { RoundDetail } from './types.js';
import { roundStatusInWords } from './words.js';

const Hex = ({ value }: { value: string | null }) =>
  value ? <code className="record-hex">{value}</code> : <span className="muted">not yet</span>;

/** A round's facts: its status, what it committed to, and its seed. */
export function RoundFacts({ detail }: { detail: RoundDetail }) {
  const { round, snapshot } = detail;
  return (
    <section aria-labelledby="round-facts" className="card">
      <h2 id="round-facts">What this round committed to</h2>
      <dl className="record-facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={round.status} words={roundStatusInWords(round.status)} />
          {round.dryRun ? <span className="badge"> dry run: built and recorded, nothing sent</span> : null}
        </dd>
        <dt>Started by</dt>
        <dd>
          {round.trigger === 'era'
            ? 'a change of the active era'
            : round.trigger === 'admin'
              ? 'the operator'
              : round.trigger}
        </dd>
        <dt>Active era</dt>
        <dd>{round.activeEra ?? '—'}</dd>
        <dt>Candidate snapshot</dt>
        <dd>
          {round.snapshotId ? `#${round.snapshotId}` : <span className="muted">none</span>}
          {snapshot ? (
            <span className="muted">
              {' '}
              — taken {formatTime(snapshot.fetchedAt)} at block #{snapshot.at.number},{' '}
              {snapshot.eligibleInactive.length} eligible inactive validators
            </span>
          ) : null}
        </dd>
        <dt>Commit block</dt>
        <dd>{round.commitBlockNumber !== null ? `#${round.commitBlockNumber}` : '—'}</dd>
        <dt>Seed block</dt>
        <dd>
          {round.seedBlockNumber !== null ? `#${round.seedBlockNumber} ` : '— '}
          <Hex value={round.seedBlockHash} />
        </dd>
        <dt>Seed</dt>
        <dd>
          <Hex value={round.seed} />
        </dd>
        <dt>Targets per delegator</dt>
        <dd>{round.targetsPerDelegator}</dd>
        <dt>Rotation</dt>
        <dd>every {round.rotationEras} eras</dd>
        <dt>Created</dt>
        <dd>{formatTime(round.createdAt)}</dd>
        <dt>Planned</dt>
        <dd>{formatTime(round.plannedAt)}</dd>
        <dt>Completed</dt>
        <dd>{formatTime(round.completedAt)}</dd>
        {round.note ? (
          <>
            <dt>Note</dt>
            <dd>{round.note}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
