import { useState } from 'react';
import { useApp } from '../../app-state.js';
import { ErrorBox } from '../../components/error-box.js';
import { seg } from '../../lib/api.js';
import { useFetch } from '../../lib/use-fetch.js';
import { href } from '../../router.js';
import { CreatePoolForm } from './create-pool-form.js';
import './pools.css';

const PAGE = 50;

/** Every pool's name, oldest first, a page at a time (GET /v1/spending-pools). */
function AllPools() {
  const [cursors, setCursors] = useState<string[]>(['']);
  const cursor = cursors[cursors.length - 1]!;
  const { data, error } = useFetch<{ names: string[]; nextCursor: string | null }>(
    `/v1/spending-pools?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
  );
  return (
    <section className="card" aria-labelledby="all-pools">
      <h2 id="all-pools">All pools</h2>
      <ErrorBox error={error} title="The pools could not be read" />
      {data && data.names.length === 0 && cursors.length === 1 ? (
        <p className="muted">No pool yet: create the first one below.</p>
      ) : null}
      {data ? (
        <ul className="name-list">
          {data.names.map((name) => (
            <li key={name}>
              <a href={href('pools', name)}>{name}</a>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="button-row">
        {cursors.length > 1 ? (
          <button type="button" className="secondary" onClick={() => setCursors((c) => c.slice(0, -1))}>
            Previous pools
          </button>
        ) : null}
        {data?.nextCursor ? (
          <button type="button" className="secondary" onClick={() => setCursors((c) => [...c, data.nextCursor!])}>
            More pools
          </button>
        ) : null}
      </div>
    </section>
  );
}

/** Pools where the chosen account owns, benefits or is registered (GET /v1/accounts/{address}/spending-pools). */
function MyPools() {
  const { account } = useApp();
  const { data, error } = useFetch<{ address: string; spendingPools: string[] }>(
    account ? `/v1/accounts/${seg(account.address)}/spending-pools` : null,
  );
  return (
    <section className="card" aria-labelledby="my-pools">
      <h2 id="my-pools">My pools</h2>
      {!account ? (
        <p className="muted">Connect a wallet and pick an account to see the pools it takes part in.</p>
      ) : null}
      <ErrorBox error={error} title="Your pools could not be read" />
      {account && data && data.spendingPools.length === 0 ? (
        <p className="muted">This account owns no pool, benefits from none and is registered in none.</p>
      ) : null}
      {data && data.spendingPools.length > 0 ? (
        <ul className="name-list">
          {data.spendingPools.map((name) => (
            <li key={name}>
              <a href={href('pools', name)}>{name}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** `#/pools`: the pools, the chosen account's, and a form to create one. */
export function PoolsPage() {
  return (
    <section>
      <h1>Spending pools</h1>
      <p>
        A spending pool holds tokens and pays them out to its beneficiaries by rules its owners set and change by vote.
        Anyone can deposit by transferring tokens to a pool’s account; staking collectives route their rewards into
        pools.
      </p>
      <div className="grid">
        <AllPools />
        <MyPools />
      </div>
      <CreatePoolForm />
    </section>
  );
}
