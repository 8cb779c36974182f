import { validationError } from '../errors.js';
import type { Planck } from './types.js';

/**
 * Exact decimals (weights, rates, quorums, shares) as bigint scaled by 10^18 (DESIGN §4: at least
 * 18 fractional digits, never a float). 1.5 is 1_500_000_000_000_000_000n.
 */
export type Fixed = bigint;

export const FIXED_DECIMALS = 18;
export const FIXED_ONE: Fixed = 10n ** BigInt(FIXED_DECIMALS);

/** The largest u128, the width of balances on chain: planck above it cannot exist. */
export const U128_MAX: Planck = (1n << 128n) - 1n;

/**
 * Integer digits accepted by parseDecimal: bounds the bigint work a request can cause before
 * `min`/`max` are checked (a u128 has 39 digits; 60 leaves room for any sane value).
 */
const MAX_INTEGER_DIGITS = 60;

/** No exponent, no empty part ("1.", ".5"), no leading zero ("01"), at most 18 fractional digits. */
const DECIMAL = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]{1,18}))?$/;
const PLANCK = /^(0|[1-9][0-9]*)$/;

export interface ParseDecimalOptions {
  /** The payload field, echoed in the error's details so a client knows which one to fix. */
  field: string;
  /** The stable error code of this field, e.g. WEIGHT_INVALID, RATE_INVALID, QUORUM_INVALID. */
  code: string;
  /** Inclusive bounds. */
  min?: Fixed;
  max?: Fixed;
  /** Zero is refused unless allowed: weights and quorums must be positive. */
  allowZero?: boolean;
  /** A leading "-" is refused unless allowed: nothing in the pools is negative. */
  allowNegative?: boolean;
}

/**
 * The Fixed value of a well-formed decimal string, or `null` when it is malformed (see DECIMAL) or
 * negative without `allowNegative`: for callers that build their own error. "-0" reads as 0.
 */
export function parseDecimalText(text: string, allowNegative = false): Fixed | null {
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole.length > MAX_INTEGER_DIGITS || (sign && !allowNegative)) return null;
  const magnitude = BigInt(whole) * FIXED_ONE + BigInt(fraction.padEnd(FIXED_DECIMALS, '0'));
  return sign ? -magnitude : magnitude;
}

/** Parses an exact decimal string ("0.51", "2", "11.574074074074074074") into a Fixed, or throws 400 `code`. */
export function parseDecimal(text: unknown, options: ParseDecimalOptions): Fixed {
  const { field, code } = options;
  const fail = (why: string) => validationError(code, `${field} ${why}`, { field });
  if (typeof text !== 'string') throw fail('must be a decimal string');
  if (text.startsWith('-') && !options.allowNegative) throw fail('must not be negative');
  const value = parseDecimalText(text, options.allowNegative);
  if (value === null) {
    throw fail('must be a decimal like "2" or "0.51" (no exponent, at most 18 fractional digits, no leading zero)');
  }
  if (value === 0n && !options.allowZero) throw fail('must be greater than 0');
  if (options.min !== undefined && value < options.min) throw fail(`must be at least ${formatDecimal(options.min)}`);
  if (options.max !== undefined && value > options.max) throw fail(`must be at most ${formatDecimal(options.max)}`);
  return value;
}

/**
 * An exact decimal field of a request (weights, rates, quorums, base-unit values), checked with
 * parseDecimal's rules and written back in its one canonical spelling, the one stored and shown.
 */
export const canonicalDecimal = (text: unknown, options: ParseDecimalOptions): string =>
  formatDecimal(parseDecimal(text, options));

/** The canonical decimal string of a Fixed: no trailing zeros, no trailing ".", "0" for zero. */
export function formatDecimal(value: Fixed): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const whole = magnitude / FIXED_ONE;
  const fraction = (magnitude % FIXED_ONE).toString().padStart(FIXED_DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * A planck amount from its decimal string: a non-negative integer without leading zeros that fits
 * a u128 (negative, fractional, exponent or oversized amounts are refused with `code`).
 */
export function parsePlanck(text: unknown, field: string, code: string): Planck {
  const fail = (why: string) => validationError(code, `${field} ${why}`, { field });
  if (typeof text !== 'string' || !PLANCK.test(text)) {
    throw fail('must be a whole number of planck as a decimal string, like "1000"');
  }
  // 40 digits are certainly above u128 (39 digits): refuse before building a huge bigint.
  if (text.length > 40) throw fail('is above the largest u128');
  const value = BigInt(text);
  if (value > U128_MAX) throw fail('is above the largest u128');
  return value;
}

/** An integer as a Fixed (2 → 2.0). */
export const fixedFromInt = (n: bigint | number): Fixed => BigInt(n) * FIXED_ONE;

/**
 * floor(a / b) for any signs: bigint `/` truncates toward zero, which would round a negative result
 * up. Every rounding in the pools goes down, so that it never favours a claimant.
 */
export function floorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('division by zero');
  const quotient = a / b;
  // Truncation rounded up exactly when there is a remainder and the true quotient is negative.
  return a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient;
}

/** a × b, floored to the last of the 18 fractional digits. */
export const mulFloor = (a: Fixed, b: Fixed): Fixed => floorDiv(a * b, FIXED_ONE);

/** a / b, floored to the last of the 18 fractional digits. */
export const divFloor = (a: Fixed, b: Fixed): Fixed => floorDiv(a * FIXED_ONE, b);

/** The integer part of a Fixed, floored (2.7 → 2, −2.7 → −3). */
export const floorToInt = (value: Fixed): bigint => floorDiv(value, FIXED_ONE);

/** −1, 0 or 1, for sorting and for readable comparisons at call sites. */
export const compareFixed = (a: Fixed, b: Fixed): -1 | 0 | 1 => (a < b ? -1 : a > b ? 1 : 0);

export const minFixed = (a: Fixed, b: Fixed): Fixed => (a < b ? a : b);
export const maxFixed = (a: Fixed, b: Fixed): Fixed => (a > b ? a : b);

/** Σ of Fixed values (weights): exact, no rounding. */
export const sumFixed = (values: readonly Fixed[]): Fixed => values.reduce((total, value) => total + value, 0n);
