import { useEffect, useState } from 'react';
import { useApp } from '../app-state.js';
import { AboutNdest, ConnectPrompt } from './join/about.js';
import { AccountOverview } from './join/account-overview.js';
import { JoinPanel } from './join/join-panel.js';
import { LeavePanel } from './join/leave-panel.js';
import { ProxyExplained } from './join/proxy-explained.js';
import { useJoinFlow } from './join/use-join-flow.js';
import { useStashOnChain } from './join/use-stash-on-chain.js';
import { useDelegation } from './staking/use-delegation.js';
import './join/join.css';

/** `#/`: what NDeST is, the chosen account as the chain and NDeST see it, one click to join or leave. */
export function HomePage() {
  const { account } = useApp();
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Stake with NDeST</h1>
      <AboutNdest />
      {account ? <JoinAccount key={account.address} address={account.address} /> : <ConnectPrompt />}
      <ProxyExplained />
    </section>
  );
}

function JoinAccount({ address }: { address: string }) {
  // Poll only while something moves on its own: a pending delegation (the service's watcher makes
  // it active once the chain shows the bond and proxy), or this visit's join waiting for it.
  const [polling, setPolling] = useState(false);
  const delegation = useDelegation(address, polling ? 1_000 : undefined);
  const chain = useStashOnChain(address, polling ? 3_000 : undefined);
  const status = delegation.view?.delegation.status ?? null;
  const flow = useJoinFlow({ chainApi: chain.api, stash: chain.stash, status });
  const shouldPoll = status === 'pending' || (flow.progress.current === 'watch' && !flow.progress.finished);
  useEffect(() => setPolling(shouldPoll), [shouldPoll]);
  const known = delegation.notFound || delegation.view !== null;
  return (
    <>
      <AccountOverview address={address} chain={chain} delegation={delegation} />
      <JoinPanel flow={flow} stash={chain.stash} status={status} known={known} />
      <LeavePanel address={address} status={status} chain={chain} />
    </>
  );
}
