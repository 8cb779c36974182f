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
