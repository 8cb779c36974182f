export interface GaugeValueOptions<T> {
  /** Reads the value (a query, a request): only ever called in the background, never by a scrape. */
  load: () => Promise<T>;
  /**
   * Least time between the starts of two loads. A stream of changes costs one load per gap, and a
   * single change after a quiet spell is loaded at once.
   */
  minGapMs: number;
  /** Wait before loading again after a failed load (the last value is kept meanwhile). */
  retryMs?: number;
  /** Called with each failure that follows a success (not with every retry of a long outage). */
  onError?: (error: unknown) => void;
  now?: () => number;
}

/**
 * A gauge's value kept in memory and loaded again in the background when told that what it
 * measures changed (`invalidate()`): at most one load in flight, loads at most every `minGapMs`,
 * changes announced during a load coalesced into one more load after it. `current()` costs no
 * I/O, so a scrape only reads memory.
 */
export class GaugeValue<T> {
  readonly #opts: Required<Omit<GaugeValueOptions<T>, 'onError'>> & Pick<GaugeValueOptions<T>, 'onError'>;
  #value: T | null = null;
  /** A change was announced that no load started since covers. */
  #dirty = false;
  #loading = false;
  #timer: NodeJS.Timeout | null = null;
  #lastStart = Number.NEGATIVE_INFINITY;
  #failing = false;
  #stopped = false;
  /** Told when the value is up to date with every change announced so far. */
  #waiters: (() => void)[] = [];

  constructor(options: GaugeValueOptions<T>) {
    this.#opts = { retryMs: 5_000, now: Date.now, ...options };
  }

  /** The last value loaded, null before the first load ended. */
  current(): T | null {
    return this.#value;
  }

  /** What it measures changed: load it again (now, or once the gap since the last load passed). */
  invalidate(): void {
    if (this.#stopped) return;
    this.#dirty = true;
    this.#schedule(0);
  }

  /** True while a change announced is not yet in the value (a load is due or running for it). */
  stale(): boolean {
    return this.#dirty || this.#loading;
  }

  /**
   * Resolves once every change announced before the call is in the value, or after `maxWaitMs`
   * (a failing source must not hold a scrape). Loads nothing itself: it waits for the load due.
   */
  settled(maxWaitMs: number): Promise<void> {
    if (!this.stale()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, maxWaitMs);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#waiters.push(done);
    });
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#release();
  }

  #schedule(atLeastMs: number): void {
    // A running load schedules the next one when it ends; a timer already waits for the gap.
    if (this.#loading || this.#timer || this.#stopped) return;
    const wait = Math.max(atLeastMs, this.#lastStart + this.#opts.minGapMs - this.#opts.now());
    if (wait <= 0) {
      this.#run();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#run();
    }, wait);
    this.#timer.unref();
  }

  #run(): void {
    if (this.#stopped) return;
    this.#dirty = false;
    this.#loading = true;
    this.#lastStart = this.#opts.now();
    // Called through a resolved promise: a load that throws synchronously is a failed load too.
    Promise.resolve()
      .then(() => this.#opts.load())
      .then(
        (value) => {
          this.#value = value;
          this.#failing = false;
          return true;
        },
        (error: unknown) => {
          if (!this.#failing) this.#opts.onError?.(error);
          this.#failing = true;
          return false;
        },
      )
      .then((loaded) => {
        this.#loading = false;
        if (!loaded) {
          // The change is still not in the value: try again later, keeping the last value meanwhile.
          this.#dirty = true;
          this.#schedule(this.#opts.retryMs);
        } else if (this.#dirty) this.#schedule(0);
        if (!this.stale()) this.#release();
      });
  }

  #release(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }
}
