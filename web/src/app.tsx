import { WalletBar } from './components/wallet-bar.js';
import { CollectivePage, CollectivesPage } from './pages/collectives.js';
import { DemoPanel } from './pages/demo-panel.js';
import { HomePage } from './pages/home.js';
import { PoolPage, PoolsPage } from './pages/pools.js';
import { ProposalPage } from './pages/proposal.js';
import { RecordPage } from './pages/record.js';
import { RoundPage } from './pages/round.js';
import { StakingPage } from './pages/staking.js';
import { href, useRoute } from './router.js';
import { useApp } from './app-state.js';

const NAV: Array<[string, string]> = [
  ['', 'Join'],
  ['staking', 'My staking'],
  ['record', 'Public record'],
  ['collectives', 'Collectives'],
  ['pools', 'Spending pools'],
];

function View({ route }: { route: string[] }) {
  const [first, second] = route;
  switch (first) {
    case undefined:
      return <HomePage />;
    case 'staking':
      return <StakingPage />;
    case 'record':
      return <RecordPage />;
    case 'rounds':
      return second ? <RoundPage id={second} /> : <RecordPage />;
    case 'collectives':
      return second ? <CollectivePage name={second} /> : <CollectivesPage />;
    case 'pools':
      return second ? <PoolPage name={second} /> : <PoolsPage />;
    case 'proposals':
      return second ? <ProposalPage id={second} /> : <CollectivesPage />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>
            There is no page here. <a href={href()}>Back to the start</a>.
          </p>
        </section>
      );
  }
}

export function App() {
  const route = useRoute();
  const { config } = useApp();
  const current = route[0] === 'rounds' ? 'record' : (route[0] ?? '');
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href={href()}>
          NDeST <span className="brand-sub">non-profit delegated staking · {config.network}</span>
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map(([path, label]) => (
              <li key={path}>
                <a href={href(...(path ? [path] : []))} aria-current={current === path ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <WalletBar />
      </header>
      {config.demo ? <DemoPanel /> : null}
      {!config.chain.connected ? (
        <p className="notice" role="status">
          NDeST is not connected to the chain right now: you can browse, but joining and signing wait until it is.
        </p>
      ) : null}
      <main id="main" tabIndex={-1}>
        <View route={route} />
      </main>
      <footer>
        <p>
          NDeST never holds your funds: you keep your KSM bonded in your own account and can leave at any time.{' '}
          <a href="/docs">API documentation</a>
        </p>
      </footer>
    </>
  );
}
