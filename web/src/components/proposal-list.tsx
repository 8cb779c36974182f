import '../pages/proposals/proposals.css';
import { useState } from 'react';
import { formatTime } from '../lib/format.js';
import { useFetch } from '../lib/use-fetch.js';
import type { ProposalList as ProposalListData } from '../pages/proposals/proposal-types.js';
import { href } from '../router.js';
import { ErrorBox } from './error-box.js';
import { ProposalStatusBadge } from './proposal-status.js';

/**
 * The proposals of one pool or collective, newest first, a page at a time (GET /v1/proposals?pool=…
 * or ?collective=…), each linking to its page (`#/proposals/<id>`).
 */
export function ProposalList({
  scope,
  subject,
  pageSize = 20,
}: {
  scope: 'pool' | 'collective';
  subject: string;
  pageSize?: number;
}) {
  // Cursors of the pages seen so far: the last one is the page shown ('' for the first).
  const [cursors, setCursors] = useState<string[]>(['']);
  const cursor = cursors[cursors.length - 1]!;
  const query = new URLSearchParams({ [scope]: subject, limit: String(pageSize) });
  if (cursor) query.set('cursor', cursor);
  const { data, error, loading } = useFetch<ProposalListData>(`/v1/proposals?${query.toString()}`, 10_000);
  return (
    <div className="proposal-list">
      <ErrorBox error={error} title="The proposals could not be read" />
      {data && data.proposals.length === 0 && cursors.length === 1 ? <p className="muted">No proposals yet.</p> : null}
      {!data && loading ? <p className="muted">Loading proposals…</p> : null}
      {data && data.proposals.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Proposal</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Yes / no / abstain</th>
                <th scope="col">Vote ends</th>
              </tr>
            </thead>
            <tbody>
              {data.proposals.map((p) => (
                <tr key={p.id}>
                  <td>
                    <a href={href('proposals', p.id)}>Proposal {p.id}</a>
                  </td>
                  <td>{p.kind}</td>
                  <td>
                    <ProposalStatusBadge status={p.status} />
                  </td>
                  <td>
                    {p.tally.yes} / {p.tally.no} / {p.tally.abstain}
                  </td>
                  <td>{formatTime(p.votingEndsAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="button-row">
        {cursors.length > 1 ? (
          <button type="button" className="secondary" onClick={() => setCursors((c) => c.slice(0, -1))}>
            Newer proposals
          </button>
        ) : null}
        {data?.nextCursor ? (
          <button type="button" className="secondary" onClick={() => setCursors((c) => [...c, data.nextCursor!])}>
            Older proposals
          </button>
        ) : null}
      </div>
    </div>
  );
}
