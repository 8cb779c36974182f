/**
 * A small closed-loop HTTP load generator for 127.0.0.1: `connections` concurrent clients, each
 * sending its next request as soon as the previous answered, until `durationMs` passed or
 * `maxRequests` were sent (whichever comes first). It records every status and latency; it
 * asserts nothing (the test does, and never on times).
 *
 * It uses the global fetch (undici, keep-alive: one connection per concurrent client) and not
 * node:http, because Chopsticks, loaded in the same test process, installs global-agent, which
 * replaces every node:http request's agent with its own and closes each connection after one
 * request.
 */

export interface LoadRequest {
  /** For the figures: e.g. 'opt-in', 'status'. */
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Called with the answer (status, parsed JSON body or null). */
  onAnswer?: (status: number, body: unknown) => void;
}

export interface LoadOptions {
  baseUrl: string;
  connections: number;
  durationMs: number;
  maxRequests: number;
  /** The next request to send (called once per request). */
  next: () => LoadRequest;
}

export interface KindFigures {
  requests: number;
  statuses: Record<string, number>;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoadReport {
  clients: number;
  startedAt: number;
  elapsedMs: number;
  requests: number;
  perSecond: number;
  /** Status code (or 'error: <code>') → count. */
  statuses: Record<string, number>;
  byKind: Record<string, KindFigures>;
  /** Requests without an HTTP answer (connection reset, timeout…), with the first few reasons. */
  errors: number;
  errorSamples: string[];
}

const REQUEST_TIMEOUT_MS = 30_000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const samples: { kind: string; status: string; ms: number }[] = [];
  const errorSamples: string[] = [];
  const startedAt = Date.now();
  const deadline = startedAt + options.durationMs;
  let issued = 0;

  const send = async (req: LoadRequest): Promise<{ status: string; body: unknown }> => {
    try {
      const res = await fetch(new URL(req.path, options.baseUrl), {
        method: req.method,
        headers: req.body === undefined ? {} : { 'content-type': 'application/json' },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the status is what counts
      }
      return { status: String(res.status), body };
    } catch (e) {
      const error = e as Error & { cause?: { code?: string } };
      if (errorSamples.length < 10)
        errorSamples.push(`${req.method} ${req.path}: ${error.message} ${error.cause?.code ?? ''}`);
      return { status: `error: ${error.cause?.code ?? error.name}`, body: null };
    }
  };

  const connection = async () => {
    while (Date.now() < deadline && issued < options.maxRequests) {
      issued++;
      const req = options.next();
      const t0 = performance.now();
      const { status, body } = await send(req);
      samples.push({ kind: req.kind, status, ms: performance.now() - t0 });
      if (!status.startsWith('error')) req.onAnswer?.(Number(status), body);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, connection));
  const elapsedMs = Date.now() - startedAt;

  const count = (list: typeof samples) =>
    list.reduce<Record<string, number>>((acc, s) => ((acc[s.status] = (acc[s.status] ?? 0) + 1), acc), {});
  const byKind: Record<string, KindFigures> = {};
  for (const kind of new Set(samples.map((s) => s.kind))) {
    const mine = samples.filter((s) => s.kind === kind);
    const ms = mine.map((s) => s.ms).sort((a, b) => a - b);
    byKind[kind] = {
      requests: mine.length,
      statuses: count(mine),
      p50Ms: percentile(ms, 50),
      p90Ms: percentile(ms, 90),
      p99Ms: percentile(ms, 99),
      maxMs: ms.at(-1) ?? 0,
    };
  }
  return {
    clients: options.connections,
    startedAt,
    elapsedMs,
    requests: samples.length,
    perSecond: samples.length / (elapsedMs / 1000),
    statuses: count(samples),
    byKind,
    errors: samples.filter((s) => s.status.startsWith('error')).length,
    errorSamples,
  };
}

/** The figures as a few readable lines. */
export function formatLoadReport(report: LoadReport): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const lines = [
    `${report.requests} requests in ${(report.elapsedMs / 1000).toFixed(1)} s (${report.perSecond.toFixed(1)}/s) ` +
      `from ${report.clients} concurrent clients; statuses ${JSON.stringify(report.statuses)}; ` +
      `no answer: ${report.errors}`,
  ];
  for (const [kind, f] of Object.entries(report.byKind))
    lines.push(
      `  ${kind}: ${f.requests} requests, statuses ${JSON.stringify(f.statuses)}, ` +
        `p50 ${ms(f.p50Ms)}, p90 ${ms(f.p90Ms)}, p99 ${ms(f.p99Ms)}, max ${ms(f.maxMs)}`,
    );
  for (const e of report.errorSamples) lines.push(`  error: ${e}`);
  return lines.join('\n');
}
