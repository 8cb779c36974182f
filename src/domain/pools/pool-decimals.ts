import { FIXED_ONE, formatDecimal, parseDecimal } from '../shared/fixed-point.js';

/**
 * An exact decimal field of a request (weights, rates, quorums), checked and written back in its
 * one canonical spelling. 400 with `code` naming the field when it is not a plain decimal string
 * (at most 18 fractional digits), is zero where it must be positive, or above 1 for a share.
 */
export function exactDecimal(
  raw: unknown,
  opts: { code: string; field: string; positive?: boolean; atMostOne?: boolean },
): string {
  const value = parseDecimal(raw, {
    code: opts.code,
    field: opts.field,
    allowZero: !opts.positive,
    ...(opts.atMostOne ? { max: FIXED_ONE } : {}),
  });
  return formatDecimal(value);
}
