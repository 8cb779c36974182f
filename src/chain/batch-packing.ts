/** Resources one extrinsic uses: weight (ref time, proof size) and encoded length in bytes. */
export interface ResourceCost {
  refTime: bigint;
  proofSize: bigint;
  length: bigint;
}

export interface PackingInput {
  /** Marginal cost of each item, in item order. */
  items: ResourceCost[];
  /** Cost of the batch extrinsic itself (envelope, signature, batch overhead). */
  base: ResourceCost;
  /** What one extrinsic may use, safety margin already applied. */
  limits: ResourceCost;
  /** Optional cap on items per batch. */
  maxItems?: number | null;
}

export class ItemTooLargeError extends Error {
  constructor(readonly index: number) {
    super(`item ${index} does not fit in one extrinsic even alone`);
    this.name = 'ItemTooLargeError';
  }
}

const KEYS = ['refTime', 'proofSize', 'length'] as const;

export const addCost = (a: ResourceCost, b: ResourceCost): ResourceCost => ({
  refTime: a.refTime + b.refTime,
  proofSize: a.proofSize + b.proofSize,
  length: a.length + b.length,
});

export const fitsWithin = (cost: ResourceCost, limits: ResourceCost): boolean =>
  KEYS.every((k) => cost[k] <= limits[k]);

/** `limits` scaled down to `percent` (integer maths, rounded down). */
export function withMargin(limits: ResourceCost, percent: number): ResourceCost {
  const p = BigInt(Math.floor(percent));
  return {
    refTime: (limits.refTime * p) / 100n,
    proofSize: (limits.proofSize * p) / 100n,
    length: (limits.length * p) / 100n,
  };
}

/**
 * Greedy packing that keeps item order: each group holds as many consecutive items as fit
 * (base + sum of item costs within every limit, and at most `maxItems`). Returns index groups;
 * every index appears exactly once. Throws ItemTooLargeError when one item cannot fit alone.
 */
export function packBatches(input: PackingInput): number[][] {
  const maxItems = input.maxItems && input.maxItems > 0 ? input.maxItems : Number.POSITIVE_INFINITY;
  const groups: number[][] = [];
  let current: number[] = [];
  let used = input.base;
  input.items.forEach((cost, index) => {
    const next = addCost(used, cost);
    if (current.length > 0 && current.length < maxItems && fitsWithin(next, input.limits)) {
      current.push(index);
      used = next;
      return;
    }
    const alone = addCost(input.base, cost);
    if (!fitsWithin(alone, input.limits)) throw new ItemTooLargeError(index);
    if (current.length > 0) groups.push(current);
    current = [index];
    used = alone;
  });
  if (current.length > 0) groups.push(current);
  return groups;
}
