import autocannon, { type Instance, type Request, type Result } from 'autocannon';
import { startCpuCount } from './process-cpu.js';

/** What one load case measured. */
export interface LoadFigures {
  /** Average responses per second over the run (of the expected status only for `rate: 'expected'`). */
  perSecond: number;
  durationS: number;
  /** Responses with the expected status. */
  expected: number;
  /** Responses with another status, plus socket errors (timeouts among them). */
  other: number;
  /** Status codes seen, e.g. `201: 9,000, 409: 3`. */
  statuses: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
  /** Bytes an answer, headers included (what the server writes and the load generator parses). */
  bytesPerAnswer: number;
  /** CPU of the watched processes over the case, % of one core (see process-cpu.ts). */
  cpu: Record<string, number>;
}

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  /** The status a correct answer has (200, 201, or 404 for an unknown address). */
  expectedStatus: number;
  requests?: Request[];
  method?: string;
  headers?: Record<string, string>;
  /** Stop after this many requests (a pool of pre-signed bodies), or at `seconds`, whichever first. */
  amount?: number;
  /**
   * `all`: every response counts in perSecond (reads); `expected`: only the expected status
   * (opt-in: accepted per second, errors apart).
   */
  rate?: 'all' | 'expected';
}

/** A running load: `stop()` ends it early (the round case stops when the round is built). */
export interface RunningLoad {
  stop(): void;
  done: Promise<LoadFigures>;
}

/**
 * autocannon in this process (the load generator takes about one core). Latencies are autocannon's
 * histogram (ms, every response counted, whatever its status).
 */
export function startLoad(spec: LoadSpec): RunningLoad {
  let instance: Instance | undefined;
  let timer: NodeJS.Timeout | undefined;
  const cpu = startCpuCount();
  const done = new Promise<LoadFigures>((resolve, reject) => {
    instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        // With `amount`, autocannon ignores the duration: the timer below ends it instead.
        ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.seconds }),
        method: spec.method ?? 'GET',
        headers: spec.headers,
        requests: spec.requests,
        timeout: 30,
      },
      (error, result) => {
        if (timer) clearTimeout(timer);
        if (error) reject(error);
        else resolve(figures(result, spec, cpu.stop()));
      },
    );
  });
  if (spec.amount !== undefined) timer = setTimeout(() => instance?.stop(), spec.seconds * 1000);
  return { stop: () => instance?.stop(), done };
}

export const runLoad = (spec: LoadSpec): Promise<LoadFigures> => startLoad(spec).done;

function figures(result: Result, spec: LoadSpec, cpu: Record<string, number>): LoadFigures {
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = count;
  const expected = statuses[String(spec.expectedStatus)] ?? 0;
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  const durationS = result.duration > 0 ? result.duration : spec.seconds;
  return {
    perSecond: spec.rate === 'expected' ? expected / durationS : result.requests.average,
    durationS,
    expected,
    // autocannon counts timeouts among its errors.
    other: answered - expected + result.errors,
    statuses,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    bytesPerAnswer: answered > 0 ? result.throughput.total / answered : 0,
    cpu,
  };
}
