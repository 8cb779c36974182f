import { formatUnits, parseUnits } from '../../lib/format.js';

/** Balances are u128 on chain: the API refuses a larger bond (BOND_INVALID). */
const U128_MAX = 2n ** 128n - 1n;

export type BondCheck = { planck: bigint; error: null } | { planck: null; error: string };

/**
 * The amount to bond as typed ("12.5"), checked as the API checks it before anything is signed:
 * a number of whole tokens with at most `decimals` decimals, at least the chain's minimum bond
 * (the larger of minNominatorBond and the existential deposit), and not more than the free balance.
 */
export function checkBondAmount(
  text: string,
  rules: { decimals: number; symbol: string; minimum: bigint | null; free: bigint | null },
): BondCheck {
  const { decimals, symbol } = rules;
  if (text.trim() === '') return { planck: null, error: `Say how much ${symbol} to bond.` };
  const planck = parseUnits(text, decimals);
  if (planck === null)
    return {
      planck: null,
      error: `Write an amount of ${symbol} such as 12.5, with at most ${decimals} digits after the point.`,
    };
  if (planck === 0n || planck > U128_MAX) return { planck: null, error: `Bond more than 0 ${symbol}.` };
  if (rules.minimum !== null && planck < rules.minimum)
    return {
      planck: null,
      error: `Bond at least ${formatUnits(rules.minimum, decimals)} ${symbol}: the chain refuses less.`,
    };
  if (rules.free !== null && planck > rules.free)
    return {
      planck: null,
      error: `This account holds only ${formatUnits(rules.free, decimals)} ${symbol} free: bond less (and keep some for fees).`,
    };
  return { planck, error: null };
}
