import { useEffect, useState } from 'react';
import { useApp } from '../../app-state.js';
import { ErrorBox } from '../../components/error-box.js';
import { api, seg } from '../../lib/api.js';
import { formatDecimal, parseDecimalText } from '../../../../src/domain/shared/fixed-point.js';
import { useFetch } from '../../lib/use-fetch.js';
import { href } from '../../router.js';
import { CreateCollectiveForm } from './create-form.js';
import { useRegistry } from './registry.js';
import { StatusBadge } from './status-badge.js';
import type { CollectiveDetail, Names } from './types.js';
import './collectives.css';

const PAGE = 20;

/** `#/collectives`: every collective (a page at a time, removed ones too), the chosen account's, and the create form. */
export function CollectivesPage() {
  const registry = useRegistry();
  return (
    <section>
      <h1>Staking collectives</h1>
      <p>
        A staking collective commits stake to spending pools: its contributors' KSM stays bonded in their own stashes,
        nominated by NDeST, and the rewards of the committed part go to the pools its owners chose.
      </p>
      <MyCollectives />
      <CollectiveList />
      <CreateCollectiveForm registry={registry} />
    </section>
  );
}

function MyCollectives() {
  const { account } = useApp();
  const mine = useFetch<{ address: string; collectives: string[] }>(
    account ? `/v1/accounts/${seg(account.address)}/collectives` : null,
  );
  return (
    <section className="card" aria-labelledby="my-collectives">
      <h2 id="my-collectives">My collectives</h2>
      {!account ? (
        <p className="muted">
          Connect a wallet and pick an account to see where it contributes, owns or may contribute.
        </p>
      ) : mine.error ? (
        <ErrorBox error={mine.error} />
      ) : !mine.data ? (
        <p className="muted">Loading…</p>
      ) : mine.data.collectives.length === 0 ? (
        <p>This account takes part in no collective yet.</p>
      ) : (
        <ul>
          {mine.data.collectives.map((n) => (
            <li key={n}>
              <a href={href('collectives', n)}>{n}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One page of names, each with its status and bonded value (the details of the page's names, read at once). */
function CollectiveList() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useFetch<Names>(`/v1/collectives?limit=${PAGE}${cursor ? `&cursor=${seg(cursor)}` : ''}`);
  const details = useDetails(page.data?.names ?? []);
  return (
    <section className="card" aria-labelledby="all-collectives">
      <h2 id="all-collectives">All collectives</h2>
      <ErrorBox error={page.error} />
      {page.data && page.data.names.length === 0 && cursors.length === 1 ? (
        <p>No collective exists yet: be the first to create one below.</p>
      ) : null}
      {page.data && page.data.names.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Collectives in name order</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Bonded value / minimum
                </th>
                <th scope="col">Contributors</th>
              </tr>
            </thead>
            <tbody>
              {page.data.names.map((n) => {
                const d = details[n];
                return (
                  <tr key={n}>
                    <td>
                      <a href={href('collectives', n)}>{n}</a>
                      {d?.description ? <div className="muted small">{d.description}</div> : null}
                    </td>
                    <td>{d ? <StatusBadge status={d.status} /> : <span className="muted">…</span>}</td>
                    <td className="num">{d ? `${value(d.bondedValue)} / ${value(d.minimum)}` : ''}</td>
                    <td>{d ? d.contributors.filter((c) => c.status === 'counting').length : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav className="pager" aria-label="Pages of collectives">
        {cursors.length > 1 ? (
          <button type="button" className="secondary" onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous page
          </button>
        ) : null}
        {page.data?.nextCursor ? (
          <button type="button" className="secondary" onClick={() => setCursors([...cursors, page.data!.nextCursor])}>
            Next page
          </button>
        ) : null}
      </nav>
    </section>
  );
}

const value = (decimal: string) => formatDecimal(parseDecimalText(decimal) ?? 0n);

/** The details of these collectives (one page's worth), read side by side; a failed read leaves its row bare. */
function useDetails(names: string[]): Record<string, CollectiveDetail> {
  const { version } = useApp();
  const [details, setDetails] = useState<Record<string, CollectiveDetail>>({});
  const key = names.join('\n');
  useEffect(() => {
    let live = true;
    for (const n of names)
      api
        .get<CollectiveDetail>(`/v1/collectives/${seg(n)}?limit=1`)
        .then((d) => live && setDetails((all) => ({ ...all, [n]: d })))
        .catch(() => undefined);
    return () => {
      live = false;
    };
    // `key` stands for `names`: the same names in a new array read nothing again.
  }, [key, version]);
  return details;
}
