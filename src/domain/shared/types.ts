/** An SS58 address, already checked for the network's prefix by the layer that produced it. */
export type Address = string;

/** Amounts are integers in planck. Never a float. */
export type Planck = bigint;

/** Where on chain a value was read: substrate-api-sidecar's `at`. */
export interface BlockRef {
  hash: string;
  number: number;
}

/** Commission and other Perbill values: parts per billion (0..1_000_000_000). */
export type Perbill = number;
export const PERBILL = 1_000_000_000;
