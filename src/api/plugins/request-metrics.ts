import { Counter, Histogram, type Registry } from 'prom-client';

const LABELS = ['method', 'route', 'status_code'] as const;
type Label = (typeof LABELS)[number];
type Labels = Record<Label, string>;

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The requests of one (method, route, status): plain numbers, bumped on every response. */
interface Series {
  labels: Labels;
  count: number;
  /** Of `count`, how many the counter was given already. */
  counted: number;
  sum: number;
  /** Per bound of BUCKETS (not cumulative); durations above the last bound are only in `count`. */
  buckets: number[];
}

/**
 * `http_requests_total` and `http_request_duration_seconds` of one registry, counted in plain
 * numbers: `record` runs on every response, and prom-client's own `inc`/`observe` hash and check
 * the labels on every call (several microseconds, a share of a fast route's whole cost). The
 * numbers are handed to the metrics when the registry is rendered, in prom-client's own shapes.
 */
export class RequestMetrics {
  readonly #series = new Map<string, Series>();

  private constructor(registry: Registry) {
    const series = this.#series;
    new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests served',
      labelNames: LABELS,
      registers: [registry],
      collect() {
        for (const s of series.values())
          if (s.count > s.counted) {
            this.inc(s.labels, s.count - s.counted);
            s.counted = s.count;
          }
      },
    });
    new RecordedHistogram(registry, series);
  }

  /** Every plugin instance on one registry (an app built twice on it) records into the same metrics. */
  static of(registry: Registry): RequestMetrics {
    let metrics = byRegistry.get(registry);
    if (!metrics) {
      metrics = new RequestMetrics(registry);
      byRegistry.set(registry, metrics);
    }
    return metrics;
  }

  record(method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${method} ${statusCode} ${route}`;
    let s = this.#series.get(key);
    if (!s) {
      s = {
        labels: { method, route, status_code: String(statusCode) },
        count: 0,
        counted: 0,
        sum: 0,
        buckets: BUCKETS.map(() => 0),
      };
      this.#series.set(key, s);
    }
    s.count++;
    s.sum += seconds;
    const bound = BUCKETS.findIndex((b) => seconds <= b);
    if (bound >= 0) s.buckets[bound]!++;
  }
}

const byRegistry = new WeakMap<Registry, RequestMetrics>();

type HistogramValues = Awaited<ReturnType<Histogram<Label>['get']>>;
const DURATION_HELP = 'Time to serve an HTTP request';

/**
 * The duration histogram, read from the recorded series: prom-client's Histogram (name, help,
 * type, registration) whose values are those series, as prom-client's `get()` gives them
 * (cumulative `_bucket` lines with `le` first, then `+Inf`, `_sum`, `_count`).
 */
class RecordedHistogram extends Histogram<Label> {
  readonly #series: Map<string, Series>;

  constructor(registry: Registry, series: Map<string, Series>) {
    super({
      name: 'http_request_duration_seconds',
      help: DURATION_HELP,
      labelNames: LABELS,
      buckets: BUCKETS,
      registers: [registry],
    });
    this.#series = series;
  }

  override async get(): Promise<HistogramValues> {
    const name = 'http_request_duration_seconds';
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const s of this.#series.values()) {
      let below = 0;
      BUCKETS.forEach((le, i) => {
        below += s.buckets[i]!;
        values.push({ labels: { le, ...s.labels }, value: below, metricName: `${name}_bucket` });
      });
      values.push({ labels: { le: '+Inf', ...s.labels }, value: s.count, metricName: `${name}_bucket` });
      values.push({ labels: { ...s.labels }, value: s.sum, metricName: `${name}_sum` });
      values.push({ labels: { ...s.labels }, value: s.count, metricName: `${name}_count` });
    }
    // prom-client's typings give `type` as a numeric enum; at run time (and in the text) it is 'histogram'.
    return { name, help: DURATION_HELP, type: 'histogram', values, aggregator: 'sum' } as unknown as HistogramValues;
  }

  /** The registry renders from this when a metric has it: the same values as `get()`. */
  async getForPromString(): Promise<HistogramValues> {
    return this.get();
  }
}
