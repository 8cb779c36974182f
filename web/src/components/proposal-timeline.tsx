import { formatTime } from '../lib/format.js';
import type { Proposal } from '../pages/proposals/proposal-types.js';

type StepState = 'done' | 'doing' | 'todo' | 'failed';

/**
 * A proposal's life in time: proposed, vote ends, decided, enactment due, enacted or failed. A time
 * not reached yet shows when it is due (the enactment's from the vote's end plus the delay).
 */
export function ProposalTimeline({ proposal: p }: { proposal: Proposal }) {
  const closed = p.status !== 'voting';
  const rejected = p.status === 'rejected';
  const enactDue = p.enactAt ?? p.votingEndsAt + p.voteEnactment;
  const steps: { label: string; time: string; state: StepState }[] = [
    { label: 'Proposed', time: formatTime(p.createdAt), state: 'done' },
    {
      label: closed ? 'Vote ended' : 'Vote ends',
      time: formatTime(p.votingEndsAt),
      state: closed ? 'done' : 'doing',
    },
    {
      label: rejected ? 'Rejected' : closed ? 'Passed' : 'Decided at the close',
      time: p.decidedAt ? formatTime(p.decidedAt) : 'after the vote ends',
      state: rejected ? 'failed' : closed ? 'done' : 'todo',
    },
  ];
  if (!rejected) {
    steps.push({
      label: p.enactedAt ? 'Enactment was due' : 'Enactment due',
      time: formatTime(enactDue),
      state: p.enactedAt ? 'done' : p.status === 'passed' ? 'doing' : 'todo',
    });
    steps.push({
      label: p.status === 'failed' ? 'Failed' : 'Enacted',
      time: p.enactedAt ? formatTime(p.enactedAt) : 'not yet',
      state: p.status === 'failed' ? 'failed' : p.status === 'enacted' ? 'done' : 'todo',
    });
  }
  return (
    <section className="card" aria-labelledby={`timeline-${p.id}`}>
      <h2 id={`timeline-${p.id}`}>Timeline</h2>
      <ol className="steps proposal-timeline">
        {steps.map((s) => (
          <li key={s.label} data-state={s.state}>
            <strong>{s.label}</strong>: {s.time}
          </li>
        ))}
      </ol>
    </section>
  );
}
