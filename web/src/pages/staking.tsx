import { useApp } from '../app-state.js';
import { ErrorBox } from '../components/error-box.js';
import { ApiError, seg } from '../lib/api.js';
import { href } from '../router.js';
import { ConnectPrompt } from './join/about.js';
import { useStashOnChain } from './join/use-stash-on-chain.js';
import type { DelegationView, HistoryEntry } from './staking/delegation-api.js';
import { HistoryTable } from './staking/history-table.js';
import { NominationsSection, SelectionsTable } from './staking/nominations-section.js';
import { RewardsSection } from './staking/rewards-section.js';
import { StatusSection } from './staking/status-section.js';
import { useAllPages } from './staking/use-all-pages.js';
import { useCandidateNames } from './staking/use-candidate-names.js';
import './join/join.css';
import './staking/staking.css';

/** `#/staking`: the chosen account's delegation, nominations and why, history, warnings and rewards. */
export function StakingPage() {
  const { account } = useApp();
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">My staking</h1>
      {account ? <MyStaking key={account.address} address={account.address} /> : <ConnectPrompt />}
    </section>
  );
}

const pickHistory = (v: DelegationView) => v.history;

function MyStaking({ address }: { address: string }) {
  // Rounds, the watcher and payouts move on their own: read again now and then.
  const view = useAllPages<DelegationView, HistoryEntry>(`/v1/delegations/${seg(address)}?limit=1000`, pickHistory, {
    maxPages: 20,
    pollMs: 10_000,
  });
  const chain = useStashOnChain(address);
  const names = useCandidateNames();
  const notFound = view.error instanceof ApiError && view.error.status === 404;
  if (notFound)
    return (
      <div className="card" role="status">
        <p data-testid="delegation-status">This account does not delegate to NDeST.</p>
        <p>
          <a href={href()}>Start staking with NDeST</a>: it nominates validators for this account once you opt in.
        </p>
      </div>
    );
  const first = view.first;
  return (
    <>
      <ErrorBox error={view.error} />
      {!first ? (
        view.error ? null : (
          <p className="muted">Reading NDeST…</p>
        )
      ) : (
        <>
          <StatusSection view={first} />
          <NominationsSection
            chainTargets={chain.stash?.nominations ?? null}
            ndestTargets={first.delegation.targets}
            selections={first.selections}
            nameOf={names.nameOf}
            chainKnown={chain.stash !== null}
          />
          {chain.error ? <ErrorBox error={chain.error} title="The chain" /> : null}
          <SelectionsTable selections={first.selections} />
          <RewardsSection address={address} />
          <HistoryTable history={view.items ?? []} complete={view.complete} />
        </>
      )}
    </>
  );
}
