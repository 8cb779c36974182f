import '../pages/proposals/proposals.css';
import { useApp } from '../app-state.js';
import { seg } from '../lib/api.js';
import { useSignedAction } from '../lib/use-signed-action.js';
import type { Proposal, Vote, VoteChoice } from '../pages/proposals/proposal-types.js';
import { ErrorBox } from './error-box.js';

interface VoteAnswer {
  vote: Vote;
  proposal: Proposal;
  votes: Vote[];
}

const CHOICES: Array<[VoteChoice, string]> = [
  ['yes', 'Vote yes'],
  ['no', 'Vote no'],
  ['abstain', 'Abstain'],
];

/**
 * Vote on a proposal as the chosen account (signed `proposal.vote`, POST /v1/proposals/{id}/votes).
 * Only owners of its pool or collective may vote, while it is voting; a later vote replaces the
 * earlier one. The API says NOT_OWNER or VOTING_CLOSED otherwise, in words here.
 */
export function ProposalVoteForm({ proposal, votes }: { proposal: Proposal; votes: Vote[] }) {
  const { account } = useApp();
  const action = useSignedAction<VoteAnswer>('proposal.vote', 'POST', `/v1/proposals/${seg(proposal.id)}/votes`);
  const mine = account ? votes.find((v) => v.voter === account.address) : undefined;
  const open = proposal.status === 'voting';
  return (
    <section className="card" aria-labelledby={`vote-${proposal.id}`}>
      <h2 id={`vote-${proposal.id}`}>Your vote</h2>
      {!account ? (
        <p className="muted">Connect a wallet and pick an account (an owner) to vote.</p>
      ) : mine ? (
        <p>
          You voted <strong>{mine.vote}</strong>. {open ? 'You may change your vote until the vote ends.' : ''}
        </p>
      ) : (
        <p className="muted">{open ? 'Owners vote until the vote ends; abstaining counts for no side.' : ''}</p>
      )}
      {!open ? <p className="muted">The vote has ended: no more votes are taken.</p> : null}
      <div className="button-row" role="group" aria-label="Vote">
        {CHOICES.map(([choice, label]) => (
          <button
            key={choice}
            type="button"
            className={choice === 'yes' ? undefined : 'secondary'}
            disabled={!account || action.busy}
            onClick={() => void action.run({ proposal: proposal.id, vote: choice })}
          >
            {label}
          </button>
        ))}
      </div>
      {action.busy ? <p role="status">Waiting for your wallet’s signature…</p> : null}
      {action.result && !action.error ? (
        <p role="status" className="ok">
          Vote recorded: {action.result.vote.vote}.
        </p>
      ) : null}
      <ErrorBox error={action.error} title="Your vote was not taken" />
    </section>
  );
}
