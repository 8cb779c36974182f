import { ruleViolation, validationError } from '../errors.js';
import type { AddressCodec } from '../ports/wallet.js';
import type { NetworkProperties } from '../registry/network-properties.js';
import { canonicalDecimal, FIXED_ONE, parseDecimalText, sumFixed } from '../shared/fixed-point.js';
import { addresses, description, isRecord, list, roles, seconds, type Raw } from '../shared/settings-fields.js';
import type { CollectiveRegistries } from './collective-deps.js';
import type { CollectiveSettings, PoolShare } from './types.js';

/** Defaults of the seed (DESIGN §2, §8); a claim period never defaults below the network's minimum. */
export const COLLECTIVE_DEFAULTS = {
  claimPeriod: 86_400,
  voteQuorum: '0.51',
  votePeriod: 600,
  voteEnactment: 300,
} as const;

/** The fields parseCollectiveSettings reads: anything else in its input is refused (a typo is not a success). */
export const SETTINGS_FIELDS: ReadonlySet<string> = new Set([
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
]);

export interface SettingsContext {
  codec: AddressCodec;
  registries: CollectiveRegistries;
  /** Unix seconds: claimStart's default. */
  now: number;
  /** The settings an update changes; absent: a creation (defaults apply). */
  current?: CollectiveSettings;
}

/**
 * A collective's settings from a `collective.create` payload (without `name` and `bonds`, which
 * the create request reads itself), or from an `update` proposal's changes over the current
 * settings: only the fields given change, and only those are checked against the network
 * properties of now (a minimum raised later does not block an unrelated update).
 * Throws 400 for a malformed field (its code names it) and 422 for what the registries refuse.
 */
export async function parseCollectiveSettings(input: Raw, ctx: SettingsContext): Promise<CollectiveSettings> {
  const { codec, registries, current } = ctx;
  for (const [field, value] of Object.entries(input))
    if (value !== undefined && !SETTINGS_FIELDS.has(field))
      throw validationError('FIELD_UNKNOWN', `payload.${field} is not a setting of a collective`, {
        field: `/payload/${field}`,
      });
  const has = (k: string) => input[k] !== undefined;
  let props: NetworkProperties | null = null;
  const properties = async () => (props ??= await registries.networkProperties());

  const settings: CollectiveSettings = current
    ? structuredClone(current)
    : {
        description: '',
        depositWhitelist: { any: false, roles: [], accounts: [] },
        ownersWhitelist: { roles: [], accounts: [] },
        spendingPools: [],
        claimStart: ctx.now,
        claimPeriod: COLLECTIVE_DEFAULTS.claimPeriod,
        claimEnd: 0,
        voteQuorum: COLLECTIVE_DEFAULTS.voteQuorum,
        votePeriod: COLLECTIVE_DEFAULTS.votePeriod,
        voteEnactment: COLLECTIVE_DEFAULTS.voteEnactment,
      };

  if (has('description')) settings.description = description(input.description);

  if (has('depositWhitelist')) {
    const raw = input.depositWhitelist;
    if (!isRecord(raw) || (raw.any !== undefined && typeof raw.any !== 'boolean'))
      throw validationError('DEPOSIT_WHITELIST_INVALID', 'payload.depositWhitelist must be {any, roles, accounts}', {
        field: '/payload/depositWhitelist',
      });
    settings.depositWhitelist = {
      any: raw.any === true,
      roles: await roles(registries, list(raw.roles, 'depositWhitelist/roles'), '/payload/depositWhitelist/roles'),
      accounts: addresses(codec, raw.accounts, 'depositWhitelist/accounts'),
    };
  }

  if (has('ownersWhitelist')) {
    const raw = input.ownersWhitelist;
    if (!isRecord(raw))
      throw validationError('OWNERS_WHITELIST_INVALID', 'payload.ownersWhitelist must be {roles, accounts}', {
        field: '/payload/ownersWhitelist',
      });
    settings.ownersWhitelist = {
      roles: await roles(registries, list(raw.roles, 'ownersWhitelist/roles'), '/payload/ownersWhitelist/roles'),
      accounts: addresses(codec, raw.accounts, 'ownersWhitelist/accounts'),
    };
  }

  if (has('spendingPools'))
    settings.spendingPools = await spendingPools(input.spendingPools, registries, await properties());
  else if (!current)
    throw validationError('SPENDING_POOLS_INVALID', 'a collective names 1 or more spendingPools: [{name, share}]', {
      field: '/payload/spendingPools',
    });

  if (has('claimStart')) settings.claimStart = seconds(input.claimStart, 'claimStart', 'CLAIM_START_INVALID');
  if (has('claimPeriod')) {
    const minimumPeriod = (await properties()).minCollectiveClaimPeriod;
    settings.claimPeriod = seconds(input.claimPeriod, 'claimPeriod', 'CLAIM_PERIOD_INVALID', { min: 1 });
    if (settings.claimPeriod < minimumPeriod)
      throw ruleViolation(
        'CLAIM_PERIOD_TOO_SHORT',
        `claimPeriod must be at least minCollectiveClaimPeriod (${minimumPeriod} s)`,
        { field: '/payload/claimPeriod', minimum: minimumPeriod },
      );
  } else if (!current) {
    settings.claimPeriod = Math.max(COLLECTIVE_DEFAULTS.claimPeriod, (await properties()).minCollectiveClaimPeriod);
  }
  if (has('claimEnd')) settings.claimEnd = seconds(input.claimEnd, 'claimEnd', 'CLAIM_END_INVALID');
  if (settings.claimEnd !== 0 && settings.claimEnd <= settings.claimStart)
    throw validationError('CLAIM_END_INVALID', 'payload.claimEnd must be 0 (none) or after claimStart', {
      field: '/payload/claimEnd',
    });

  if (has('voteQuorum'))
    settings.voteQuorum = canonicalDecimal(input.voteQuorum, {
      code: 'VOTE_QUORUM_INVALID',
      field: '/payload/voteQuorum',
      max: FIXED_ONE,
    });
  if (has('votePeriod'))
    settings.votePeriod = seconds(input.votePeriod, 'votePeriod', 'VOTE_PERIOD_INVALID', { min: 1 });
  if (has('voteEnactment'))
    settings.voteEnactment = seconds(input.voteEnactment, 'voteEnactment', 'VOTE_ENACTMENT_INVALID');
  return settings;
}

/**
 * 1 to maxCollectiveOutputs existing pools, each once, with shares in (0, 1] summing to exactly 1
 * (every planck of the rewards for the pools goes to one of them).
 */
async function spendingPools(raw: unknown, registries: CollectiveRegistries, props: NetworkProperties) {
  if (!Array.isArray(raw) || raw.length === 0)
    throw validationError('SPENDING_POOLS_INVALID', 'payload.spendingPools must be a list of 1 or more {name, share}', {
      field: '/payload/spendingPools',
    });
  if (raw.length > props.maxCollectiveOutputs)
    throw ruleViolation(
      'TOO_MANY_POOLS',
      `a collective names at most maxCollectiveOutputs (${props.maxCollectiveOutputs}) spending pools`,
      { field: '/payload/spendingPools', maximum: props.maxCollectiveOutputs },
    );
  const shares: PoolShare[] = raw.map((entry, i) => {
    const field = `/payload/spendingPools/${i}`;
    if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name.length === 0 || entry.name.length > 64)
      throw validationError('SPENDING_POOLS_INVALID', 'each spending pool is {name, share}', { field });
    const share = canonicalDecimal(entry.share, { code: 'SHARES_INVALID', field: `${field}/share`, max: FIXED_ONE });
    return { name: entry.name, share };
  });
  const names = shares.map((s) => s.name);
  if (new Set(names).size !== names.length)
    throw validationError('DUPLICATE_ENTRY', 'payload.spendingPools names a pool twice', {
      field: '/payload/spendingPools',
    });
  const total = sumFixed(shares.map((s) => parseDecimalText(s.share)!));
  if (total !== FIXED_ONE)
    throw validationError('SHARES_INVALID', 'the shares of payload.spendingPools must sum to exactly 1', {
      field: '/payload/spendingPools',
    });
  const existing = await registries.pools(names);
  const missing = names.find((n) => !existing.has(n));
  if (missing !== undefined)
    throw ruleViolation('POOL_NOT_FOUND', `no spending pool named ${missing}`, { pool: missing });
  return shares;
}
