import { ErrorBox } from '../components/error-box.js';
import { useFetch } from '../lib/use-fetch.js';
import { EnteredByEra } from './record/entered-by-era.js';
import { RoundsLog } from './record/rounds-log.js';
import { Totals } from './record/totals.js';
import type { Stats } from './record/types.js';
import './record/record.css';

/** The public record: what NDeST achieved, and every round, each of which anyone can replay. */
export function RecordPage() {
  const stats = useFetch<Stats>('/v1/stats', 30_000);
  return (
    <section>
      <h1>Public record</h1>
      <p>
        NDeST nominates validators that are not in the active set yet, on behalf of its delegators. Everything it does
        is public: these figures, and every round's draw, which you can replay yourself.
      </p>
      <ErrorBox error={stats.error} title="The figures could not be read" />
      {stats.loading && !stats.data ? <p role="status">Loading the figures…</p> : null}
      {stats.data ? (
        <>
          <Totals stats={stats.data} />
          <EnteredByEra eras={stats.data.eras} />
        </>
      ) : null}
      <RoundsLog />
    </section>
  );
}
