import type { ServiceProcess } from './service-processes.js';

/**
 * What a failing fault test shows of the service: per process, its warnings and errors and its
 * last lines (pino JSON, shortened), so that a failure points at the service's own account of it.
 */
export function relevantLogs(procs: (ServiceProcess | undefined)[], { warnings = 40, tail = 15 } = {}): string {
  const out: string[] = [];
  for (const proc of procs) {
    if (!proc) continue;
    const lines = proc.output().split('\n').filter(Boolean);
    const levelOf = (line: string): number => {
      try {
        return Number((JSON.parse(line) as { level?: unknown }).level) || 0;
      } catch {
        // Not pino: console output of a library; keep it when it looks like a problem.
        return /error|warn|fail/i.test(line) ? 40 : 0;
      }
    };
    const flagged = lines.filter((l) => levelOf(l) >= 40).slice(-warnings);
    const last = lines.slice(-tail).filter((l) => !flagged.includes(l));
    const cut = (l: string) => (l.length > 600 ? `${l.slice(0, 600)}…` : l);
    const state =
      proc.child.exitCode !== null || proc.child.signalCode !== null
        ? `exited (code ${proc.child.exitCode}, signal ${proc.child.signalCode})`
        : 'running';
    out.push(
      `--- ${proc.name} (pid ${proc.child.pid}, ${state}): ${flagged.length} warning/error lines shown ---`,
      ...flagged.map(cut),
      `--- ${proc.name}: last lines ---`,
      ...last.map(cut),
    );
  }
  return out.join('\n');
}

/** Runs `step`; if it throws, rethrows with the processes' relevant log lines appended. */
export async function explained<T>(procs: (ServiceProcess | undefined)[], step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n\nservice logs:\n${relevantLogs(procs)}`, { cause: error });
  }
}

/** Lines the process printed after `offset` characters of output (e.g. since a fault was injected). */
export function linesSince(proc: ServiceProcess, offset: number): string[] {
  return proc.output().slice(offset).split('\n').filter(Boolean);
}

/**
 * What the server saw of the requests it received between two instants (Fastify's `incoming
 * request` and `request completed` lines): its own response times (ms, sorted), to tell the
 * service's latency apart from the client's, and the client connections they came over.
 */
export function servedRequests(
  proc: ServiceProcess,
  fromMs: number,
  toMs: number,
): { responseTimes: number[]; connections: number } {
  const responseTimes: number[] = [];
  const ports = new Set<number>();
  for (const line of proc.output().split('\n')) {
    if (!line.includes('"request completed"') && !line.includes('"incoming request"')) continue;
    try {
      const entry = JSON.parse(line) as { time?: number; responseTime?: number; req?: { remotePort?: number } };
      if (entry.time === undefined || entry.time < fromMs || entry.time > toMs) continue;
      if (entry.responseTime !== undefined) responseTimes.push(entry.responseTime);
      if (entry.req?.remotePort !== undefined) ports.add(entry.req.remotePort);
    } catch {
      // not a pino line
    }
  }
  return { responseTimes: responseTimes.sort((a, b) => a - b), connections: ports.size };
}
