import { memoryUsage, resourceUsage } from 'node:process';

/**
 * High-water marks of RSS and V8 heap. A timer cannot fire while a synchronous loop runs, so
 * callers also sample at phase boundaries and `tick()` inside loops; the kernel's own RSS peak
 * (`resourceUsage().maxRSS`) catches whatever falls between samples.
 */
export class MemorySampler {
  #peakRss = 0;
  #peakHeap = 0;
  #ticks = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 25) {
    this.sample();
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  sample(): void {
    const usage = memoryUsage();
    if (usage.rss > this.#peakRss) this.#peakRss = usage.rss;
    if (usage.heapUsed > this.#peakHeap) this.#peakHeap = usage.heapUsed;
  }

  /** Call once per loop iteration: samples every `every` calls. */
  tick(every = 500): void {
    this.#ticks += 1;
    if (this.#ticks % every === 0) this.sample();
  }

  stop(): { peakRssBytes: number; peakHeapBytes: number } {
    clearInterval(this.#timer);
    this.sample();
    const kernelPeak = resourceUsage().maxRSS * 1024; // maxRSS is in KiB
    return { peakRssBytes: Math.max(this.#peakRss, kernelPeak), peakHeapBytes: this.#peakHeap };
  }
}
