import { Gauge, type Registry } from 'prom-client';
import type { ChangeFeed } from '../db/change-feed.js';
import { GaugeValue } from './gauge-value.js';

/** One series of a gauge: its labels and value. */
export interface GaugeSeries<L extends string> {
  labels: Record<L, string>;
  value: number;
}

export interface FeedGaugeOptions<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Announces writes to `tables`, by any process. */
  changes: ChangeFeed;
  /** The tables whose writes change the series. */
  tables: readonly string[];
  /** Reads every series (a query): only ever in the background, never by a scrape. */
  load: () => Promise<GaugeSeries<L>[]>;
  /** Least time between two loads while the tables keep changing. */
  minGapMs?: number;
  /** How often it is read while the feed is down (no announcements arrive then). */
  unannouncedEveryMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * A gauge whose series are read again when the change feed announces a write to its tables (and
 * once at start), so that a scrape only copies them from memory. Series that disappear are dropped.
 */
export function registerFeedGauge<L extends string>(registry: Registry, options: FeedGaugeOptions<L>): () => void {
  const value = new GaugeValue<GaugeSeries<L>[]>({
    load: options.load,
    minGapMs: options.minGapMs ?? 500,
    onError: options.onError,
  });
  const unsubscribe = options.changes.onChange((table) => {
    if (table === '*' || options.tables.includes(table)) value.invalidate();
  });
  const unannounced = setInterval(() => {
    if (!options.changes.live()) value.invalidate();
  }, options.unannouncedEveryMs ?? 5_000);
  unannounced.unref();
  value.invalidate();
  new Gauge<L>({
    name: options.name,
    help: options.help,
    labelNames: options.labelNames,
    registers: [registry],
    collect() {
      const series = value.current();
      if (series === null) return; // not read yet: no series rather than zeros
      this.reset();
      for (const s of series) this.set(s.labels as never, s.value);
    },
  });
  return () => {
    unsubscribe();
    clearInterval(unannounced);
    value.stop();
  };
}
