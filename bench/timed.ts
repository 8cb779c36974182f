export interface CallStats {
  calls: number;
  /** Wall-clock time during which at least one call was running: overlapping calls count once. */
  ms: number;
}

/**
 * `target` with every method call timed (wall clock, until its promise settles) into `stats` by
 * method name: where a use case spends its time, without touching the use case. Calls of one
 * method that overlap (a use case asking for 600 pages at once, answered by a few shared requests)
 * add their common interval once, so that a method's time never exceeds the wall time.
 */
export function timed<T extends object>(target: T, stats: Map<string, CallStats>, label: string): T {
  const running = new Map<string, { count: number; since: number }>();
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const name = `${label}.${String(property)}`;
      return (...args: unknown[]) => {
        const now = running.get(name) ?? { count: 0, since: 0 };
        if (now.count === 0) now.since = performance.now();
        now.count += 1;
        running.set(name, now);
        const record = () => {
          const entry = stats.get(name) ?? { calls: 0, ms: 0 };
          entry.calls += 1;
          now.count -= 1;
          if (now.count === 0) entry.ms += performance.now() - now.since;
          stats.set(name, entry);
        };
        const result = (value as (...a: unknown[]) => unknown).apply(object, args);
        if (result instanceof Promise) return result.finally(record);
        record();
        return result;
      };
    },
  });
}
