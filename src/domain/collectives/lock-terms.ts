import { conflict, ruleViolation, validationError } from '../errors.js';
import { canonicalDecimal, FIXED_ONE, parseDecimalText } from '../shared/fixed-point.js';
import type { Contributor } from './types.js';

/** How far ahead one request may set the unlock date (DESIGN §8: 365 days). */
export const MAX_LOCK_STEP = 365 * 86_400;
/** Far beyond any unlock date ten thousand requests could reach, and exact in a double. */
const MAX_LOCKING = 2 ** 40;

export type LockTerms = Pick<Contributor, 'locking' | 'donation' | 'donationLock'>;

/** A `collective.donate` request's terms as signed; an absent field keeps its current value. */
export interface TermsRequest {
  locking?: unknown;
  donation?: unknown;
  donationLock?: unknown;
}

/**
 * The contributor's terms after a `collective.donate` request (DESIGN §2, §8), or the rule it
 * breaks:
 * - the unlock date moves at most 365 days past the later of now and the current unlock date
 *   (422 LOCK_TOO_FAR), so ten requests reach ten years, and never earlier than the current one
 *   while that one is in force (409 LOCK_SHORTENED): the service honours locks the chain cannot;
 * - the donation is an exact decimal in [0, 1] (400 DONATION_INVALID);
 * - while the donation is locked (donationLock set and the lock in force) the donation cannot
 *   change and the donation lock cannot be cleared (409 DONATION_LOCKED): it persists when the
 *   lock is extended and ends with it.
 * Each is judged against the terms in force before the request, so one request cannot lift a
 * lock and change what it protects at once.
 */
export function nextTerms(current: LockTerms, request: TermsRequest, now: number): LockTerms {
  const locking = request.locking === undefined ? current.locking : parseLocking(request.locking);
  const donation =
    request.donation === undefined
      ? current.donation
      : canonicalDecimal(request.donation, {
          code: 'DONATION_INVALID',
          field: '/payload/donation',
          allowZero: true,
          max: FIXED_ONE,
        });
  if (request.donationLock !== undefined && typeof request.donationLock !== 'boolean')
    throw validationError('DONATION_LOCK_INVALID', 'payload.donationLock must be true or false', {
      field: '/payload/donationLock',
    });
  const donationLock = (request.donationLock as boolean | undefined) ?? current.donationLock;

  const lockInForce = current.locking > now;
  if (lockInForce && locking < current.locking)
    throw conflict('LOCK_SHORTENED', `the lock runs until ${current.locking}: it can be extended, never shortened`, {
      field: '/payload/locking',
      locking: current.locking,
    });
  const furthest = Math.max(now, current.locking) + MAX_LOCK_STEP;
  if (locking > furthest)
    throw ruleViolation(
      'LOCK_TOO_FAR',
      `locking may be at most ${furthest} (365 days after ${Math.max(now, current.locking)})`,
      {
        field: '/payload/locking',
        maximum: furthest,
      },
    );

  if (lockInForce && current.donationLock) {
    if (parseDecimalText(donation) !== parseDecimalText(current.donation))
      throw conflict('DONATION_LOCKED', `the donation is locked at ${current.donation} until ${current.locking}`, {
        field: '/payload/donation',
        locking: current.locking,
      });
    if (!donationLock)
      throw conflict('DONATION_LOCKED', `the donation lock holds until ${current.locking}`, {
        field: '/payload/donationLock',
        locking: current.locking,
      });
  }
  return { locking, donation, donationLock };
}

function parseLocking(raw: unknown): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > MAX_LOCKING)
    throw validationError('LOCKING_INVALID', 'payload.locking must be a unix time in seconds (0: no lock)', {
      field: '/payload/locking',
    });
  return raw;
}
