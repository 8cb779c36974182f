import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks a second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** A /proc/<pid>/stat line's command name and CPU seconds (user + system). */
function parseStat(stat: string): { command: string; cpuSeconds: number } {
  // The command name is in parentheses and may hold spaces: the fields are after its last one.
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return {
    command: stat.slice(stat.indexOf('(') + 1, close),
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
  };
}

/** CPU seconds (user + system) a process has used so far, or null where /proc cannot tell. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).cpuSeconds;
  } catch {
    return null;
  }
}

/**
 * CPU seconds of every live process whose command name is `command`, by pid: the PostgreSQL
 * server is a process per connection, all named `postgres`.
 */
export function cpuSecondsByCommand(command: string): Map<number, number> {
  const out = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = parseStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (stat.command === command) out.set(Number(entry), stat.cpuSeconds);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return out;
}

/** The processes whose CPU every load case reports, by name (the benchmark's own is added). */
const watched = new Map<string, number>();
/** Groups of processes by command name, reported under their own name (see cpuSecondsByCommand). */
const watchedCommands = new Map<string, string>();

export function watchProcess(name: string, pid: number | undefined): void {
  if (pid !== undefined) watched.set(name, pid);
}

/**
 * Reports every process named `command` together as `name`. A process that starts during a case
 * counts from zero; one that ends during it is not counted (a connection that closes mid-case).
 */
export function watchCommand(name: string, command: string): void {
  watchedCommands.set(name, command);
}

/**
 * Starts counting: `stop()` gives each watched process's CPU over the interval as a share of one
 * core (100 = one core busy all along), with `bench` for the benchmark's own (the load generator).
 */
export function startCpuCount(): { stop(): Record<string, number> } {
  const started = performance.now();
  const ownStart = process.cpuUsage();
  const before = new Map([...watched].map(([name, pid]) => [name, cpuSecondsOf(pid)]));
  const groupsBefore = new Map([...watchedCommands].map(([name, command]) => [name, cpuSecondsByCommand(command)]));
  return {
    stop: () => {
      const seconds = (performance.now() - started) / 1000;
      const out: Record<string, number> = {};
      for (const [name, pid] of watched) {
        const a = before.get(name);
        const b = cpuSecondsOf(pid);
        if (a !== null && a !== undefined && b !== null) out[name] = ((b - a) / seconds) * 100;
      }
      for (const [name, command] of watchedCommands) {
        const start = groupsBefore.get(name) ?? new Map<number, number>();
        let used = 0;
        for (const [pid, cpu] of cpuSecondsByCommand(command)) used += cpu - (start.get(pid) ?? 0);
        out[name] = (used / seconds) * 100;
      }
      const own = process.cpuUsage(ownStart);
      out.bench = ((own.user + own.system) / 1e6 / seconds) * 100;
      return out;
    },
  };
}
