import { Address } from '../../components/address.js';
import { ErrorBox } from '../../components/error-box.js';
import { ProposalContent } from '../../components/proposal-content.js';
import { ProposalStatusBadge } from '../../components/proposal-status.js';
import { ProposalTally } from '../../components/proposal-tally.js';
import { ProposalTimeline } from '../../components/proposal-timeline.js';
import { ProposalVoteForm } from '../../components/proposal-vote-form.js';
import { seg } from '../../lib/api.js';
import { formatTime } from '../../lib/format.js';
import { useFetch } from '../../lib/use-fetch.js';
import { href } from '../../router.js';
import type { ProposalDetail } from './proposal-types.js';
import { useCurrentOwnerCount } from './use-current-owners.js';
import './proposals.css';

/** `#/proposals/<id>`: one proposal, its subject, content, status, tally, timeline and votes, and a vote form. */
export function ProposalPage({ id }: { id: string }) {
  // Polled while open: the worker closes and enacts it on its own schedule.
  const { data, error } = useFetch<ProposalDetail>(`/v1/proposals/${seg(id)}`, 5_000);
  const p = data?.proposal;
  const ownersNow = useCurrentOwnerCount(p?.scope ?? 'pool', p?.subject ?? '', p?.status === 'voting');
  return (
    <section>
      <h1>Proposal {id}</h1>
      <ErrorBox error={error} title="The proposal could not be read" />
      {!data && !error ? <p className="muted">Loading…</p> : null}
      {p && data ? (
        <>
          <section className="card" aria-labelledby="proposal-about">
            <h2 id="proposal-about">What it proposes</h2>
            <p>
              For the {p.scope === 'pool' ? 'spending pool' : 'collective'}{' '}
              <a href={href(p.scope === 'pool' ? 'pools' : 'collectives', p.subject)}>{p.subject}</a>, proposed by{' '}
              <Address value={p.proposer} /> on {formatTime(p.createdAt)}.
            </p>
            <ProposalContent proposal={p} />
            <p>
              Status: <ProposalStatusBadge status={p.status} />
            </p>
            {p.reason ? (
              <p>
                Reason: <span className="proposal-reason">{p.reason}</span>
              </p>
            ) : null}
          </section>
          <div className="grid">
            <ProposalTally proposal={p} ownersNow={ownersNow} />
            <ProposalTimeline proposal={p} />
          </div>
          <ProposalVoteForm proposal={p} votes={data.votes} />
          <section className="card" aria-labelledby="proposal-votes">
            <h2 id="proposal-votes">Votes</h2>
            {data.votes.length === 0 ? (
              <p className="muted">No votes yet.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Voter</th>
                      <th scope="col">Vote</th>
                      <th scope="col">When</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.votes.map((v) => (
                      <tr key={v.voter}>
                        <td>
                          <Address value={v.voter} />
                        </td>
                        <td>{v.vote}</td>
                        <td>{formatTime(v.votedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {p.eligible.length > 0 ? (
              <details>
                <summary>Eligible voters at the close ({p.eligible.length})</summary>
                <ul>
                  {p.eligible.map((a) => (
                    <li key={a}>
                      <Address value={a} />
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </section>
        </>
      ) : null}
    </section>
  );
}
