export interface CallStats {
  calls: number;
  ms: number;
}

/**
 * `target` with every method call timed (wall clock, until its promise settles) into `stats` by
 * method name: where a use case spends its time, without touching the use case.
 */
export function timed<T extends object>(target: T, stats: Map<string, CallStats>, label: string): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const name = `${label}.${String(property)}`;
      return (...args: unknown[]) => {
        const started = performance.now();
        const record = () => {
          const entry = stats.get(name) ?? { calls: 0, ms: 0 };
          entry.calls += 1;
          entry.ms += performance.now() - started;
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
