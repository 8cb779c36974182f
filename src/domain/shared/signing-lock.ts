import type { Address } from './types.js';

/**
 * Proof that this process held an account's signing lock when it took it: the lock's token, a
 * number that grows with every taking. A signature is stored only while the fence is still the
 * latest one, so a process that lost the lock (paused past its expiry, Redis lost the key and
 * another worker took it) can never store, hence never send, a signature over someone else's.
 */
export interface SigningFence {
  account: Address;
  token: bigint;
}

/**
 * One signer per account across every worker process: rounds, payout sweeps and (later) pool
 * transfers of one account sign, send and track one batch at a time, in nonce order.
 */
export interface SigningLock {
  /** Runs `work` while holding `account`'s lock; waits for it while another process holds it. */
  hold<T>(account: Address, work: (fence: SigningFence) => Promise<T>): Promise<T>;
}
