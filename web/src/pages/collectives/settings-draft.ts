import { COLLECTIVE_DEFAULTS } from '../../../../src/domain/collectives/collective-settings.js';
import {
  canonicalShare,
  descriptionError,
  localDateTimeToUnix,
  parseAddressList,
  parseSeconds,
  poolSharesErrors,
  shareError,
  unixToLocalDateTime,
  type PoolShareRow,
} from './rules.js';
import type { CollectiveDetail } from './types.js';

/** A collective's settings as the create form and the update proposal edit them (text as typed). */
export interface SettingsDraft {
  description: string;
  depositAny: boolean;
  depositRoles: string[];
  /** Addresses, one a line. */
  depositAccounts: string;
  ownerRoles: string[];
  ownerAccounts: string;
  pools: PoolShareRow[];
  /** `datetime-local`; empty: now (on creation). */
  claimStart: string;
  claimPeriod: string;
  /** `datetime-local`; empty: never. */
  claimEnd: string;
  voteQuorum: string;
  votePeriod: string;
  voteEnactment: string;
}

export type SettingKey =
  | 'description'
  | 'depositWhitelist'
  | 'ownersWhitelist'
  | 'spendingPools'
  | 'claimStart'
  | 'claimPeriod'
  | 'claimEnd'
  | 'voteQuorum'
  | 'votePeriod'
  | 'voteEnactment';

export const SETTING_KEYS: SettingKey[] = [
  'description',
  'depositWhitelist',
  'ownersWhitelist',
  'spendingPools',
  'claimStart',
  'claimPeriod',
  'claimEnd',
  'voteQuorum',
  'votePeriod',
  'voteEnactment',
];

/** The seed's defaults, as the service applies them. */
export const DEFAULTS = COLLECTIVE_DEFAULTS;

export function emptyDraft(minClaimPeriod: number): SettingsDraft {
  return {
    description: '',
    depositAny: false,
    depositRoles: [],
    depositAccounts: '',
    ownerRoles: [],
    ownerAccounts: '',
    pools: [{ name: '', share: '1' }],
    claimStart: '',
    claimPeriod: String(Math.max(DEFAULTS.claimPeriod, minClaimPeriod)),
    claimEnd: '',
    voteQuorum: DEFAULTS.voteQuorum,
    votePeriod: String(DEFAULTS.votePeriod),
    voteEnactment: String(DEFAULTS.voteEnactment),
  };
}

/** The draft of an existing collective's settings, for an update proposal. */
export function draftOf(c: CollectiveDetail): SettingsDraft {
  return {
    description: c.description,
    depositAny: c.depositWhitelist.any,
    depositRoles: [...c.depositWhitelist.roles],
    depositAccounts: c.depositWhitelist.accounts.join('\n'),
    ownerRoles: [...c.ownersWhitelist.roles],
    ownerAccounts: c.ownersWhitelist.accounts.join('\n'),
    pools: c.spendingPools.map((p) => ({ ...p })),
    claimStart: unixToLocalDateTime(c.claimStart),
    claimPeriod: String(c.claimPeriod),
    claimEnd: c.claimEnd === 0 ? '' : unixToLocalDateTime(c.claimEnd),
    voteQuorum: c.voteQuorum,
    votePeriod: String(c.votePeriod),
    voteEnactment: String(c.voteEnactment),
  };
}

export interface SettingsContext {
  ss58Prefix: number;
  maxOutputs: number;
  minClaimPeriod: number;
  /** Unix seconds: claimStart when left empty. */
  now: number;
  /** An update keeps this claimStart when it does not change it. */
  currentClaimStart?: number;
}

export type SettingsErrors = Partial<Record<SettingKey | 'depositAccounts' | 'ownerAccounts', string>> & {
  poolRows?: (string | null)[];
};

/**
 * The payload fields of `draft` (all of them, or only `only`'s for an update), checked by the
 * API's rules; `fields` is null while any is wrong, and `errors` says which and why.
 */
export function settingsFields(
  draft: SettingsDraft,
  ctx: SettingsContext,
  only?: ReadonlySet<SettingKey>,
): { fields: Record<string, unknown> | null; errors: SettingsErrors } {
  const want = (k: SettingKey) => !only || only.has(k);
  const errors: SettingsErrors = {};
  const fields: Record<string, unknown> = {};

  if (want('description')) {
    const e = descriptionError(draft.description);
    if (e) errors.description = e;
    fields.description = draft.description;
  }
  if (want('depositWhitelist')) {
    const accounts = parseAddressList(draft.depositAccounts, ctx.ss58Prefix);
    if (accounts.error) errors.depositAccounts = accounts.error;
    fields.depositWhitelist = { any: draft.depositAny, roles: draft.depositRoles, accounts: accounts.addresses ?? [] };
  }
  if (want('ownersWhitelist')) {
    const accounts = parseAddressList(draft.ownerAccounts, ctx.ss58Prefix);
    if (accounts.error) errors.ownerAccounts = accounts.error;
    fields.ownersWhitelist = { roles: draft.ownerRoles, accounts: accounts.addresses ?? [] };
  }
  if (want('spendingPools')) {
    const checked = poolSharesErrors(draft.pools, ctx.maxOutputs);
    if (checked.rows.some(Boolean)) errors.poolRows = checked.rows;
    if (checked.total) errors.spendingPools = checked.total;
    fields.spendingPools = draft.pools.map((p) => ({ name: p.name, share: p.share.trim() }));
  }

  let claimStart = ctx.currentClaimStart ?? ctx.now;
  if (want('claimStart') && draft.claimStart.trim() !== '') {
    const start = localDateTimeToUnix(draft.claimStart);
    if (start === null || start < 0) errors.claimStart = 'Pick a date and time, or leave it empty for now.';
    else {
      claimStart = start;
      fields.claimStart = start;
    }
  } else if (want('claimStart') && only) {
    errors.claimStart = 'Pick the date and time claims start at.';
  }
  if (want('claimPeriod')) {
    const period = parseSeconds(draft.claimPeriod, 1);
    if (period === null) errors.claimPeriod = 'A whole number of seconds, at least 1.';
    else if (period < ctx.minClaimPeriod)
      errors.claimPeriod = `At least ${ctx.minClaimPeriod} seconds (the network's minCollectiveClaimPeriod).`;
    else fields.claimPeriod = period;
  }
  if (want('claimEnd')) {
    const end = draft.claimEnd.trim() === '' ? 0 : localDateTimeToUnix(draft.claimEnd);
    if (end === null) errors.claimEnd = 'Pick a date and time, or leave it empty for never.';
    else if (end !== 0 && end <= claimStart)
      errors.claimEnd = 'Claims must end after they start (or never: leave it empty).';
    else fields.claimEnd = end;
  }
  if (want('voteQuorum')) {
    const e = shareError(draft.voteQuorum, 'quorum');
    if (e) errors.voteQuorum = e;
    else fields.voteQuorum = canonicalShare(draft.voteQuorum);
  }
  if (want('votePeriod')) {
    const s = parseSeconds(draft.votePeriod, 1);
    if (s === null) errors.votePeriod = 'A whole number of seconds, at least 1.';
    else fields.votePeriod = s;
  }
  if (want('voteEnactment')) {
    const s = parseSeconds(draft.voteEnactment, 0);
    if (s === null) errors.voteEnactment = 'A whole number of seconds (0 or more).';
    else fields.voteEnactment = s;
  }
  const ok = Object.keys(errors).length === 0;
  return { fields: ok ? fields : null, errors };
}
