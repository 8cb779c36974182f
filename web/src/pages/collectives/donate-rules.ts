import { DomainError } from '../../../../src/domain/errors.js';
import { MAX_LOCK_STEP, nextTerms, type LockTerms } from '../../../../src/domain/collectives/lock-terms.js';
import { formatTime } from '../../lib/format.js';
import { localDateTimeToUnix, shareError } from './rules.js';

export interface DonateDraft {
  /** `datetime-local`; empty: no lock. */
  locking: string;
  donation: string;
  donationLock: boolean;
}

/**
 * A `collective.donate` request's fields from the form, judged by the service's own rule
 * (nextTerms: a lock at most 365 days past the later of now and the current one, never
 * shortened; a donation 0 to 1; a locked donation frozen), with the refusal in words.
 */
export function donateFields(
  draft: DonateDraft,
  current: LockTerms,
  now: number,
): {
  fields: { locking: number; donation: string; donationLock: boolean } | null;
  errors: Partial<Record<keyof DonateDraft, string>>;
} {
  const errors: Partial<Record<keyof DonateDraft, string>> = {};
  const locking = draft.locking.trim() === '' ? 0 : localDateTimeToUnix(draft.locking);
  if (locking === null || locking < 0) errors.locking = 'Pick a date and time, or leave it empty for no lock.';
  const donationProblem = shareError(draft.donation, 'donation', true);
  if (donationProblem) errors.donation = donationProblem;
  if (Object.keys(errors).length > 0 || locking === null) return { fields: null, errors };
  const request = { locking, donation: draft.donation.trim(), donationLock: draft.donationLock };
  try {
    const terms = nextTerms(current, request, now);
    return { fields: { locking: terms.locking, donation: terms.donation, donationLock: terms.donationLock }, errors };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const furthest = Math.max(now, current.locking) + MAX_LOCK_STEP;
    switch (error.code) {
      case 'LOCK_SHORTENED':
        errors.locking = `Your lock runs until ${formatTime(current.locking)}: it can be extended, never shortened.`;
        break;
      case 'LOCK_TOO_FAR':
        errors.locking = `At most 365 days ahead of ${current.locking > now ? 'your current unlock date' : 'now'}: until ${formatTime(furthest)}.`;
        break;
      case 'DONATION_LOCKED':
        errors.donation = `Your donation is locked at ${current.donation} until ${formatTime(current.locking)}: it cannot change, nor its lock be lifted, before then.`;
        break;
      default:
        errors.donation = error.message;
    }
    return { fields: null, errors };
  }
}
