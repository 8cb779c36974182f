import { ruleViolation, validationError } from '../errors.js';
import { floorDiv, parseDecimalText, parsePlanck, type Fixed } from '../shared/fixed-point.js';
import { isRecord } from '../shared/settings-fields.js';
import type { CollectiveToken } from './collective-deps.js';
import type { Bond, Contributor } from './types.js';

/** One entry per registry token at most; a registry holds far fewer. */
const MAX_BONDS = 100;

/**
 * The `bonds: [{denom, amount}]` of a create, contribute or withdraw request: at least one,
 * amounts in planck above 0, each denom once (the same denom twice is refused, 400
 * DUPLICATE_ENTRY, rather than summed: a client sending it has most likely made a mistake), and
 * only the registry's staking tokens (DESIGN §2: what `staking` bonds on this chain): 422
 * TOKEN_UNKNOWN for a denom the registry does not list, 422 TOKEN_NOT_STAKING for an asset.
 */
export function parseBonds(input: unknown, tokens: Map<string, CollectiveToken>, field: string): Bond[] {
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_BONDS)
    throw validationError('BONDS_INVALID', `${field} must be a list of 1 to ${MAX_BONDS} {denom, amount}`, { field });
  const bonds = input.map((raw, i): Bond => {
    const at = `${field}/${i}`;
    if (!isRecord(raw) || typeof raw.denom !== 'string')
      throw validationError('BONDS_INVALID', `${at} must be {denom, amount}`, { field: at });
    const token = tokens.get(raw.denom);
    if (!token)
      throw ruleViolation('TOKEN_UNKNOWN', `token ${raw.denom} is not in the token registry`, {
        field: `${at}/denom`,
        denom: raw.denom,
      });
    if (!token.staking)
      throw ruleViolation('TOKEN_NOT_STAKING', `${raw.denom} is not a staking token: it cannot be bonded`, {
        field: `${at}/denom`,
        denom: raw.denom,
      });
    const amount = parsePlanck(raw.amount, `${at}/amount`, 'AMOUNT_INVALID');
    if (amount === 0n)
      throw validationError('AMOUNT_INVALID', `${at}/amount must be more than 0`, { field: `${at}/amount` });
    return { denom: raw.denom, amount };
  });
  if (new Set(bonds.map((b) => b.denom)).size !== bonds.length)
    throw validationError('DUPLICATE_ENTRY', `${field} names a token twice`, { field });
  return bonds;
}

/**
 * The value in base units of these bonds (DESIGN §8): Σ amount / 10^decimals × rate, each term
 * rounded down. A token that left the registry or is no longer a staking token is worth 0: the
 * status falls when a token is delisted (DESIGN §2).
 */
export function bondedValue(bonds: readonly Bond[], tokens: Map<string, CollectiveToken>): Fixed {
  let total = 0n;
  for (const bond of bonds) {
    const token = tokens.get(bond.denom);
    if (!token?.staking) continue;
    const rate = parseDecimalText(token.rate) ?? 0n;
    total += floorDiv(bond.amount * rate, 10n ** BigInt(token.decimals));
  }
  return total;
}

/** The bonded value of a collective: its counting contributors' bonds, summed per token first. */
export function committedValue(contributors: readonly Contributor[], tokens: Map<string, CollectiveToken>): Fixed {
  return bondedValue(totalBonds(contributors.filter((c) => c.status === 'counting')), tokens);
}

/** Every bond of these contributors, summed per token. */
export function totalBonds(contributors: readonly Pick<Contributor, 'bonds'>[]): Bond[] {
  return contributors.reduce<Bond[]>((total, c) => addBonds(total, c.bonds), []);
}

/** a + b per token, in a's order, then b's new tokens. */
export function addBonds(a: readonly Bond[], b: readonly Bond[]): Bond[] {
  const out = a.map((bond) => ({ ...bond }));
  for (const bond of b) {
    const same = out.find((x) => x.denom === bond.denom);
    if (same) same.amount += bond.amount;
    else out.push({ ...bond });
  }
  return out;
}

/**
 * a − b per token, dropping the tokens that reach 0; 422 WITHDRAWAL_EXCEEDS_BOND (with the
 * figures) when b takes more of a token than a holds.
 */
export function subtractBonds(a: readonly Bond[], b: readonly Bond[]): Bond[] {
  const out = a.map((bond) => ({ ...bond }));
  for (const bond of b) {
    const held = out.find((x) => x.denom === bond.denom);
    if (!held || held.amount < bond.amount)
      throw ruleViolation(
        'WITHDRAWAL_EXCEEDS_BOND',
        `cannot withdraw ${bond.amount} planck of ${bond.denom}: ${held?.amount ?? 0n} planck bonded`,
        { denom: bond.denom, bonded: (held?.amount ?? 0n).toString(), requested: bond.amount.toString() },
      );
    held.amount -= bond.amount;
  }
  return out.filter((bond) => bond.amount > 0n);
}
