import { ruleViolation, validationError } from '../errors.js';
import type { AddressCodec } from '../ports/wallet.js';
import { canonicalDecimal, FIXED_ONE } from '../shared/fixed-point.js';
import {
  address,
  addresses,
  description as parseDescription,
  isRecord,
  list,
  roles,
  seconds,
  type Raw,
} from '../shared/settings-fields.js';
import type { PoolRegistries } from './pool-registries.js';
import type { BeneficiaryEntry, PoolSettings } from './types.js';

/** Defaults of DESIGN §8 (the same as collectives'). */
export const POOL_DEFAULTS = { voteQuorum: '0.51', votePeriod: 600, voteEnactment: 300 } as const;
export { MAX_DESCRIPTION, MAX_LIST } from '../shared/settings-fields.js';

/**
 * The settings of a pool from a `pool.create` payload, or from an `update` proposal's changes over
 * the current settings (every create field but the name; the rate mode, its period and, for
 * dynamic pools, claimStart are fixed at creation, because the periods are counted from them).
 * Throws 400 for a malformed field (its code names it) and 422 for what the registries refuse.
 */
export async function parsePoolSettings(
  input: Raw,
  ctx: { codec: AddressCodec; registries: PoolRegistries; now: number; current?: PoolSettings },
): Promise<PoolSettings> {
  const { codec, registries, current } = ctx;
  const has = (k: string) => input[k] !== undefined;
  if (current) {
    for (const fixed of ['dynamicRate', 'dynamicRatePeriod', ...(current.dynamicRate ? ['claimStart'] : [])])
      if (has(fixed))
        throw ruleViolation('SETTING_IMMUTABLE', `${fixed} is fixed when the pool is created`, { field: fixed });
  }

  let description = current?.description ?? '';
  if (has('description')) description = parseDescription(input.description);

  const dynamicRate = current ? current.dynamicRate : input.dynamicRate === true;
  if (!current && input.dynamicRate !== undefined && typeof input.dynamicRate !== 'boolean')
    throw validationError('DYNAMIC_RATE_INVALID', 'payload.dynamicRate must be true or false', {
      field: '/payload/dynamicRate',
    });
  let dynamicRatePeriod = current?.dynamicRatePeriod ?? null;
  if (!current) {
    if (dynamicRate)
      dynamicRatePeriod = seconds(input.dynamicRatePeriod, 'dynamicRatePeriod', 'DYNAMIC_RATE_PERIOD_INVALID', {
        min: 1,
      });
    else if (has('dynamicRatePeriod'))
      throw validationError('DYNAMIC_RATE_PERIOD_INVALID', 'payload.dynamicRatePeriod needs dynamicRate: true', {
        field: '/payload/dynamicRatePeriod',
      });
  }

  const claimStart = has('claimStart')
    ? seconds(input.claimStart, 'claimStart', 'CLAIM_START_INVALID')
    : (current?.claimStart ?? ctx.now);
  const claimEnd = has('claimEnd')
    ? seconds(input.claimEnd, 'claimEnd', 'CLAIM_END_INVALID')
    : (current?.claimEnd ?? 0);
  if (claimEnd !== 0 && claimEnd <= claimStart)
    throw validationError('CLAIM_END_INVALID', 'payload.claimEnd must be 0 (none) or after claimStart', {
      field: '/payload/claimEnd',
    });
  let claimExpire = has('claimExpire')
    ? seconds(input.claimExpire, 'claimExpire', 'CLAIM_EXPIRE_INVALID')
    : (current?.claimExpire ?? 0);
  if (dynamicRate) {
    // DESIGN §8: a dynamic pool's claims reach back one period, whatever is asked.
    if (has('claimExpire') && claimExpire !== 0 && claimExpire !== dynamicRatePeriod)
      throw validationError('CLAIM_EXPIRE_INVALID', "a dynamic pool's claimExpire is its dynamicRatePeriod", {
        field: '/payload/claimExpire',
      });
    claimExpire = dynamicRatePeriod!;
  }

  const voteQuorum = has('voteQuorum')
    ? canonicalDecimal(input.voteQuorum, { code: 'VOTE_QUORUM_INVALID', field: '/payload/voteQuorum', max: FIXED_ONE })
    : (current?.voteQuorum ?? POOL_DEFAULTS.voteQuorum);
  const votePeriod = has('votePeriod')
    ? seconds(input.votePeriod, 'votePeriod', 'VOTE_PERIOD_INVALID', { min: 1 })
    : (current?.votePeriod ?? POOL_DEFAULTS.votePeriod);
  const voteEnactment = has('voteEnactment')
    ? seconds(input.voteEnactment, 'voteEnactment', 'VOTE_ENACTMENT_INVALID')
    : (current?.voteEnactment ?? POOL_DEFAULTS.voteEnactment);

  let owners = current?.owners ?? { roles: [], accounts: [] };
  if (has('owners')) {
    if (!isRecord(input.owners))
      throw validationError('OWNERS_INVALID', 'payload.owners must be {roles, accounts}', { field: '/payload/owners' });
    const accounts = addresses(codec, input.owners.accounts, 'owners/accounts');
    owners = {
      roles: await roles(registries, list(input.owners.roles, 'owners/roles'), '/payload/owners/roles'),
      accounts,
    };
  }

  let beneficiaries = current?.beneficiaries ?? [];
  if (has('beneficiaries')) beneficiaries = await parseBeneficiaries(input.beneficiaries, codec, registries);

  let tokenRates = current?.tokenRates ?? [];
  if (dynamicRate) {
    if (has('tokenRates') && list(input.tokenRates, 'tokenRates').length > 0)
      throw validationError('RATES_INVALID', 'a pool has either tokenRates or dynamicRate, not both', {
        field: '/payload/tokenRates',
      });
    tokenRates = [];
  } else if (has('tokenRates')) {
    const known = await registries.tokens();
    tokenRates = list(input.tokenRates, 'tokenRates').map((raw, i) => {
      const field = `/payload/tokenRates/${i}`;
      if (!isRecord(raw) || typeof raw.denom !== 'string')
        throw validationError('RATES_INVALID', 'each token rate is {denom, rate}', { field });
      if (!known.has(raw.denom))
        throw ruleViolation('TOKEN_UNKNOWN', `token ${raw.denom} is not in the token registry`, { denom: raw.denom });
      return {
        denom: raw.denom,
        rate: canonicalDecimal(raw.rate, { code: 'RATE_INVALID', field: `${field}/rate`, allowZero: true }),
      };
    });
    if (new Set(tokenRates.map((r) => r.denom)).size !== tokenRates.length)
      throw validationError('DUPLICATE_ENTRY', 'payload.tokenRates names a token twice', {
        field: '/payload/tokenRates',
      });
  }
  if (!current && !dynamicRate && !has('tokenRates'))
    throw validationError(
      'RATES_INVALID',
      'a pool needs tokenRates (planck per second per token) or dynamicRate: true with dynamicRatePeriod',
      {
        field: '/payload/tokenRates',
      },
    );

  return {
    description,
    claimStart,
    claimEnd,
    claimExpire,
    voteQuorum,
    votePeriod,
    voteEnactment,
    owners,
    beneficiaries,
    tokenRates,
    dynamicRate,
    dynamicRatePeriod,
  };
}

async function parseBeneficiaries(
  raw: unknown,
  codec: AddressCodec,
  registries: PoolRegistries,
): Promise<BeneficiaryEntry[]> {
  if (!isRecord(raw))
    throw validationError('BENEFICIARIES_INVALID', 'payload.beneficiaries must be {roles, accounts}', {
      field: '/payload/beneficiaries',
    });
  const out: BeneficiaryEntry[] = [];
  const weightOf = (entry: Raw, field: string) =>
    entry.weight === undefined
      ? '1'
      : canonicalDecimal(entry.weight, { code: 'WEIGHT_INVALID', field: `${field}/weight` });
  for (const [i, entry] of list(raw.accounts, 'beneficiaries/accounts').entries()) {
    const field = `/payload/beneficiaries/accounts/${i}`;
    if (!isRecord(entry))
      throw validationError('BENEFICIARIES_INVALID', 'each account beneficiary is {address, weight}', { field });
    out.push({
      kind: 'account',
      name: address(codec, entry.address, `${field}/address`),
      weight: weightOf(entry, field),
    });
  }
  const roleEntries = list(raw.roles, 'beneficiaries/roles');
  for (const [i, entry] of roleEntries.entries()) {
    const field = `/payload/beneficiaries/roles/${i}`;
    if (!isRecord(entry))
      throw validationError('BENEFICIARIES_INVALID', 'each role beneficiary is {name, weight}', { field });
    const [name] = await roles(registries, [entry.name], `${field}/name`);
    out.push({ kind: 'role', name: name!, weight: weightOf(entry, field) });
  }
  const keys = out.map((b) => `${b.kind}:${b.name}`);
  if (new Set(keys).size !== keys.length)
    throw validationError('DUPLICATE_ENTRY', 'payload.beneficiaries names one account or role twice', {
      field: '/payload/beneficiaries',
    });
  return out;
}
