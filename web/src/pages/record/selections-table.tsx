import { useEffect, useState } from 'react';
import { Address } from '../../components/address.js';
import { ErrorBox } from '../../components/error-box.js';
import { api, seg } from '../../lib/api.js';
import { useCandidateNames } from '../staking/use-candidate-names.js';
import { StatusBadge } from './status-badge.js';
import type { RoundDetail, Selection } from './types.js';
import { selectionReasonInWords, selectionStatusInWords } from './words.js';

export const SELECTIONS_PAGE = 100;

/** The round's selections in plan order: the first page came with the round, the rest on demand. */
export function SelectionsTable({ detail }: { detail: RoundDetail }) {
  const roundId = detail.round.id;
  const [later, setLater] = useState<Selection[]>([]);
  const [cursor, setCursor] = useState<string | null>(detail.nextCursor);
  const [more, setMore] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });

  // A refreshed first page (the round moved on) starts the later pages over.
  useEffect(() => {
    setLater([]);
    setCursor(detail.nextCursor);
  }, [detail]);

  const loadMore = async () => {
    if (!cursor) return;
    setMore({ busy: true, error: null });
    try {
      const page = await api.get<RoundDetail>(
        `/v1/rounds/${seg(roundId)}?limit=${SELECTIONS_PAGE}&cursor=${seg(cursor)}`,
      );
      setLater((rows) => [...rows, ...page.selections]);
      setCursor(page.nextCursor);
      setMore({ busy: false, error: null });
    } catch (error) {
      setMore({ busy: false, error });
    }
  };

  const rows = [...detail.selections, ...later];
  const { nameOf } = useCandidateNames();
  return (
    <section aria-labelledby="round-selections">
      <h2 id="round-selections">Selections</h2>
      {rows.length === 0 ? (
        <p className="muted">This round drew for nobody: no active delegator needed new targets.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="muted">
              {rows.length} {rows.length === 1 ? 'selection' : 'selections'} shown{cursor ? ', more to load' : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Delegator</th>
                <th scope="col">Why drawn</th>
                <th scope="col">Kept targets</th>
                <th scope="col">Drawn targets</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.stash}>
                  <th scope="row">
                    <Address value={s.stash} />
                  </th>
                  <td>
                    {selectionReasonInWords(s.reason)}
                    {s.detail ? <div className="muted">{s.detail}</div> : null}
                  </td>
                  <td>
                    <AddressList list={s.keptTargets} empty="none" nameOf={nameOf} />
                  </td>
                  <td>
                    <AddressList list={s.drawnTargets} empty="none" nameOf={nameOf} />
                  </td>
                  <td>
                    <StatusBadge status={s.status} words={selectionStatusInWords(s.status)} />
                    {s.error ? <div className="record-differs">{s.error}</div> : null}
                    {s.block ? <div className="muted">in block #{s.block.number}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorBox error={more.error} title="More selections could not be read" />
      {cursor ? (
        <p className="record-more">
          <button type="button" className="secondary" onClick={loadMore} disabled={more.busy}>
            {more.busy ? 'Loading more selections…' : 'More selections'}
          </button>
        </p>
      ) : null}
    </section>
  );
}

/** Targets with their names in the programme's list, when it names them. */
function AddressList({
  list,
  empty,
  nameOf,
}: {
  list: string[];
  empty: string;
  nameOf(address: string): string | null;
}) {
  if (list.length === 0) return <span className="muted">{empty}</span>;
  return (
    <ol className="record-addresses">
      {list.map((a) => (
        <li key={a}>
          <Address value={a} label={nameOf(a)} />
        </li>
      ))}
    </ol>
  );
}
