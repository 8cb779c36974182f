import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LOCK_STEP, nextTerms, type LockTerms } from '../../../src/domain/collectives/lock-terms.js';
import { DomainError } from '../../../src/domain/errors.js';

const NOW = 1_900_000_000;
const DAY = 86_400;
const YEAR = 365 * DAY;
const open: LockTerms = { locking: 0, donation: '0', donationLock: false };

const failure = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof DomainError ? `${e.kind} ${e.code} ${String(e.details?.field ?? '')}` : String(e);
  }
};

describe('nextTerms: the lock', () => {
  it('one year is 365 days', () => expect(MAX_LOCK_STEP).toBe(YEAR));

  it('locks up to 365 days ahead of now, not one second more', () => {
    expect(nextTerms(open, { locking: NOW + YEAR }, NOW).locking).toBe(NOW + YEAR);
    expect(failure(() => nextTerms(open, { locking: NOW + YEAR + 1 }, NOW))).toBe('rule LOCK_TOO_FAR /payload/locking');
  });

  it('ten successive extensions reach ten years', () => {
    let terms = open;
    for (let i = 1; i <= 10; i++) {
      terms = nextTerms(terms, { locking: NOW + i * YEAR }, NOW + i);
      expect(terms.locking).toBe(NOW + i * YEAR);
    }
    expect(terms.locking - NOW).toBe(10 * YEAR);
    expect(failure(() => nextTerms(terms, { locking: NOW + 11 * YEAR + 1 }, NOW + 11))).toBe(
      'rule LOCK_TOO_FAR /payload/locking',
    );
  });

  it('a shortening is refused while the lock is in force (409 LOCK_SHORTENED)', () => {
    const locked = { ...open, locking: NOW + 100 };
    expect(failure(() => nextTerms(locked, { locking: NOW + 99 }, NOW))).toBe(
      'conflict LOCK_SHORTENED /payload/locking',
    );
    expect(failure(() => nextTerms(locked, { locking: 0 }, NOW))).toBe('conflict LOCK_SHORTENED /payload/locking');
    expect(nextTerms(locked, { locking: NOW + 100 }, NOW).locking).toBe(NOW + 100);
  });

  it('an expired lock may be set anew from now, or cleared', () => {
    const expired = { ...open, locking: NOW - 10 };
    expect(nextTerms(expired, { locking: 0 }, NOW).locking).toBe(0);
    expect(nextTerms(expired, { locking: NOW + YEAR }, NOW).locking).toBe(NOW + YEAR);
    expect(failure(() => nextTerms(expired, { locking: NOW + YEAR + 1 }, NOW))).toBe(
      'rule LOCK_TOO_FAR /payload/locking',
    );
  });

  it('a lock ending exactly now is no longer in force', () => {
    expect(nextTerms({ ...open, locking: NOW }, { locking: 0 }, NOW).locking).toBe(0);
  });

  it.each<[string, unknown]>([
    ['text', '1900000000'],
    ['a fraction', NOW + 0.5],
    ['a negative time', -1],
    ['an absurd time', 2 ** 41],
  ])('refuses a locking that is %s (400 LOCKING_INVALID)', (_, locking) => {
    expect(failure(() => nextTerms(open, { locking }, NOW))).toBe('validation LOCKING_INVALID /payload/locking');
  });

  it('never moves the unlock date earlier nor beyond a year past the later of now and it (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 * YEAR }),
        fc.integer({ min: 0, max: 22 * YEAR }),
        (current, requested) => {
          const before = { ...open, locking: current === 0 ? 0 : NOW - 10 * YEAR + current };
          const request = NOW - 10 * YEAR + requested;
          let after: LockTerms | null = null;
          try {
            after = nextTerms(before, { locking: request }, NOW);
          } catch (e) {
            expect(e).toBeInstanceOf(DomainError);
          }
          const inForce = before.locking > NOW;
          const allowed = (!inForce || request >= before.locking) && request <= Math.max(NOW, before.locking) + YEAR;
          expect(after !== null).toBe(allowed);
        },
      ),
    );
  });
});

describe('nextTerms: the donation', () => {
  it('takes an exact decimal in [0, 1], written canonically', () => {
    expect(nextTerms(open, { donation: '0.250' }, NOW).donation).toBe('0.25');
    expect(nextTerms(open, { donation: '1' }, NOW).donation).toBe('1');
    expect(nextTerms({ ...open, donation: '0.5' }, { donation: '0' }, NOW).donation).toBe('0');
  });

  it.each<[string, unknown]>([
    ['above 1', '1.000000000000000001'],
    ['negative', '-0.1'],
    ['a number', 0.5],
    ['an exponent', '5e-1'],
  ])('refuses a donation %s (400 DONATION_INVALID)', (_, donation) => {
    expect(failure(() => nextTerms(open, { donation }, NOW))).toBe('validation DONATION_INVALID /payload/donation');
  });

  it('refuses a donationLock that is not a boolean (400 DONATION_LOCK_INVALID)', () => {
    expect(failure(() => nextTerms(open, { donationLock: 'yes' }, NOW))).toBe(
      'validation DONATION_LOCK_INVALID /payload/donationLock',
    );
  });

  it('keeps what a request leaves out', () => {
    const terms = { locking: NOW + 5, donation: '0.3', donationLock: true };
    expect(nextTerms(terms, {}, NOW)).toEqual(terms);
  });

  it('sets lock, donation and donation lock in one request', () => {
    expect(nextTerms(open, { locking: NOW + DAY, donation: '0.1', donationLock: true }, NOW)).toEqual({
      locking: NOW + DAY,
      donation: '0.1',
      donationLock: true,
    });
  });
});

describe('nextTerms: the donation lock', () => {
  const frozen: LockTerms = { locking: NOW + DAY, donation: '0.2', donationLock: true };

  it('freezes the donation while the lock is in force (409 DONATION_LOCKED)', () => {
    expect(failure(() => nextTerms(frozen, { donation: '0.3' }, NOW))).toBe(
      'conflict DONATION_LOCKED /payload/donation',
    );
    expect(nextTerms(frozen, { donation: '0.20' }, NOW).donation).toBe('0.2');
  });

  it('cannot be cleared while the lock is in force', () => {
    expect(failure(() => nextTerms(frozen, { donationLock: false }, NOW))).toBe(
      'conflict DONATION_LOCKED /payload/donationLock',
    );
  });

  it('persists when the lock is extended, and the donation stays frozen until the new date', () => {
    const extended = nextTerms(frozen, { locking: NOW + 2 * DAY }, NOW);
    expect(extended).toEqual({ locking: NOW + 2 * DAY, donation: '0.2', donationLock: true });
    expect(failure(() => nextTerms(extended, { donation: '0' }, NOW + DAY + 1))).toBe(
      'conflict DONATION_LOCKED /payload/donation',
    );
  });

  it('ends with the lock: the donation may change and the lock be cleared after the unlock date', () => {
    expect(nextTerms(frozen, { donation: '0.9', donationLock: false }, NOW + DAY)).toEqual({
      locking: NOW + DAY,
      donation: '0.9',
      donationLock: false,
    });
  });

  it('is judged by the lock in force before the request, not the one it sets', () => {
    // An expired lock with a donation lock: the request may change the donation while re-locking.
    const expired = { ...frozen, locking: NOW - 1 };
    expect(nextTerms(expired, { locking: NOW + DAY, donation: '0.4' }, NOW)).toEqual({
      locking: NOW + DAY,
      donation: '0.4',
      donationLock: true,
    });
  });
});
