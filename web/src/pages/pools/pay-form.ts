import { parseUnits } from '../../lib/format.js';
import { normalizeAddress, type FormErrors } from './pool-form.js';

/** A `pay` proposal's rows as typed: an amount in whole tokens (the token's decimals), sent in planck. */
export interface PaymentRow {
  address: string;
  denom: string;
  amount: string;
}

export const MAX_PAYMENTS = 100;
const U128_MAX = (1n << 128n) - 1n;

/** The `payments` of a pay proposal ({address, denom, amount in planck}) and the errors that stop it. */
export function paymentsFromRows(
  rows: PaymentRow[],
  ctx: { ss58Prefix: number; decimalsOf: (denom: string) => number | undefined },
): { payments: { address: string; denom: string; amount: string }[]; errors: FormErrors } {
  const errors: FormErrors = {};
  const payments: { address: string; denom: string; amount: string }[] = [];
  if (rows.length === 0) errors.payments = 'add at least one payment';
  if (rows.length > MAX_PAYMENTS) errors.payments = `at most ${MAX_PAYMENTS} payments`;
  rows.forEach((row, i) => {
    const address = normalizeAddress(row.address, ctx.ss58Prefix);
    if (!address) errors[`payments.${i}.address`] = 'not an address of this network';
    const decimals = ctx.decimalsOf(row.denom);
    if (decimals === undefined) {
      errors[`payments.${i}.denom`] = 'pick a token of the registry';
      return;
    }
    const planck = parseUnits(row.amount, decimals);
    if (planck === null) errors[`payments.${i}.amount`] = `an amount with at most ${decimals} decimals`;
    else if (planck === 0n) errors[`payments.${i}.amount`] = 'must be more than 0';
    else if (planck > U128_MAX) errors[`payments.${i}.amount`] = 'too large';
    else if (address) payments.push({ address, denom: row.denom, amount: planck.toString() });
  });
  return { payments, errors };
}
