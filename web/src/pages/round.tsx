import { useEffect, useState } from 'react';
import { ErrorBox } from '../components/error-box.js';
import { seg } from '../lib/api.js';
import { useFetch } from '../lib/use-fetch.js';
import { href } from '../router.js';
import { BatchesTable } from './record/batches-table.js';
import { ReplayPanel } from './record/replay-panel.js';
import { RoundFacts } from './record/round-facts.js';
import { SELECTIONS_PAGE, SelectionsTable } from './record/selections-table.js';
import type { RoundDetail } from './record/types.js';
import './record/record.css';

const FINISHED = new Set(['completed', 'skipped']);

/** One round: what it committed to, its extrinsics and selections, and its draw replayed here. */
export function RoundPage({ id }: { id: string }) {
  const valid = /^[0-9]{1,18}$/.test(id);
  const [finished, setFinished] = useState(false);
  const { data, error, loading } = useFetch<RoundDetail>(
    valid ? `/v1/rounds/${seg(id)}?limit=${SELECTIONS_PAGE}` : null,
    finished ? undefined : 5_000,
  );
  // A round under way is followed until it finishes; a finished one never changes. (The page is
  // reused from one round to the next: the answer for this id decides.)
  useEffect(() => {
    setFinished(valid && data !== null && data.round.id === String(BigInt(id)) && FINISHED.has(data.round.status));
  }, [data, id, valid]);
  return (
    <section>
      <p>
        <a href={href('record')}>← Public record</a>
      </p>
      <h1>Round {id}</h1>
      {!valid ? (
        <p role="alert" className="error">
          “{id}” is not a round number.
        </p>
      ) : null}
      <ErrorBox error={error} title="This round could not be read" />
      {loading && !data ? <p role="status">Loading round {id}…</p> : null}
      {data ? (
        <>
          <RoundFacts detail={data} />
          <ReplayPanel key={`${data.round.id}:${data.round.status}`} detail={data} />
          <BatchesTable batches={data.batches} dryRun={data.round.dryRun} />
          <SelectionsTable detail={data} />
        </>
      ) : null}
    </section>
  );
}
