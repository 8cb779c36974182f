import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BrokenBooksError, collectiveBooks, expectedBalance } from '../../../src/domain/collectives/books.js';
import type { CollectiveTokenSums } from '../../../src/domain/collectives/types.js';

const sums = (s: Partial<CollectiveTokenSums>): CollectiveTokenSums => ({
  received: 0n,
  returned: 0n,
  donations: 0n,
  forPools: 0n,
  toPools: 0n,
  donationsSent: 0n,
  paidOut: 0n,
  ...s,
});

describe('collectiveBooks', () => {
  it('derives distributed, held and awaiting from the sums of the rows', () => {
    const s = sums({
      received: 1000n,
      returned: 250n,
      donations: 150n,
      forPools: 600n,
      toPools: 590n,
      donationsSent: 100n,
    });
    expect(collectiveBooks(s)).toEqual({
      received: 1000n,
      distributed: 690n,
      toPools: 590n,
      donationsSent: 100n,
      donationsHeld: 50n,
      awaiting: 10n,
      returned: 250n,
    });
  });

  it('balances empty books', () => {
    expect(collectiveBooks(sums({}))).toEqual({
      received: 0n,
      distributed: 0n,
      toPools: 0n,
      donationsSent: 0n,
      donationsHeld: 0n,
      awaiting: 0n,
      returned: 0n,
    });
  });

  it('throws when the rows do not balance: a reward not split exactly', () => {
    expect(() => collectiveBooks(sums({ received: 1001n, returned: 1000n }))).toThrow(BrokenBooksError);
    expect(() => collectiveBooks(sums({ received: 999n, returned: 1000n }))).toThrow(/received 999/);
  });

  it('throws when more was sent than there was to send', () => {
    expect(() => collectiveBooks(sums({ received: 10n, forPools: 10n, toPools: 11n }))).toThrow(BrokenBooksError);
    expect(() => collectiveBooks(sums({ received: 10n, donations: 10n, donationsSent: 11n }))).toThrow(
      BrokenBooksError,
    );
  });

  it('holds the identity received = distributed + donationsHeld + awaiting + returned for any consistent rows', () => {
    const planck = fc.bigInt({ min: 0n, max: 10n ** 30n });
    fc.assert(
      fc.property(planck, planck, planck, planck, planck, (returned, toPools, awaiting, donationsSent, held) => {
        const donations = donationsSent + held;
        const forPools = toPools + awaiting;
        const b = collectiveBooks(
          sums({ received: returned + donations + forPools, returned, donations, forPools, toPools, donationsSent }),
        );
        expect(b).toMatchObject({ awaiting, donationsHeld: held, distributed: toPools + donationsSent, returned });
        expect(b.distributed + b.donationsHeld + b.awaiting + b.returned).toBe(b.received);
      }),
    );
  });

  it('throws for any reward row not split exactly', () => {
    const planck = fc.bigInt({ min: 0n, max: 10n ** 30n });
    const off = fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }).filter((d) => d !== 0n);
    fc.assert(
      fc.property(planck, planck, planck, off, (returned, donations, forPools, d) => {
        const received = returned + donations + forPools + d;
        expect(() => collectiveBooks(sums({ received, returned, donations, forPools }))).toThrow(BrokenBooksError);
      }),
    );
  });
});

describe('expectedBalance', () => {
  it('is endowment + received − paid out (transfers on their way are still in the account)', () => {
    expect(expectedBalance(10n, sums({ received: 1000n, paidOut: 300n }))).toBe(710n);
  });

  it('is the endowment alone before any reward', () => {
    expect(expectedBalance(10n, undefined)).toBe(10n);
    expect(expectedBalance(0n, null)).toBe(0n);
  });
});
