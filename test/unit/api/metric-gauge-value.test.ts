/**
 * A gauge's value loaded in the background (src/api/gauge-value.ts): at most one load in flight,
 * a stream of changes coalesced, a failed load keeps the last value and is tried again.
 */
import { describe, expect, it } from 'vitest';
import { GaugeValue } from '../../../src/api/gauge-value.js';
import { until } from '../../support/service-processes.js';

/** A load the test finishes by hand. */
function manualLoads<T>() {
  const pending: { resolve: (v: T) => void; reject: (e: Error) => void }[] = [];
  return {
    load: () => new Promise<T>((resolve, reject) => pending.push({ resolve, reject })),
    started: () => pending.length,
    finish: (i: number, v: T) => pending[i]!.resolve(v),
    fail: (i: number) => pending[i]!.reject(new Error('down')),
  };
}

describe('GaugeValue', () => {
  it('loads at once on the first change, and nothing before it', async () => {
    const loads = manualLoads<number>();
    const value = new GaugeValue({ load: loads.load, minGapMs: 60_000 });
    expect(loads.started()).toBe(0);
    expect(value.current()).toBeNull();
    value.invalidate();
    await until('the load started', async () => (loads.started() === 1 ? true : undefined));
    expect(value.stale()).toBe(true);
    loads.finish(0, 7);
    await value.settled(10_000);
    expect(value.current()).toBe(7);
    expect(value.stale()).toBe(false);
    value.stop();
  });

  it('coalesces the changes announced during a load into one more load', async () => {
    const loads = manualLoads<number>();
    const value = new GaugeValue({ load: loads.load, minGapMs: 0 });
    value.invalidate();
    await until('the first load', async () => (loads.started() === 1 ? true : undefined));
    for (let i = 0; i < 50; i++) value.invalidate();
    // Still one load in flight.
    expect(loads.started()).toBe(1);
    const settled = value.settled(10_000);
    loads.finish(0, 1);
    await until('the second load', async () => (loads.started() === 2 ? true : undefined));
    // A scrape waiting for the changes before it is not released by the load that preceded them.
    expect(value.current()).toBe(1);
    expect(value.stale()).toBe(true);
    loads.finish(1, 2);
    await settled;
    expect(value.current()).toBe(2);
    expect(loads.started()).toBe(2);
    value.stop();
  });

  it('waits for the gap after a load before loading again', async () => {
    const loads = manualLoads<number>();
    const value = new GaugeValue({ load: loads.load, minGapMs: 60_000 });
    value.invalidate();
    await until('the first load', async () => (loads.started() === 1 ? true : undefined));
    loads.finish(0, 1);
    await value.settled(10_000);
    value.invalidate();
    value.invalidate();
    // Due, not started: the gap has not passed. A scrape waits at most the time it gives.
    expect(value.stale()).toBe(true);
    await value.settled(10);
    expect(loads.started()).toBe(1);
    expect(value.current()).toBe(1);
    value.stop();
  });

  it('keeps the last value when a load fails, reports the failure once, and loads again later', async () => {
    const loads = manualLoads<number>();
    const errors: unknown[] = [];
    const value = new GaugeValue({ load: loads.load, minGapMs: 0, retryMs: 1, onError: (e) => errors.push(e) });
    value.invalidate();
    await until('the first load', async () => (loads.started() === 1 ? true : undefined));
    loads.finish(0, 5);
    await value.settled(10_000);
    value.invalidate();
    await until('the second load', async () => (loads.started() === 2 ? true : undefined));
    loads.fail(1);
    await until('a retry', async () => (loads.started() === 3 ? true : undefined));
    expect(value.current()).toBe(5);
    loads.fail(2);
    await until('another retry', async () => (loads.started() === 4 ? true : undefined));
    expect(errors).toHaveLength(1);
    loads.finish(3, 6);
    await value.settled(10_000);
    expect(value.current()).toBe(6);
    value.stop();
  });

  it('treats a load that throws at once as a failed load', async () => {
    const errors: unknown[] = [];
    const value = new GaugeValue<number>({
      load: () => {
        throw new Error('synchronously');
      },
      minGapMs: 0,
      retryMs: 60_000,
      onError: (e) => errors.push(e),
    });
    value.invalidate();
    await until('the failure reported', async () => (errors.length === 1 ? true : undefined));
    expect(value.current()).toBeNull();
    value.stop();
  });
});
