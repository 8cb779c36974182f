import { Ss58AddressCodec } from '../../../../src/chain/address-codec.js';
import { FIXED_ONE, parseDecimalText } from '../../../../src/domain/shared/fixed-point.js';
import { RESOURCE_NAME } from '../../../../src/domain/shared/resource-name.js';
import type { PoolDetail } from './pool-types.js';

/**
 * The pool form's state and its checks: the same rules the API applies to `pool.create` and to
 * an `update` proposal's changes (DESIGN §8; src/domain/pools/pool-settings.ts), so a person sees
 * what to fix before signing. Registries (tokens, roles) are checked by the API; the form offers
 * only registered tokens.
 */

/** The service's defaults (POOL_DEFAULTS), shown pre-filled. */
export const POOL_FORM_DEFAULTS = { voteQuorum: '0.51', votePeriod: '600', voteEnactment: '300' } as const;
export const MAX_DESCRIPTION = 256;
export const MAX_LIST = 100;
const MAX_SECONDS = 2 ** 40;

export interface WeightedRow {
  /** An address (accounts) or a role's name (roles). */
  who: string;
  /** Empty: the default weight, 1. */
  weight: string;
}

export interface RateRow {
  denom: string;
  /** Planck per second per unit of weight. */
  rate: string;
}

export interface PoolFormState {
  name: string;
  description: string;
  ownerAccounts: string[];
  ownerRoles: string[];
  beneficiaryAccounts: WeightedRow[];
  beneficiaryRoles: WeightedRow[];
  voteQuorum: string;
  votePeriod: string;
  voteEnactment: string;
  /** A local date-time (`<input type="datetime-local">`); empty: from creation. */
  claimStart: string;
  /** A local date-time; empty: never ends. */
  claimEnd: string;
  /** Seconds a claim reaches back; empty or 0: no cap. Static pools only. */
  claimExpire: string;
  rateMode: 'static' | 'dynamic';
  tokenRates: RateRow[];
  dynamicRatePeriod: string;
}

export const emptyPoolForm = (nativeDenom = 'KSM'): PoolFormState => ({
  name: '',
  description: '',
  ownerAccounts: [],
  ownerRoles: [],
  beneficiaryAccounts: [{ who: '', weight: '' }],
  beneficiaryRoles: [],
  voteQuorum: POOL_FORM_DEFAULTS.voteQuorum,
  votePeriod: POOL_FORM_DEFAULTS.votePeriod,
  voteEnactment: POOL_FORM_DEFAULTS.voteEnactment,
  claimStart: '',
  claimEnd: '',
  claimExpire: '',
  rateMode: 'static',
  tokenRates: [{ denom: nativeDenom, rate: '' }],
  dynamicRatePeriod: '86400',
});

/** Field errors by the form's own keys (`name`, `beneficiaryAccounts.0.who`, `tokenRates.1.rate`, …). */
export type FormErrors = Record<string, string>;

/** Unix seconds of a `datetime-local` value (read in the browser's time zone); null when not a date. */
export function unixFromLocal(value: string): number | null {
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

/** A `datetime-local` value (seconds precision) for unix seconds; empty for 0. */
export function localFromUnix(seconds: number): string {
  if (!seconds) return '';
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A positive (or, with allowZero, non-negative) decimal with at most 18 fractional digits, canonical as typed. */
export function decimalProblem(text: string, opts: { allowZero?: boolean; max?: bigint } = {}): string | null {
  const value = parseDecimalText(text.trim());
  if (value === null) return 'a decimal like "2" or "0.5": digits, at most 18 after the point, no leading zero';
  if (value === 0n && !opts.allowZero) return 'must be greater than 0';
  if (opts.max !== undefined && value > opts.max) return 'must be at most 1';
  return null;
}

function secondsProblem(text: string, min: number): string | null {
  if (!/^\d+$/.test(text.trim())) return 'a whole number of seconds';
  const n = Number(text.trim());
  if (n < min) return `at least ${min}`;
  if (n > MAX_SECONDS) return 'too large';
  return null;
}

/** The address in the network's format, or null when it is not one of this network's. */
export function normalizeAddress(text: string, ss58Prefix: number): string | null {
  return new Ss58AddressCodec(ss58Prefix).normalize(text);
}

export interface PoolFormContext {
  ss58Prefix: number;
  /** Denoms of the token registry. */
  denoms: string[];
  /** Unix seconds now (claim windows are checked against it). */
  now: number;
  /** Checking the changes of an update: no name; the rate mode and its period (and a dynamic pool's claimStart) are fixed. */
  update?: { dynamicRate: boolean; claimStart: number };
}

/** The request fields of the form (`pool.create` without the name, or an update's candidate settings) and the errors that stop it. */
export function poolSettingsFromForm(
  form: PoolFormState,
  ctx: PoolFormContext,
): { fields: Record<string, unknown>; errors: FormErrors } {
  const errors: FormErrors = {};
  const fields: Record<string, unknown> = {};
  const update = ctx.update;
  const dynamic = update ? update.dynamicRate : form.rateMode === 'dynamic';

  if (form.description.length > MAX_DESCRIPTION)
    errors.description = `at most ${MAX_DESCRIPTION} characters (now ${form.description.length})`;
  fields.description = form.description;

  // Owners
  const ownerAccounts: string[] = [];
  form.ownerAccounts.forEach((text, i) => {
    const a = normalizeAddress(text, ctx.ss58Prefix);
    if (!a) errors[`ownerAccounts.${i}`] = 'not an address of this network';
    else if (ownerAccounts.includes(a)) errors[`ownerAccounts.${i}`] = 'listed twice';
    else ownerAccounts.push(a);
  });
  const ownerRoles: string[] = [];
  form.ownerRoles.forEach((text, i) => {
    const r = text.trim();
    if (!r || r.length > 64) errors[`ownerRoles.${i}`] = "a role's name";
    else if (ownerRoles.includes(r)) errors[`ownerRoles.${i}`] = 'listed twice';
    else ownerRoles.push(r);
  });
  if (form.ownerAccounts.length > MAX_LIST) errors.ownerAccounts = `at most ${MAX_LIST}`;
  if (form.ownerRoles.length > MAX_LIST) errors.ownerRoles = `at most ${MAX_LIST}`;
  fields.owners = { roles: ownerRoles, accounts: ownerAccounts };

  // Beneficiaries: weights default to 1; one account or role once.
  const weightOf = (row: WeightedRow, key: string) => {
    if (row.weight.trim() === '') return '1';
    const problem = decimalProblem(row.weight);
    if (problem) errors[key] = problem;
    return row.weight.trim();
  };
  const accounts: { address: string; weight: string }[] = [];
  form.beneficiaryAccounts.forEach((row, i) => {
    const a = normalizeAddress(row.who, ctx.ss58Prefix);
    const weight = weightOf(row, `beneficiaryAccounts.${i}.weight`);
    if (!a) errors[`beneficiaryAccounts.${i}.who`] = 'not an address of this network';
    else if (accounts.some((x) => x.address === a)) errors[`beneficiaryAccounts.${i}.who`] = 'listed twice';
    else accounts.push({ address: a, weight });
  });
  const roles: { name: string; weight: string }[] = [];
  form.beneficiaryRoles.forEach((row, i) => {
    const r = row.who.trim();
    const weight = weightOf(row, `beneficiaryRoles.${i}.weight`);
    if (!r || r.length > 64) errors[`beneficiaryRoles.${i}.who`] = "a role's name";
    else if (roles.some((x) => x.name === r)) errors[`beneficiaryRoles.${i}.who`] = 'listed twice';
    else roles.push({ name: r, weight });
  });
  if (form.beneficiaryAccounts.length > MAX_LIST) errors.beneficiaryAccounts = `at most ${MAX_LIST}`;
  if (form.beneficiaryRoles.length > MAX_LIST) errors.beneficiaryRoles = `at most ${MAX_LIST}`;
  fields.beneficiaries = { roles, accounts };

  // Votes
  const quorumProblem = decimalProblem(form.voteQuorum, { max: FIXED_ONE });
  if (quorumProblem) errors.voteQuorum = `${quorumProblem} (a share of the owners, more than 0 and at most 1)`;
  fields.voteQuorum = form.voteQuorum.trim();
  const periodProblem = secondsProblem(form.votePeriod, 1);
  if (periodProblem) errors.votePeriod = periodProblem;
  fields.votePeriod = Number(form.votePeriod.trim());
  const enactmentProblem = secondsProblem(form.voteEnactment, 0);
  if (enactmentProblem) errors.voteEnactment = enactmentProblem;
  fields.voteEnactment = Number(form.voteEnactment.trim());

  // Claim window
  let claimStart: number | null = null;
  const startFixed = update?.dynamicRate === true;
  if (!startFixed && form.claimStart.trim() !== '') {
    claimStart = unixFromLocal(form.claimStart);
    if (claimStart === null || claimStart < 0 || claimStart > MAX_SECONDS) errors.claimStart = 'not a date and time';
    else fields.claimStart = claimStart;
  }
  const effectiveStart = claimStart ?? (update ? update.claimStart : ctx.now);
  if (form.claimEnd.trim() !== '') {
    const claimEnd = unixFromLocal(form.claimEnd);
    if (claimEnd === null || claimEnd < 0 || claimEnd > MAX_SECONDS) errors.claimEnd = 'not a date and time';
    else if (claimEnd !== 0 && claimEnd <= effectiveStart) errors.claimEnd = 'must be after the start of claims';
    else fields.claimEnd = claimEnd;
  } else fields.claimEnd = 0;
  if (!dynamic) {
    if (form.claimExpire.trim() === '') fields.claimExpire = 0;
    else {
      const problem = secondsProblem(form.claimExpire, 0);
      if (problem) errors.claimExpire = problem;
      fields.claimExpire = Number(form.claimExpire.trim());
    }
  }

  // Rates
  if (!dynamic) {
    const rates: { denom: string; rate: string }[] = [];
    form.tokenRates.forEach((row, i) => {
      if (!ctx.denoms.includes(row.denom)) errors[`tokenRates.${i}.denom`] = 'pick a token of the registry';
      else if (rates.some((r) => r.denom === row.denom))
        errors[`tokenRates.${i}.denom`] = 'this token has a rate already';
      const problem = decimalProblem(row.rate, { allowZero: true });
      if (problem) errors[`tokenRates.${i}.rate`] = problem;
      rates.push({ denom: row.denom, rate: row.rate.trim() });
    });
    if (form.tokenRates.length === 0)
      errors.tokenRates = 'add at least one token rate (it can be 0, and changed later by proposal)';
    if (form.tokenRates.length > MAX_LIST) errors.tokenRates = `at most ${MAX_LIST}`;
    fields.tokenRates = rates;
  } else if (!update) {
    fields.dynamicRate = true;
    const problem = secondsProblem(form.dynamicRatePeriod, 1);
    if (problem) errors.dynamicRatePeriod = problem;
    fields.dynamicRatePeriod = Number(form.dynamicRatePeriod.trim());
  }
  return { fields, errors };
}

/** The `pool.create` payload fields (beside address, nonce, expiresAt) of the form, or its errors. */
export function createPoolRequest(
  form: PoolFormState,
  ctx: PoolFormContext,
): { fields: Record<string, unknown>; errors: FormErrors } {
  const { fields, errors } = poolSettingsFromForm(form, { ...ctx, update: undefined });
  if (!RESOURCE_NAME.test(form.name))
    errors.name = 'starts with a letter, then 2 to 31 letters, digits, "_" or "-" (3 to 32 in all)';
  const out: Record<string, unknown> = { name: form.name, ...fields };
  if (out.description === '') delete out.description;
  return { fields: out, errors };
}

/** The form as it stands for an existing pool: the start of an update proposal. */
export function formFromPool(pool: PoolDetail): PoolFormState {
  return {
    name: pool.name,
    description: pool.description,
    ownerAccounts: [...(pool.owners.accounts ?? [])],
    ownerRoles: [...(pool.owners.roles ?? [])],
    beneficiaryAccounts: (pool.beneficiaries.accounts ?? []).map((b) => ({ who: b.address, weight: b.weight })),
    beneficiaryRoles: (pool.beneficiaries.roles ?? []).map((b) => ({ who: b.name, weight: b.weight })),
    voteQuorum: pool.voteQuorum,
    votePeriod: String(pool.votePeriod),
    voteEnactment: String(pool.voteEnactment),
    claimStart: localFromUnix(pool.claimStart),
    claimEnd: localFromUnix(pool.claimEnd),
    claimExpire: pool.dynamicRate ? '' : String(pool.claimExpire),
    rateMode: pool.dynamicRate ? 'dynamic' : 'static',
    tokenRates: pool.tokenRates.map((r) => ({ denom: r.denom, rate: r.rate })),
    dynamicRatePeriod: String(pool.dynamicRatePeriod ?? ''),
  };
}

/**
 * An update proposal's `changes`: the settings fields the person changed from the pool's own
 * (both read through the same function, so an untouched field compares equal and is left out).
 */
export function updateChanges(
  pool: PoolDetail,
  edited: PoolFormState,
  ctx: Omit<PoolFormContext, 'update'>,
): { changes: Record<string, unknown>; errors: FormErrors } {
  const update = { dynamicRate: pool.dynamicRate, claimStart: pool.claimStart };
  const before = poolSettingsFromForm(formFromPool(pool), { ...ctx, update }).fields;
  const { fields, errors } = poolSettingsFromForm(edited, { ...ctx, update });
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    if (JSON.stringify(value) !== JSON.stringify(before[key])) changes[key] = value;
  return { changes, errors };
}
