import { useState } from 'react';
import { useApp } from '../app-state.js';
import { Amount } from '../components/amount.js';
import { ErrorBox } from '../components/error-box.js';
import { api, ApiError, seg } from '../lib/api.js';
import { useFetch } from '../lib/use-fetch.js';
import { href } from '../router.js';
import { demoStory } from './demo-story.js';
import './demo-panel.css';

interface DemoState {
  activeEra: number;
}
interface DelegationView {
  delegation: { status: string; targets: string[]; drawnInEra: number | null };
}
interface RoundList {
  rounds: { activeEra: number | null; status: string }[];
}
interface Rewards {
  total: string;
  rewards: unknown[];
}

/** How often the panel reads the era, the round and the picked account's state again. */
const POLL_MS = 3_000;

/**
 * Demo mode only (`npm run demo`): says loudly that nothing here is real, drives the local chain's
 * eras ("Advance era") and tells, from what the API says, where the picked account stands in the
 * demo's story and what the next era brings.
 */
export function DemoPanel() {
  const app = useApp();
  const address = app.account?.address ?? null;
  const demo = useFetch<DemoState>('/v1/demo', POLL_MS);
  const rounds = useFetch<RoundList>('/v1/rounds?limit=1', POLL_MS);
  const delegation = useFetch<DelegationView>(address ? `/v1/delegations/${seg(address)}` : null, POLL_MS);
  const rewards = useFetch<Rewards>(address ? `/v1/delegations/${seg(address)}/rewards?limit=1` : null, POLL_MS);
  const [busy, setBusy] = useState(false);
  const [advanceError, setAdvanceError] = useState<unknown>(null);
  const [advancedTo, setAdvancedTo] = useState<number | null>(null);
  // The steps stay folded at phone width, where the panel would otherwise fill the first screen.
  const [stepsOpen, setStepsOpen] = useState(() => window.matchMedia?.('(min-width: 48rem)').matches ?? true);

  const notJoined = delegation.error instanceof ApiError && delegation.error.status === 404;
  const story = demoStory({
    activeEra: demo.data?.activeEra ?? null,
    hasAccount: address !== null,
    delegation: notJoined ? null : (delegation.data?.delegation ?? null),
    latestRound: rounds.data?.rounds[0] ?? null,
    rewardCount: rewards.data?.rewards.length ?? 0,
  });

  const advance = async () => {
    setBusy(true);
    setAdvanceError(null);
    try {
      const { era } = await api.post<{ era: number }>('/v1/demo/eras', {});
      setAdvancedTo(era);
      demo.reload();
      // Every view reads again: the new era changes statuses, rounds and the record.
      app.refresh();
    } catch (error) {
      setAdvanceError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="demo-panel demo-story" aria-labelledby="demo-panel-title">
      <div className="demo-head">
        <h2 id="demo-panel-title">Demo mode: local chain, test keys, nothing real</h2>
        <p className="demo-era" role="status">
          Active era: <strong>{demo.data ? demo.data.activeEra : '…'}</strong>
          {advancedTo !== null && demo.data?.activeEra === advancedTo ? ' (just advanced)' : null}
        </p>
        <button type="button" className="demo" onClick={() => void advance()} disabled={busy} aria-busy={busy}>
          {busy ? 'Advancing era…' : 'Advance era'}
        </button>
      </div>
      <p className="demo-intro">
        A local Kusama Asset Hub with validators of the programme. Without a wallet extension, press{' '}
        <strong>Use demo accounts</strong> at the top: the app then signs with the demo's test keys (marked DEMO).
        &ldquo;Advance era&rdquo; moves the chain to its next era, as six hours would on Kusama.
      </p>
      <p className="demo-next" aria-live="polite">
        <strong>Next:</strong> {story.next}
      </p>
      {story.roundRunning ? (
        <p className="demo-note">
          The round of this era is still running: advancing now makes it start over in the next era.
        </p>
      ) : null}
      {rewards.data && rewards.data.rewards.length > 0 ? (
        <p className="demo-rewards">
          Rewards so far: <Amount planck={rewards.data.total} /> — <a href={href('staking')}>My staking</a>
        </p>
      ) : null}
      <details className="demo-steps" open={stepsOpen} onToggle={(e) => setStepsOpen(e.currentTarget.open)}>
        <summary>The demo, step by step</summary>
        <ol className="steps">
          {story.steps.map((step) => (
            <li key={step.label} data-state={step.state}>
              {step.label}
              <span className="demo-sr"> ({step.state === 'todo' ? 'to do' : step.state})</span>
            </li>
          ))}
        </ol>
      </details>
      <ErrorBox error={advanceError} title="The era did not advance" />
      <ErrorBox error={demo.error} title="The demo's chain did not answer" />
    </aside>
  );
}
