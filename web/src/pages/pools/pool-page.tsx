import { useState } from 'react';
import { ErrorBox } from '../../components/error-box.js';
import { ProposalList } from '../../components/proposal-list.js';
import { seg } from '../../lib/api.js';
import { useFetch } from '../../lib/use-fetch.js';
import { href } from '../../router.js';
import { useTokens } from '../proposals/use-tokens.js';
import { PoolActions } from './pool-actions.js';
import { PoolBalances, PoolClaims, PoolRegistrations } from './pool-books.js';
import { PoolAccount, PoolSettingsView } from './pool-overview.js';
import { PoolProposeForm } from './pool-propose-form.js';
import type { PoolDetail } from './pool-types.js';
import './pools.css';

const CLAIMS_PAGE = 50;

/** `#/pools/<name>`: the whole record, the chosen account's actions and the pool's proposals. */
export function PoolPage({ name }: { name: string }) {
  const tokens = useTokens();
  // Cursors of the claims' pages seen so far: the last is the page shown ('' for the newest).
  const [cursors, setCursors] = useState<string[]>(['']);
  const cursor = cursors[cursors.length - 1]!;
  const query = `limit=${CLAIMS_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  // Polled: the account, deposits and payments arrive from the chain on the worker's schedule.
  const { data: pool, error } = useFetch<PoolDetail>(`/v1/spending-pools/${seg(name)}?${query}`, 5_000);
  return (
    <section>
      <p className="muted">
        <a href={href('pools')}>Spending pools</a> ›
      </p>
      <h1>Spending pool {name}</h1>
      <ErrorBox error={error} title="The pool could not be read" />
      {!pool && !error ? <p className="muted">Loading…</p> : null}
      {pool ? (
        <>
          <div className="grid">
            <PoolAccount pool={pool} />
            <PoolActions pool={pool} tokens={tokens} />
          </div>
          <PoolBalances pool={pool} tokens={tokens} />
          <PoolSettingsView pool={pool} tokens={tokens} />
          <PoolRegistrations pool={pool} tokens={tokens} />
          <PoolClaims
            pool={pool}
            tokens={tokens}
            onNewer={cursors.length > 1 ? () => setCursors((c) => c.slice(0, -1)) : null}
            onOlder={pool.nextClaimsCursor ? () => setCursors((c) => [...c, pool.nextClaimsCursor!]) : null}
          />
          <section className="card" aria-labelledby="pool-proposals">
            <h2 id="pool-proposals">Proposals</h2>
            <ProposalList scope="pool" subject={pool.name} />
          </section>
          <PoolProposeForm key={pool.name} pool={pool} tokens={tokens} />
        </>
      ) : null}
    </section>
  );
}
