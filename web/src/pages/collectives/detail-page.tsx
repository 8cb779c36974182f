import { useState } from 'react';
import { useApp } from '../../app-state.js';
import { ErrorBox } from '../../components/error-box.js';
import { ApiError, seg } from '../../lib/api.js';
import { useFetch } from '../../lib/use-fetch.js';
import { href } from '../../router.js';
import { ContributeForm, DonateForm, WithdrawForm } from './action-forms.js';
import { Books } from './books.js';
import { Contributors } from './contributors.js';
import { History } from './history.js';
import { Overview } from './overview.js';
import { ProposalsList } from './proposals-list.js';
import { ProposeForm } from './propose-form.js';
import { useRegistry } from './registry.js';
import { StatusBadge } from './status-badge.js';
import type { CollectiveDetail } from './types.js';
import './collectives.css';

const DISTRIBUTIONS_PAGE = 20;

/** `#/collectives/<name>`: the whole record, read again every few seconds, and the chosen account's actions. */
export function CollectivePage({ name }: { name: string }) {
  const { account } = useApp();
  const registry = useRegistry();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const fetched = useFetch<CollectiveDetail>(
    `/v1/collectives/${seg(name)}?limit=${DISTRIBUTIONS_PAGE}${cursor ? `&cursor=${seg(cursor)}` : ''}`,
    5_000,
  );
  const c = fetched.data;

  if (fetched.error instanceof ApiError && fetched.error.status === 404)
    return (
      <section>
        <h1>{name}</h1>
        <p>
          There is no collective named {name}. <a href={href('collectives')}>All collectives</a>.
        </p>
      </section>
    );

  const mine = c && account ? (c.contributors.find((x) => x.address === account.address) ?? null) : null;
  const actionProps = c ? { c, tokens: registry.tokens, stakingTokens: registry.stakingTokens, mine } : null;
  return (
    <section>
      <p className="breadcrumb">
        <a href={href('collectives')}>Staking collectives</a> ›
      </p>
      <h1>
        {name} {c ? <StatusBadge status={c.status} /> : null}
      </h1>
      <ErrorBox error={fetched.error} />
      {!c ? (
        fetched.error ? null : (
          <p className="muted">Loading…</p>
        )
      ) : (
        <>
          {c.description ? <p className="lead">{c.description}</p> : null}
          {c.removed ? (
            <p className="warning" role="status">
              This collective was removed: {c.removed.reason}
            </p>
          ) : null}
          <Overview c={c} tokens={registry.tokens} />
          <Contributors c={c} tokens={registry.tokens} me={account?.address ?? null} />
          <section aria-labelledby="c-actions">
            <h2 id="c-actions">Take part</h2>
            {!account ? (
              <p className="muted">
                Connect a wallet and pick an account to contribute, lock, donate, withdraw or propose.
              </p>
            ) : null}
            {/* Keyed by the account: another account starts from fresh forms, not the last one's drafts. */}
            {actionProps && c.status !== 'removed' ? (
              <div className="collective-actions" key={account?.address ?? ''}>
                <ContributeForm {...actionProps} />
                <DonateForm {...actionProps} />
                <WithdrawForm {...actionProps} />
                <ProposeForm c={c} registry={registry} />
              </div>
            ) : null}
          </section>
          <ProposalsList name={c.name} />
          <Books c={c} tokens={registry.tokens} />
          <History
            c={c}
            tokens={registry.tokens}
            onNewer={cursors.length > 1 ? () => setCursors(cursors.slice(0, -1)) : undefined}
            onOlder={c.nextDistributionsCursor ? () => setCursors([...cursors, c.nextDistributionsCursor]) : undefined}
          />
        </>
      )}
    </section>
  );
}
