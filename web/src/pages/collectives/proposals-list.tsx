import { useState } from 'react';
import { Address } from '../../components/address.js';
import { ErrorBox } from '../../components/error-box.js';
import { seg } from '../../lib/api.js';
import { formatTime } from '../../lib/format.js';
import { useFetch } from '../../lib/use-fetch.js';
import { href } from '../../router.js';
import type { Proposal } from './types.js';

/** The collective's proposals, newest first, a page at a time, each linking to its page (votes, tally, timeline). */
export function ProposalsList({ name }: { name: string }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useFetch<{ proposals: Proposal[]; nextCursor: string | null }>(
    `/v1/proposals?collective=${seg(name)}&limit=20${cursor ? `&cursor=${seg(cursor)}` : ''}`,
    5_000,
  );
  return (
    <section className="card" aria-labelledby="c-proposals">
      <h2 id="c-proposals">Proposals</h2>
      <ErrorBox error={page.error} />
      {page.data && page.data.proposals.length === 0 ? <p>No proposal yet.</p> : null}
      {page.data && page.data.proposals.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Proposal</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Tally (yes / no / abstain)</th>
                <th scope="col">Proposer</th>
                <th scope="col">Voting ends</th>
              </tr>
            </thead>
            <tbody>
              {page.data.proposals.map((p) => (
                <tr key={p.id}>
                  <td>
                    <a href={href('proposals', p.id)}>Proposal {p.id}</a>
                  </td>
                  <td>{p.kind}</td>
                  <td>
                    {p.status}
                    {p.reason ? <div className="muted small">{p.reason}</div> : null}
                  </td>
                  <td>
                    {p.tally.yes} / {p.tally.no} / {p.tally.abstain}
                  </td>
                  <td className="who">
                    <Address value={p.proposer} />
                  </td>
                  <td>{formatTime(p.votingEndsAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav className="pager" aria-label="Pages of proposals">
        {cursors.length > 1 ? (
          <button type="button" className="secondary" onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer proposals
          </button>
        ) : null}
        {page.data?.nextCursor ? (
          <button type="button" className="secondary" onClick={() => setCursors([...cursors, page.data!.nextCursor])}>
            Older proposals
          </button>
        ) : null}
      </nav>
    </section>
  );
}
