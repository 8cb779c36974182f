import { Ss58AddressCodec } from '../../../../src/chain/address-codec.js';
import { bondedValue } from '../../../../src/domain/collectives/bonds.js';
import type { CollectiveToken } from '../../../../src/domain/collectives/collective-deps.js';
import { FIXED_ONE, formatDecimal, parseDecimalText, type Fixed } from '../../../../src/domain/shared/fixed-point.js';
import { RESOURCE_NAME } from '../../../../src/domain/shared/resource-name.js';
import { MAX_DESCRIPTION, MAX_LIST } from '../../../../src/domain/shared/settings-fields.js';
import { parseUnits } from '../../lib/format.js';
import type { Bond, Token } from './types.js';

/**
 * The API's rules for collective requests, checked in the page before anything is signed. The
 * rules that can be shared are the service's own functions (names, exact decimals, bonded value,
 * addresses), so the page and the API cannot disagree; the rest mirror
 * src/domain/collectives/collective-settings.ts. Each check answers a sentence for the field, or null.
 */

/** The creator commits at least a tenth of minCollectiveBond (DESIGN §2). */
const CREATOR_SHARE_OF_MINIMUM = 10n;

export function nameError(name: string): string | null {
  if (name === '') return 'Give the collective a name.';
  return RESOURCE_NAME.test(name)
    ? null
    : 'A name starts with a letter and has 3 to 32 letters, digits, "_" or "-" (no spaces).';
}

export function descriptionError(text: string): string | null {
  return text.length > MAX_DESCRIPTION ? `At most ${MAX_DESCRIPTION} characters (this is ${text.length}).` : null;
}

/**
 * An exact decimal as the API reads it ("0.5", "1"; no exponent, no leading zero, at most 18
 * fractional digits), within (0, max] (or [0, max] with allowZero); null when it is not.
 */
export function parseShare(text: string, opts: { allowZero?: boolean; max?: Fixed } = {}): Fixed | null {
  const value = parseDecimalText(text.trim());
  if (value === null) return null;
  if (value === 0n && !opts.allowZero) return null;
  if (value > (opts.max ?? FIXED_ONE)) return null;
  return value;
}

export const decimalHint = 'a decimal like 0.5 (no leading zero such as 00.5, at most 18 digits after the point)';

/** A decimal field in (0, 1] (quorum, share) or [0, 1] (donation): the sentence when it is not. */
export function shareError(text: string, what: string, allowZero = false): string | null {
  if (text.trim() === '') return `Give the ${what}.`;
  return parseShare(text, { allowZero }) === null
    ? `The ${what} is ${allowZero ? 'from 0' : 'above 0'} up to 1, ${decimalHint}.`
    : null;
}

/** Canonical spelling of a decimal the user typed, as the API stores it ("0.50" → "0.5"). */
export const canonicalShare = (text: string): string => formatDecimal(parseDecimalText(text.trim()) ?? 0n);

export interface PoolShareRow {
  name: string;
  share: string;
}

/**
 * The pools of a collective: 1 to maxOutputs, each once, shares in (0, 1] summing to exactly 1,
 * added up exactly (bigint scaled by 10^18, never floats: 0.1 + 0.2 is 0.3 here).
 */
export function poolSharesErrors(
  rows: PoolShareRow[],
  maxOutputs: number,
): { rows: (string | null)[]; total: string | null; sum: Fixed } {
  const errors = rows.map((r) => {
    if (r.name === '') return 'Pick a spending pool.';
    return shareError(r.share, 'share');
  });
  const names = rows.map((r) => r.name).filter(Boolean);
  const sum = rows.reduce((total, r) => total + (parseShare(r.share) ?? 0n), 0n);
  let total: string | null = null;
  if (rows.length === 0) total = 'Name at least one spending pool.';
  else if (rows.length > maxOutputs)
    total = `At most ${maxOutputs} spending pools (the network's maxCollectiveOutputs).`;
  else if (new Set(names).size !== names.length) total = 'Each pool may be named once.';
  else if (errors.every((e) => e === null) && sum !== FIXED_ONE)
    total = `The shares must add up to exactly 1; they add up to ${formatDecimal(sum)}.`;
  return { rows: errors, total, sum };
}

export interface BondRow {
  denom: string;
  /** Whole tokens as typed ("20.5"). */
  amount: string;
}

/**
 * Bond rows in planck: each a staking token of the registry, once, with an amount above 0 that
 * has no more decimals than the token. `bonds` is null while any row is wrong.
 */
export function parseBondRows(
  rows: BondRow[],
  tokens: Token[],
): { bonds: Bond[] | null; rows: (string | null)[]; total: string | null } {
  const bonds: Bond[] = [];
  const errors = rows.map((r) => {
    const token = tokens.find((t) => t.denom === r.denom);
    if (!token) return 'Pick a token.';
    if (!token.staking) return `${token.denom} is not a staking token: only staking tokens can be bonded.`;
    if (r.amount.trim() === '') return 'Say how much.';
    const planck = parseUnits(r.amount, token.decimals);
    if (planck === null) return `Write an amount like 20 or 20.5, with at most ${token.decimals} decimals.`;
    if (planck === 0n) return 'The amount must be more than 0.';
    bonds.push({ denom: r.denom, amount: planck.toString() });
    return null;
  });
  let total: string | null = null;
  if (rows.length === 0) total = 'Bond at least one token.';
  else if (new Set(rows.map((r) => r.denom)).size !== rows.length) total = 'Each token may be named once.';
  const ok = total === null && errors.every((e) => e === null);
  return { bonds: ok ? bonds : null, rows: errors, total };
}

/** The registry's tokens as the service's bondedValue reads them. */
const tokenMap = (tokens: Token[]): Map<string, CollectiveToken> =>
  new Map(
    tokens.map((t) => [
      t.denom,
      {
        kind: t.kind === 'asset' ? 'asset' : 'native',
        assetId: t.assetId,
        decimals: t.decimals,
        rate: t.rate,
        staking: t.staking,
      },
    ]),
  );

/** The value in base units of these bonds at the registry's rates (the API's own sum: Σ floor(amount × rate / 10^decimals)). */
export const bondsValue = (bonds: Bond[], tokens: Token[]): Fixed =>
  bondedValue(
    bonds.map((b) => ({ denom: b.denom, amount: BigInt(b.amount) })),
    tokenMap(tokens),
  );

/** minCollectiveBond (base units, a decimal string) as a Fixed; null when malformed. */
export const minimumValue = (minCollectiveBond: string): Fixed | null => parseDecimalText(minCollectiveBond);

/** Whether the creator's bonds are worth at least 10% of minCollectiveBond (422 BOND_BELOW_MINIMUM otherwise). */
export function meetsCreatorMinimum(bonds: Bond[], tokens: Token[], minCollectiveBond: string): boolean {
  const minimum = minimumValue(minCollectiveBond);
  if (minimum === null) return false;
  return bondsValue(bonds, tokens) * CREATOR_SHARE_OF_MINIMUM >= minimum;
}

/**
 * The least planck of `token` alone that meets the creator's minimum (10% of minCollectiveBond at
 * the token's rate): the smallest a with floor(a × rate / 10^decimals) × 10 ≥ minimum. Null when
 * the token is worth nothing (rate 0) and so can never meet it.
 */
export function creatorMinimumPlanck(token: Token, minCollectiveBond: string): bigint | null {
  const minimum = minimumValue(minCollectiveBond);
  const rate = parseDecimalText(token.rate);
  if (minimum === null || rate === null || rate === 0n) return null;
  const needValue = ceilDiv(minimum, CREATOR_SHARE_OF_MINIMUM);
  return ceilDiv(needValue * 10n ** BigInt(token.decimals), rate);
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/**
 * Addresses typed one a line (or separated by commas/spaces): each an address of this network
 * (the service's own codec: a Polkadot or generic address is refused), each once, at most 100.
 */
export function parseAddressList(
  text: string,
  ss58Prefix: number,
): { addresses: string[] | null; error: string | null } {
  const codec = new Ss58AddressCodec(ss58Prefix);
  const items = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const out: string[] = [];
  for (const item of items) {
    const address = codec.normalize(item);
    if (!address) return { addresses: null, error: `${item} is not an address of this network.` };
    if (out.includes(address)) return { addresses: null, error: `${item} is listed twice.` };
    out.push(address);
  }
  if (out.length > MAX_LIST) return { addresses: null, error: `At most ${MAX_LIST} accounts.` };
  return { addresses: out, error: null };
}

/** One address of this network, re-encoded; null when it is not one. */
export const normalizeAddress = (text: string, ss58Prefix: number): string | null =>
  new Ss58AddressCodec(ss58Prefix).normalize(text);

/** Whole seconds typed by a person, at least `min`; null when not. */
export function parseSeconds(text: string, min = 0): number | null {
  const t = text.trim();
  if (!/^\d{1,12}$/.test(t)) return null;
  const n = Number(t);
  return n >= min ? n : null;
}

/** A `datetime-local` value (the user's local time) in unix seconds; null when empty or invalid. */
export function localDateTimeToUnix(value: string): number | null {
  if (value.trim() === '') return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

/** Unix seconds as a `datetime-local` value in the user's local time (minutes). */
export function unixToLocalDateTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Seconds as words: "1 day", "10 minutes", "90 s". */
export function formatDuration(seconds: number): string {
  const units: Array<[number, string]> = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units)
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  return `${seconds} s`;
}
