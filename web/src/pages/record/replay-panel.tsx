import { useState } from 'react';
import { useApp } from '../../app-state.js';
import { ErrorBox } from '../../components/error-box.js';
import { api, seg } from '../../lib/api.js';
import { replayDrawsInBrowser, roundSeedOf, type BrowserReplay } from '../../lib/replay-draw.js';
import { readSeedBlock } from './chain-seed-block.js';
import { loadRoundSelections, loadSnapshotCandidates } from './load-replay-inputs.js';
import { ReplayResults } from './replay-results.js';
import { chainVerdict, drawsVerdict, seedVerdict, type ChainCheck } from './replay-verdict.js';
import type { RoundDetail, ServerReplay } from './types.js';

type StepState = 'todo' | 'doing' | 'done' | 'failed';
type StepKey = 'snapshot' | 'selections' | 'draw' | 'seed' | 'chain';
interface Step {
  key: StepKey;
  label: string;
  state: StepState;
  detail?: string;
}

export interface ReplayOutcome {
  replay: BrowserReplay;
  /** Whether the pool rebuilt here is the one the service says the draw picked from. */
  poolAsServiceSays: boolean | null;
  draws: ReturnType<typeof drawsVerdict>;
  seed: ReturnType<typeof seedVerdict>;
  chain: ReturnType<typeof chainVerdict>;
}

/**
 * Replays a round's draw in this browser: reads its stored snapshot and every recorded selection
 * from the API, draws again with the service's own algorithm, derives the seed from the recorded
 * seed block hash, and reads that block's hash from the chain; next to it, the service's own replay.
 */
export function ReplayPanel({ detail }: { detail: RoundDetail }) {
  const { config } = useApp();
  const { round, snapshot } = detail;
  const [steps, setSteps] = useState<Step[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<ReplayOutcome | null>(null);
  const [server, setServer] = useState<{ replay: ServerReplay | null; error: unknown } | null>(null);

  const seedBlockNumber = round.seedBlockNumber;
  const seedBlockHash = round.seedBlockHash;
  const replayable =
    round.seed !== null && round.snapshotId !== null && seedBlockHash !== null && seedBlockNumber !== null;

  const set = (key: StepKey, state: StepState, detailText?: string) =>
    setSteps((all) => all.map((s) => (s.key === key ? { ...s, state, detail: detailText ?? s.detail } : s)));

  const run = async () => {
    if (!replayable) return;
    const seed = round.seed!;
    setRunning(true);
    setError(null);
    setOutcome(null);
    setServer(null);
    setSteps([
      { key: 'snapshot', label: `Read the round's candidate snapshot #${round.snapshotId}`, state: 'todo' },
      { key: 'selections', label: 'Read every selection the round recorded', state: 'todo' },
      { key: 'draw', label: 'Draw every selection again in this browser', state: 'todo' },
      { key: 'seed', label: 'Derive the seed from the recorded seed block hash', state: 'todo' },
      {
        key: 'chain',
        label: `Read block #${seedBlockNumber} from the chain (${config.chain.endpoint ?? 'no endpoint named'})`,
        state: 'todo',
      },
    ]);
    // The service's own verdict comes beside ours; it never holds ours back.
    api
      .get<ServerReplay>(`/v1/rounds/${seg(round.id)}/replay?limit=1`)
      .then((replay) => setServer({ replay, error: null }))
      .catch((e: unknown) => setServer({ replay: null, error: e }));
    let current: StepKey = 'snapshot';
    try {
      set('snapshot', 'doing');
      const candidates = await loadSnapshotCandidates(round.snapshotId!, (read, total) =>
        set('snapshot', 'doing', `${read} of ${total} candidates`),
      );
      set('snapshot', 'done');
      current = 'selections';
      set('selections', 'doing');
      const selections = await loadRoundSelections(round.id, (read) => set('selections', 'doing', `${read} read`));
      set('selections', 'done', `${selections.length} ${selections.length === 1 ? 'selection' : 'selections'}`);

      current = 'draw';
      set('draw', 'doing');
      // Let the page show the step before a long computation holds the thread.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const replay = replayDrawsInBrowser({
        seed,
        targetsPerDelegator: round.targetsPerDelegator,
        candidates,
        selections,
      });
      const draws = drawsVerdict(replay);
      set(
        'draw',
        draws.verdict === 'ok' ? 'done' : 'failed',
        `from a pool of ${replay.pool.length} eligible validators`,
      );

      current = 'seed';
      const seedCheck = seedVerdict(seed, roundSeedOf(round.id, seedBlockHash!));
      set('seed', seedCheck.verdict === 'ok' ? 'done' : 'failed');

      current = 'chain';
      set('chain', 'doing');
      const endpoint = config.chain.endpoint;
      const chainCheck: ChainCheck = endpoint
        ? await readSeedBlock(endpoint, seedBlockNumber!)
            .then((block) => ({ block }))
            .catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }))
        : { error: 'the service names no chain endpoint' };
      const chain = chainVerdict(seedBlockNumber!, seedBlockHash!, chainCheck);
      set('chain', chain.verdict === 'ok' ? 'done' : 'failed');

      const servicePool = snapshot?.eligibleInactive ?? null;
      const poolAsServiceSays =
        servicePool === null
          ? null
          : servicePool.length === replay.pool.length && servicePool.every((a, i) => a === replay.pool[i]);
      setOutcome({ replay, poolAsServiceSays, draws, seed: seedCheck, chain });
    } catch (e) {
      set(current, 'failed');
      setError(e);
    } finally {
      setRunning(false);
    }
  };

  return (
    <section aria-labelledby="round-replay" className="card">
      <h2 id="round-replay">Replay the draw</h2>
      <p>
        Check this round without trusting NDeST: your browser reads the round's stored candidate snapshot and every
        recorded selection, draws each one again with the same algorithm the service uses (HMAC-SHA256 keyed by the seed
        and the stash, a uniform shuffle of the eligible inactive validators), derives the seed from the recorded seed
        block hash, and reads that block's hash from the chain itself.
      </p>
      {replayable ? (
        <button type="button" onClick={run} disabled={running}>
          {running ? 'Replaying the draw…' : 'Replay the draw in this browser'}
        </button>
      ) : (
        <p className="muted" role="note">
          This round has no draw to replay
          {round.status === 'skipped' ? ' (it was skipped)' : ' yet: its seed block has not come'}.
        </p>
      )}
      {steps.length > 0 ? (
        <ol className="steps" aria-label="Replay steps">
          {steps.map((s) => (
            <li key={s.key} data-state={s.state}>
              {s.label}
              {s.detail ? <span className="muted"> — {s.detail}</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
      <ErrorBox error={error} title="The replay could not finish" />
      {outcome ? <ReplayResults outcome={outcome} /> : null}
      {server ? <ServiceVerdict server={server} roundId={round.id} /> : null}
    </section>
  );
}

/** What the service's own replay (GET /v1/rounds/{id}/replay) says, beside the browser's. */
function ServiceVerdict({
  server,
  roundId,
}: {
  server: { replay: ServerReplay | null; error: unknown };
  roundId: string;
}) {
  if (server.error) return <ErrorBox error={server.error} title="The service's own replay could not be read" />;
  const replay = server.replay!;
  return (
    <div className="record-service-verdict">
      <h3>The service's own replay</h3>
      <p>
        <a href={`/v1/rounds/${seg(roundId)}/replay`}>GET /v1/rounds/{roundId}/replay</a> says:{' '}
        <strong className={replay.matches ? 'ok' : undefined}>
          {replay.matches ? 'every draw matches' : 'some draws differ'}
        </strong>
        ; seed {replay.seed.matches ? 'checked against the chain' : 'not confirmed'}: {replay.seed.detail}.
      </p>
    </div>
  );
}
