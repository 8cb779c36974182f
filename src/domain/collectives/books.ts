import type { Planck } from '../shared/types.js';
import type { CollectiveTokenSums } from './types.js';

/** One token's books of a collective, as shown in its details (DESIGN §8 Accounts). */
export interface CollectiveBooks {
  /** Σ rewards booked. */
  received: Planck;
  /** Sent out of the account for the pools and the owners' donations (paid, or on their way). */
  distributed: Planck;
  toPools: Planck;
  donationsSent: Planck;
  /** Donations not sent yet: the owners may send them by proposal; removal sends them to the pools. */
  donationsHeld: Planck;
  /** The pools' part not sent yet: the next claim sends it (less the dust of its split). */
  awaiting: Planck;
  /** The uncommitted shares, sent back to the stashes (or on their way). */
  returned: Planck;
}

/** Rows that cannot balance: a bug or a write outside the repository, never to be papered over. */
export class BrokenBooksError extends Error {
  constructor(message: string) {
    super(`collective books broken: ${message}`);
    this.name = 'BrokenBooksError';
  }
}

/**
 * The books from the sums of the rows: distributed = toPools + donationsSent, donationsHeld =
 * donations − donationsSent, awaiting = forPools − toPools, and then received = distributed +
 * donationsHeld + awaiting + returned to the planck. That identity holds when every reward was
 * split exactly (received = returned + donations + forPools); it is checked rather than assumed,
 * as is that nothing was sent beyond what was there: either failing means the rows are wrong.
 */
export function collectiveBooks(s: CollectiveTokenSums): CollectiveBooks {
  const distributed = s.toPools + s.donationsSent;
  const donationsHeld = s.donations - s.donationsSent;
  const awaiting = s.forPools - s.toPools;
  if (donationsHeld < 0n) throw new BrokenBooksError(`${s.donationsSent} donations sent of ${s.donations} received`);
  if (awaiting < 0n) throw new BrokenBooksError(`${s.toPools} sent to the pools of ${s.forPools} received for them`);
  const accounted = distributed + donationsHeld + awaiting + s.returned;
  if (accounted !== s.received)
    throw new BrokenBooksError(`received ${s.received} ≠ distributed + held + awaiting + returned = ${accounted}`);
  return {
    received: s.received,
    distributed,
    toPools: s.toPools,
    donationsSent: s.donationsSent,
    donationsHeld,
    awaiting,
    returned: s.returned,
  };
}

/**
 * What the collective's account should hold on chain in the native token: the operator's
 * endowment, plus every reward received, less every transfer out that was paid (a transfer on its
 * way is still there). Transaction fees are the operator's (DESIGN §8 Accounts): no fee line.
 */
export function expectedBalance(
  endowment: Planck,
  sums: Pick<CollectiveTokenSums, 'received' | 'paidOut'> | null | undefined,
): Planck {
  return endowment + (sums?.received ?? 0n) - (sums?.paidOut ?? 0n);
}
