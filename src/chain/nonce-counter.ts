/**
 * Nonces of one signer counted locally: the pool-aware `system.accountNextIndex` lags behind
 * extrinsics signed but not yet submitted, so the next nonce is max(local, chain).
 */
export class NonceCounter {
  #next = 0;

  /** Reserves and returns the next nonce given the chain's view. */
  take(chainNext: number): number {
    const nonce = Math.max(this.#next, chainNext);
    this.#next = nonce + 1;
    return nonce;
  }

  /** After a signed extrinsic expired unused: forget local reservations, the chain decides again. */
  reset(): void {
    this.#next = 0;
  }
}
