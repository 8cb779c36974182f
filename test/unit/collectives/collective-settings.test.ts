import { beforeEach, describe, expect, it } from 'vitest';
import { COLLECTIVE_DEFAULTS, parseCollectiveSettings } from '../../../src/domain/collectives/collective-settings.js';
import type { CollectiveSettings } from '../../../src/domain/collectives/types.js';
import { DomainError } from '../../../src/domain/errors.js';
import { FakeCollectiveRegistries } from '../../support/collective-fakes.js';
import { fakeCodec, TEST_ADDRESSES } from '../../support/in-memory-pools.js';

const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? `${e.kind} ${e.code} ${String(e.details?.field ?? '')}` : String(e)),
  );

const NOW = 1_900_000_000;
let registries: FakeCollectiveRegistries;
beforeEach(() => {
  registries = new FakeCollectiveRegistries().role('council', 'erin').role('staff', 'frank');
});

const ctx = (current?: CollectiveSettings) => ({ codec: fakeCodec(TEST_ADDRESSES), registries, now: NOW, current });
const parse = (input: Record<string, unknown>, current?: CollectiveSettings) =>
  parseCollectiveSettings(input, ctx(current));
const pools = [{ name: 'garden', share: '1' }];

describe('parseCollectiveSettings at creation', () => {
  it('applies the defaults of DESIGN §2, §8', async () => {
    expect(await parse({ spendingPools: pools })).toEqual({
      description: '',
      depositWhitelist: { any: false, roles: [], accounts: [] },
      ownersWhitelist: { roles: [], accounts: [] },
      spendingPools: [{ name: 'garden', share: '1' }],
      claimStart: NOW,
      claimPeriod: 86_400,
      claimEnd: 0,
      voteQuorum: '0.51',
      votePeriod: 600,
      voteEnactment: 300,
    });
    expect(COLLECTIVE_DEFAULTS).toEqual({
      claimPeriod: 86_400,
      voteQuorum: '0.51',
      votePeriod: 600,
      voteEnactment: 300,
    });
  });

  it('reads every field, decimals written canonically', async () => {
    expect(
      await parse({
        description: 'x'.repeat(256),
        depositWhitelist: { any: true, roles: ['council'], accounts: ['alice', 'bob'] },
        ownersWhitelist: { roles: ['staff'], accounts: ['dave'] },
        spendingPools: [
          { name: 'garden', share: '0.250' },
          { name: 'orchard', share: '0.75' },
        ],
        claimStart: NOW + 10,
        claimPeriod: 14_400,
        claimEnd: NOW + 100_000,
        voteQuorum: '0.60',
        votePeriod: 1,
        voteEnactment: 0,
      }),
    ).toEqual({
      description: 'x'.repeat(256),
      depositWhitelist: { any: true, roles: ['council'], accounts: ['alice', 'bob'] },
      ownersWhitelist: { roles: ['staff'], accounts: ['dave'] },
      spendingPools: [
        { name: 'garden', share: '0.25' },
        { name: 'orchard', share: '0.75' },
      ],
      claimStart: NOW + 10,
      claimPeriod: 14_400,
      claimEnd: NOW + 100_000,
      voteQuorum: '0.6',
      votePeriod: 1,
      voteEnactment: 0,
    });
  });

  it('shares of up to 18 decimals summing to exactly 1 are accepted', async () => {
    const third = '0.333333333333333333';
    const settings = await parse({
      spendingPools: [
        { name: 'garden', share: third },
        { name: 'orchard', share: third },
        { name: 'meadow', share: '0.333333333333333334' },
      ],
    });
    expect(settings.spendingPools.map((p) => p.share)).toEqual([third, third, '0.333333333333333334']);
  });

  it('never defaults the claim period below the network minimum', async () => {
    registries.properties.minCollectiveClaimPeriod = 100_000;
    expect((await parse({ spendingPools: pools })).claimPeriod).toBe(100_000);
  });

  it('accepts as many pools as maxCollectiveOutputs', async () => {
    registries.properties.maxCollectiveOutputs = 2;
    const two = [
      { name: 'garden', share: '0.5' },
      { name: 'orchard', share: '0.5' },
    ];
    expect((await parse({ spendingPools: two })).spendingPools).toHaveLength(2);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown field', { colour: 'red' }, 'validation FIELD_UNKNOWN /payload/colour'],
    ['a long description', { description: 'x'.repeat(257) }, 'validation DESCRIPTION_INVALID /payload/description'],
    ['a description that is not text', { description: 1 }, 'validation DESCRIPTION_INVALID /payload/description'],
    ['no spending pools', { spendingPools: undefined }, 'validation SPENDING_POOLS_INVALID /payload/spendingPools'],
    ['an empty list of pools', { spendingPools: [] }, 'validation SPENDING_POOLS_INVALID /payload/spendingPools'],
    [
      'pools not a list',
      { spendingPools: { garden: '1' } },
      'validation SPENDING_POOLS_INVALID /payload/spendingPools',
    ],
    [
      'a pool without a name',
      { spendingPools: [{ share: '1' }] },
      'validation SPENDING_POOLS_INVALID /payload/spendingPools/0',
    ],
    ['a pool that does not exist', { spendingPools: [{ name: 'desert', share: '1' }] }, 'rule POOL_NOT_FOUND '],
    [
      'a pool twice',
      {
        spendingPools: [
          { name: 'garden', share: '0.5' },
          { name: 'garden', share: '0.5' },
        ],
      },
      'validation DUPLICATE_ENTRY /payload/spendingPools',
    ],
    [
      'shares summing to less than 1',
      {
        spendingPools: [
          { name: 'garden', share: '0.5' },
          { name: 'orchard', share: '0.49' },
        ],
      },
      'validation SHARES_INVALID /payload/spendingPools',
    ],
    [
      'shares summing to more than 1',
      {
        spendingPools: [
          { name: 'garden', share: '0.5' },
          { name: 'orchard', share: '0.500000000000000001' },
        ],
      },
      'validation SHARES_INVALID /payload/spendingPools',
    ],
    [
      'a share above 1',
      { spendingPools: [{ name: 'garden', share: '1.5' }] },
      'validation SHARES_INVALID /payload/spendingPools/0/share',
    ],
    [
      'a zero share',
      {
        spendingPools: [
          { name: 'garden', share: '0' },
          { name: 'orchard', share: '1' },
        ],
      },
      'validation SHARES_INVALID /payload/spendingPools/0/share',
    ],
    [
      'a share as a number',
      { spendingPools: [{ name: 'garden', share: 1 }] },
      'validation SHARES_INVALID /payload/spendingPools/0/share',
    ],
    [
      'a share of 19 decimals',
      { spendingPools: [{ name: 'garden', share: '0.9999999999999999999' }] },
      'validation SHARES_INVALID /payload/spendingPools/0/share',
    ],
    [
      'depositWhitelist not an object',
      { depositWhitelist: [] },
      'validation DEPOSIT_WHITELIST_INVALID /payload/depositWhitelist',
    ],
    [
      'any not a boolean',
      { depositWhitelist: { any: 'yes' } },
      'validation DEPOSIT_WHITELIST_INVALID /payload/depositWhitelist',
    ],
    [
      'a foreign deposit account',
      { depositWhitelist: { accounts: ['eve'] } },
      'validation ADDRESS_INVALID /payload/depositWhitelist/accounts/0',
    ],
    [
      'a deposit account twice',
      { depositWhitelist: { accounts: ['bob', 'bob'] } },
      'validation DUPLICATE_ENTRY /payload/depositWhitelist/accounts',
    ],
    ['a deposit role that does not exist', { depositWhitelist: { roles: ['ghosts'] } }, 'rule ROLE_NOT_FOUND '],
    [
      'a deposit role that is not a name',
      { depositWhitelist: { roles: [3] } },
      'validation ROLE_INVALID /payload/depositWhitelist/roles/0',
    ],
    [
      'ownersWhitelist not an object',
      { ownersWhitelist: 'dave' },
      'validation OWNERS_WHITELIST_INVALID /payload/ownersWhitelist',
    ],
    [
      'owner accounts not a list',
      { ownersWhitelist: { accounts: 'dave' } },
      'validation PAYLOAD_INVALID /payload/ownersWhitelist/accounts',
    ],
    [
      'a foreign owner',
      { ownersWhitelist: { accounts: ['eve'] } },
      'validation ADDRESS_INVALID /payload/ownersWhitelist/accounts/0',
    ],
    ['an owner role that does not exist', { ownersWhitelist: { roles: ['ghosts'] } }, 'rule ROLE_NOT_FOUND '],
    [
      'an owner role twice',
      { ownersWhitelist: { roles: ['staff', 'staff'] } },
      'validation DUPLICATE_ENTRY /payload/ownersWhitelist/roles/1',
    ],
    ['a fractional claimStart', { claimStart: 1.5 }, 'validation CLAIM_START_INVALID /payload/claimStart'],
    ['a negative claimStart', { claimStart: -1 }, 'validation CLAIM_START_INVALID /payload/claimStart'],
    ['a claim period as text', { claimPeriod: '86400' }, 'validation CLAIM_PERIOD_INVALID /payload/claimPeriod'],
    ['a zero claim period', { claimPeriod: 0 }, 'validation CLAIM_PERIOD_INVALID /payload/claimPeriod'],
    ['a claim period under the minimum', { claimPeriod: 14_399 }, 'rule CLAIM_PERIOD_TOO_SHORT /payload/claimPeriod'],
    [
      'claimEnd at claimStart',
      { claimStart: NOW + 5, claimEnd: NOW + 5 },
      'validation CLAIM_END_INVALID /payload/claimEnd',
    ],
    ['claimEnd before the default claimStart', { claimEnd: NOW - 1 }, 'validation CLAIM_END_INVALID /payload/claimEnd'],
    ['a negative claimEnd', { claimEnd: -1 }, 'validation CLAIM_END_INVALID /payload/claimEnd'],
    ['a quorum above 1', { voteQuorum: '1.01' }, 'validation VOTE_QUORUM_INVALID /payload/voteQuorum'],
    ['a zero quorum', { voteQuorum: '0' }, 'validation VOTE_QUORUM_INVALID /payload/voteQuorum'],
    ['a quorum as a number', { voteQuorum: 0.51 }, 'validation VOTE_QUORUM_INVALID /payload/voteQuorum'],
    ['a zero vote period', { votePeriod: 0 }, 'validation VOTE_PERIOD_INVALID /payload/votePeriod'],
    ['a negative enactment delay', { voteEnactment: -1 }, 'validation VOTE_ENACTMENT_INVALID /payload/voteEnactment'],
  ])('refuses %s', async (_, fields, expected) => {
    expect(await failure(parse({ spendingPools: pools, ...fields }))).toBe(expected);
  });

  it('refuses more pools than maxCollectiveOutputs (422 TOO_MANY_POOLS)', async () => {
    registries.properties.maxCollectiveOutputs = 1;
    const two = [
      { name: 'garden', share: '0.5' },
      { name: 'orchard', share: '0.5' },
    ];
    expect(await failure(parse({ spendingPools: two }))).toBe('rule TOO_MANY_POOLS /payload/spendingPools');
  });
});

describe('parseCollectiveSettings over current settings (an update)', () => {
  let current: CollectiveSettings;
  beforeEach(async () => {
    current = await parse({ spendingPools: pools, description: 'old', ownersWhitelist: { roles: ['staff'] } });
  });

  it('changes only the fields given', async () => {
    const updated = await parse({ description: 'new', claimEnd: NOW + 1 }, current);
    expect(updated).toEqual({ ...current, description: 'new', claimEnd: NOW + 1 });
  });

  it('keeps claimStart and needs no spendingPools', async () => {
    expect(await parse({ votePeriod: 60 }, { ...current, claimStart: 5 })).toMatchObject({
      claimStart: 5,
      votePeriod: 60,
    });
  });

  it('checks claimEnd against the current claimStart', async () => {
    expect(await failure(parse({ claimEnd: NOW - 1 }, current))).toBe('validation CLAIM_END_INVALID /payload/claimEnd');
  });

  it('checks only the fields given against the network properties of now', async () => {
    registries.properties.minCollectiveClaimPeriod = 200_000;
    registries.properties.maxCollectiveOutputs = 0;
    expect((await parse({ description: 'still fine' }, current)).claimPeriod).toBe(86_400);
    expect(await failure(parse({ claimPeriod: 100_000 }, current))).toBe(
      'rule CLAIM_PERIOD_TOO_SHORT /payload/claimPeriod',
    );
    expect(await failure(parse({ spendingPools: pools }, current))).toBe('rule TOO_MANY_POOLS /payload/spendingPools');
  });

  it('does not change the settings it was given', async () => {
    const before = structuredClone(current);
    await parse({ ownersWhitelist: { accounts: ['dave'] } }, current);
    expect(current).toEqual(before);
  });
});
