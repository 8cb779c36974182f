const TWO_POW_32 = 2 ** 32;

/**
 * A uniform integer in [0, n) from uniform uint32 words: words at or above 2^32 - (2^32 mod n)
 * are skipped, so each result has exactly the same number of accepted words (no modulo bias).
 */
export function uniformInt(n: number, nextWord: () => number): number {
  const limit = acceptedBelow(n);
  for (;;) {
    const word = nextWord();
    if (word < limit) return word % n;
  }
}

/** The words `uniformInt(n, …)` accepts are those below this: 2^32 - (2^32 mod n). */
export function acceptedBelow(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
    throw new RangeError(`a uniform draw needs an integer bound in [1, 2^32], got ${n}`);
  }
  return TWO_POW_32 - (TWO_POW_32 % n);
}
