import { readFileSync } from 'node:fs';

/** Clock ticks a second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, or null where /proc cannot tell. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The processes whose CPU every load case reports, by name (the benchmark's own is added). */
const watched = new Map<string, number>();

export function watchProcess(name: string, pid: number | undefined): void {
  if (pid !== undefined) watched.set(name, pid);
}

/**
 * Starts counting: `stop()` gives each watched process's CPU over the interval as a share of one
 * core (100 = one core busy all along), with `bench` for the benchmark's own (the load generator).
 */
export function startCpuCount(): { stop(): Record<string, number> } {
  const started = performance.now();
  const ownStart = process.cpuUsage();
  const before = new Map([...watched].map(([name, pid]) => [name, cpuSecondsOf(pid)]));
  return {
    stop: () => {
      const seconds = (performance.now() - started) / 1000;
      const out: Record<string, number> = {};
      for (const [name, pid] of watched) {
        const a = before.get(name);
        const b = cpuSecondsOf(pid);
        if (a !== null && a !== undefined && b !== null) out[name] = ((b - a) / seconds) * 100;
      }
      const own = process.cpuUsage(ownStart);
      out.bench = ((own.user + own.system) / 1e6 / seconds) * 100;
      return out;
    },
  };
}
