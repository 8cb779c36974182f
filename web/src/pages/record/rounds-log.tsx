import { useEffect, useState } from 'react';
import { ErrorBox } from '../../components/error-box.js';
import { api, seg } from '../../lib/api.js';
import { formatTime } from '../../lib/format.js';
import { useFetch } from '../../lib/use-fetch.js';
import { href } from '../../router.js';
import { StatusBadge } from './status-badge.js';
import type { RoundList } from './types.js';
import { roundStatusInWords } from './words.js';

const PAGE = 20;
/** Selections counted per row: a round with more shows "more than" and its page has them all. */

/** The round log (GET /v1/rounds), newest first, a page at a time. */
export function RoundsLog() {
  const first = useFetch<RoundList>(`/v1/rounds?limit=${PAGE}`, 15_000);
  const [older, setOlder] = useState<RoundList['rounds']>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });

  // A new round on top starts the list over (older pages follow from the first); a mere refresh
  // of the same first page keeps the older pages already read.
  const topId = first.data?.rounds[0]?.id ?? null;
  const firstCursor = first.data?.nextCursor ?? null;
  useEffect(() => {
    setOlder([]);
    setCursor(firstCursor);
  }, [topId]);

  const loadMore = async () => {
    if (!cursor) return;
    setMore({ busy: true, error: null });
    try {
      const page = await api.get<RoundList>(`/v1/rounds?limit=${PAGE}&cursor=${seg(cursor)}`);
      setOlder((rows) => [...rows, ...page.rounds]);
      setCursor(page.nextCursor);
      setMore({ busy: false, error: null });
    } catch (error) {
      setMore({ busy: false, error });
    }
  };

  const rounds = [...(first.data?.rounds ?? []), ...older];
  return (
    <section aria-labelledby="record-rounds">
      <h2 id="record-rounds">Rounds</h2>
      <p className="muted">
        Every round ever started, newest first. A round commits to its candidate snapshot and to a future block whose
        hash seeds its draw; open one to replay its draw in your browser.
      </p>
      <ErrorBox error={first.error} title="The round log could not be read" />
      {first.loading && !first.data ? <p role="status">Loading the round log…</p> : null}
      {first.data && rounds.length === 0 ? <p>No round has run yet.</p> : null}
      {rounds.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="muted">
              {rounds.length} {rounds.length === 1 ? 'round' : 'rounds'} shown
            </caption>
            <thead>
              <tr>
                <th scope="col">Round</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Era
                </th>
                <th scope="col">Created</th>
                <th scope="col" className="num">
                  Selections
                </th>
                <th scope="col">Seed</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <a href={href('rounds', r.id)}>Round {r.id}</a>
                  </th>
                  <td>
                    <StatusBadge status={r.status} words={roundStatusInWords(r.status)} />
                    {r.dryRun ? <span className="badge"> dry run</span> : null}
                  </td>
                  <td className="num">{r.activeEra ?? '—'}</td>
                  <td>{formatTime(r.createdAt)}</td>
                  <td className="num">{r.selectionCount}</td>
                  <td>
                    {r.seed ? (
                      <code className="record-hex">{r.seed}</code>
                    ) : (
                      <span className="muted">{r.status === 'planning' ? 'not yet' : 'none'}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ErrorBox error={more.error} title="More rounds could not be read" />
      {cursor ? (
        <p className="record-more">
          <button type="button" className="secondary" onClick={loadMore} disabled={more.busy}>
            {more.busy ? 'Loading more rounds…' : 'More rounds'}
          </button>
        </p>
      ) : null}
    </section>
  );
}
