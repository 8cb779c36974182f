import { ApiError } from './api.js';

/**
 * The API's stable error codes in plain words, for people rather than programs. The API's own
 * message follows (it names the field or the amount); unknown codes show that message alone.
 */
const WORDS: Record<string, string> = {
  NETWORK_ERROR: 'The NDeST service could not be reached. Check your connection and try again.',
  BAD_SIGNATURE: 'The signature does not match this account. Sign again with the account you picked.',
  REQUEST_EXPIRED: 'The signed request expired before it arrived. Please sign it again.',
  NONCE_REPLAYED: 'This signed request was already used once. Please sign a new one.',
  ADDRESS_INVALID: 'That is not a valid Kusama address.',
  DELEGATION_EXISTS: 'This account already delegates to NDeST.',
  NOT_DELEGATING: 'This account does not delegate to NDeST, so there is nothing to leave.',
  BOND_BELOW_MINIMUM: 'The amount is below the minimum the chain (or this collective) requires.',
  BOND_REQUIRED: 'This account is not bonded yet: say how much KSM to bond.',
  BOND_INVALID: 'The amount is not a valid number of planck.',
  CHAIN_UNAVAILABLE: 'NDeST cannot reach the Kusama chain right now. Try again in a minute.',
  RATE_LIMITED: 'Too many requests from here. Wait a moment and try again.',
  NAME_TAKEN: 'That name is already taken. Pick another one.',
  NOT_OWNER: 'Only the owners may do this.',
  NOT_BENEFICIARY: 'Only the beneficiaries of this pool may do this.',
  NOT_WHITELISTED: 'This account is not on the list of those who may contribute.',
  ALREADY_REGISTERED: 'This account is already registered.',
  NOT_REGISTERED: 'Register as a beneficiary first.',
  NOTHING_TO_CLAIM: 'There is nothing to claim right now.',
  VOTING_CLOSED: 'The vote on this proposal has ended.',
  TOKEN_UNKNOWN: 'That token is not in the token registry.',
  TOKEN_NOT_STAKING: 'Only staking tokens (KSM) can be bonded.',
  ROLE_NOT_FOUND: 'That role does not exist.',
  SETTING_IMMUTABLE: 'That setting cannot be changed after creation.',
  DELEGATION_NOT_ACTIVE: 'Your stash must be an active NDeST delegation first (opt in and add the proxy).',
  PROXY_MISSING: "NDeST's Staking proxy is missing on this stash.",
  BOND_NOT_COVERED: 'Your bonded (active) KSM does not cover what you want to commit.',
  STASH_COMMITTED: 'This stash already contributes to a collective: it has one reward destination.',
  COLLECTIVE_PAUSED: 'The collective is paused: it takes no contributions now.',
  COLLECTIVE_REMOVED: 'The collective has been removed.',
  LOCKED: 'Your contribution is locked until its unlock date.',
  LOCK_SHORTENED: 'A lock can only be extended, never shortened.',
  LOCK_TOO_FAR: 'A lock may reach at most 365 days beyond the later of now and the current unlock date.',
  DONATION_LOCKED: 'Your donation share is locked until the unlock date.',
  WITHDRAWAL_BELOW_MINIMUM:
    'This withdrawal would take the collective below its minimum: a proposal to remove the collective was raised instead.',
  WITHDRAWAL_EXCEEDS_BOND: 'You cannot withdraw more than you committed.',
  NOT_CONTRIBUTOR: 'This account does not contribute to this collective.',
  INSUFFICIENT_DONATIONS: 'The collective does not hold that much in donations.',
  INSUFFICIENT_FUNDS: 'The pool does not hold that much unowed.',
  RESOURCE_MISMATCH: 'The signed request names another resource than the page it was sent to.',
  EXPIRES_AT_TOO_FAR: "The request's expiry is too far ahead. Check your computer's clock.",
  REQUEST_TIMEOUT: 'The service took too long to answer. Try again.',
  NONCE_INVALID: 'The request carries a malformed nonce. Sign it again from the app.',
  EXPIRES_AT_INVALID: "The request's expiry time is malformed. Sign it again from the app.",
  SIGNATURE_INVALID: 'The signature is malformed. Sign again with your wallet.',
  ADMIN_TOKEN_MISSING: 'This is for operators: it needs the admin token.',
  ADMIN_TOKEN_INVALID: 'The admin token is wrong.',
  SNAPSHOT_NOT_HELD: 'That candidate snapshot is not waiting for confirmation.',
  ROLE_IN_USE: 'That role is named by a pool or collective, so it cannot be deleted.',
  DELEGATION_NOT_FOUND: 'This account has never joined NDeST.',
  POOL_NOT_FOUND: 'That spending pool does not exist.',
  COLLECTIVE_NOT_FOUND: 'There is no collective by that name.',
  PROPOSAL_NOT_FOUND: 'There is no such proposal.',
  ROUND_NOT_FOUND: 'There is no round with this number.',
  ROUND_NOT_PLANNED: 'This round has no draw to replay yet (its seed block has not come, or it was skipped).',
  SNAPSHOT_NOT_FOUND: 'That candidate snapshot does not exist.',
  INVALID_CURSOR: 'The list moved on: reload the page and try again.',
  NAME_INVALID: 'A name starts with a letter and has 3 to 32 letters, digits, _ or -.',
  DESCRIPTION_INVALID: 'The description is longer than 256 characters.',
  DUPLICATE_ENTRY: 'The same entry is listed twice.',
  PROPOSAL_INVALID: 'The proposal is not complete or not valid.',
  RATES_INVALID: 'The rates are not valid: give a rate per token, or choose a dynamic rate.',
  RATE_INVALID: 'A rate is a decimal number with at most 18 decimals.',
  WEIGHT_INVALID: 'A weight is a positive decimal number with at most 18 decimals.',
  VOTE_QUORUM_INVALID: 'The quorum is a share above 0 and at most 1.',
  CLAIM_END_INVALID: 'Claims must end after they start (or never: leave it empty).',
  AMOUNT_INVALID: 'The amount is not a valid number of planck.',
  VOTE_INVALID: 'A vote is yes, no or abstain.',
  SHARES_INVALID: "The pools' shares must each be above 0 and add up to exactly 1.",
  TOO_MANY_POOLS: 'Too many spending pools for this network.',
  CLAIM_PERIOD_TOO_SHORT: 'The claim period is shorter than the network allows.',
  DONATION_INVALID: 'The donation is a share from 0 to 1.',
  LOCKING_INVALID: 'The unlock date is not valid.',
  OPERATOR_UNAVAILABLE: 'NDeST cannot act on the chain right now (it runs read-only). Try again later.',
  DEMO_ERA_IN_PROGRESS: 'An era change is already under way: wait for it, then press again.',
  DEMO_CONTROL_UNAVAILABLE: "The demo's local chain did not answer: is npm run demo still running?",
  USER_REJECTED: 'You declined to sign in your wallet. Nothing was sent.',
};

/** The words a person reads for an error: plain words, then the service's own detail. */
export function errorInWords(error: unknown): { title: string; detail: string | null; code: string | null } {
  if (error instanceof ApiError) {
    const words = WORDS[error.code];
    return { title: words ?? error.message, detail: words ? error.message : null, code: error.code };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/reject|cancel/i.test(message)) return { title: WORDS.USER_REJECTED!, detail: message, code: 'USER_REJECTED' };
  return { title: message, detail: null, code: null };
}
