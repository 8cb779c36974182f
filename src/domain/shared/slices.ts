/**
 * Work done a slice at a time: a generator that stops (yields) after each slice, so that whoever
 * drives it can let other work run in between, and returns its result at the end.
 */
export type Sliced<T> = Generator<void, T, void>;

/** Runs sliced work to its end at once (nobody else needs the thread in between). */
export function runToEnd<T>(steps: Sliced<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** A slice holds at least one item. */
export function checkSliceSize(sliceSize: number): void {
  if (!Number.isInteger(sliceSize) || sliceSize < 1) throw new RangeError(`a slice is at least 1, got ${sliceSize}`);
}
