import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createPoolRequest,
  emptyPoolForm,
  formFromPool,
  localFromUnix,
  unixFromLocal,
  updateChanges,
  type PoolFormState,
} from '../../../web/src/pages/pools/pool-form.js';
import { paymentsFromRows } from '../../../web/src/pages/pools/pay-form.js';
import type { PoolDetail } from '../../../web/src/pages/pools/pool-types.js';

const KUSAMA = 2;
let alice: string;
let bob: string;
let aliceGeneric: string;
beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: KUSAMA });
  alice = keyring.addFromUri('//Alice').address;
  bob = keyring.addFromUri('//Bob').address;
  aliceGeneric = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice').address;
});

const NOW = 1_800_000_000;
const ctx = { ss58Prefix: KUSAMA, denoms: ['KSM', 'USDt'], now: NOW };
const form = (over: Partial<PoolFormState>): PoolFormState => ({ ...emptyPoolForm(), name: 'grants', ...over });

describe('the pool form checks a pool.create as the API does', () => {
  it('builds the request: defaults, weights defaulting to 1, a static rate', () => {
    const { fields, errors } = createPoolRequest(
      form({
        beneficiaryAccounts: [
          { who: alice, weight: '' },
          { who: bob, weight: '2.5' },
        ],
        beneficiaryRoles: [{ who: 'council', weight: '' }],
        ownerRoles: ['council'],
        tokenRates: [{ denom: 'KSM', rate: '0.000001' }],
      }),
      ctx,
    );
    expect(errors).toEqual({});
    expect(fields).toEqual({
      name: 'grants',
      owners: { roles: ['council'], accounts: [] },
      beneficiaries: {
        roles: [{ name: 'council', weight: '1' }],
        accounts: [
          { address: alice, weight: '1' },
          { address: bob, weight: '2.5' },
        ],
      },
      voteQuorum: '0.51',
      votePeriod: 600,
      voteEnactment: 300,
      claimEnd: 0,
      claimExpire: 0,
      tokenRates: [{ denom: 'KSM', rate: '0.000001' }],
    });
  });

  it('refuses what the API refuses, naming each field', () => {
    const { errors } = createPoolRequest(
      form({
        name: '1bad',
        description: 'x'.repeat(257),
        ownerAccounts: [aliceGeneric],
        beneficiaryAccounts: [
          { who: alice, weight: '0' },
          { who: alice, weight: '01' },
        ],
        voteQuorum: '1.5',
        votePeriod: '0',
        voteEnactment: '-1',
        claimStart: localFromUnix(NOW + 100),
        claimEnd: localFromUnix(NOW + 50),
        claimExpire: '1.5',
        tokenRates: [
          { denom: 'DOT', rate: '1' },
          { denom: 'KSM', rate: '0.' + '1'.repeat(19) },
        ],
      }),
      ctx,
    );
    expect(Object.keys(errors).sort()).toEqual(
      [
        'name',
        'description',
        'ownerAccounts.0',
        'beneficiaryAccounts.0.weight',
        'beneficiaryAccounts.1.weight',
        'beneficiaryAccounts.1.who',
        'voteQuorum',
        'votePeriod',
        'voteEnactment',
        'claimEnd',
        'claimExpire',
        'tokenRates.0.denom',
        'tokenRates.1.rate',
      ].sort(),
    );
  });

  it('names: 3 to 32, starting with a letter', () => {
    for (const ok of ['abc', 'a-b_c9', 'A'.repeat(32)])
      expect(createPoolRequest(form({ name: ok }), ctx).errors.name).toBeUndefined();
    for (const bad of ['ab', '_abc', 'a'.repeat(33), 'a b c', 'ab.c'])
      expect(createPoolRequest(form({ name: bad }), ctx).errors.name).toBeDefined();
  });

  it('a dynamic pool sends dynamicRate with its period, no rates and no claimExpire', () => {
    const { fields, errors } = createPoolRequest(
      form({ rateMode: 'dynamic', dynamicRatePeriod: '3600', beneficiaryAccounts: [{ who: alice, weight: '' }] }),
      ctx,
    );
    expect(errors).toEqual({});
    expect(fields.dynamicRate).toBe(true);
    expect(fields.dynamicRatePeriod).toBe(3600);
    expect(fields).not.toHaveProperty('tokenRates');
    expect(fields).not.toHaveProperty('claimExpire');
    expect(
      createPoolRequest(form({ rateMode: 'dynamic', dynamicRatePeriod: '0' }), ctx).errors.dynamicRatePeriod,
    ).toBeDefined();
  });

  it('date-times become unix seconds', () => {
    const t = unixFromLocal(localFromUnix(NOW + 3600));
    expect(t).toBe(NOW + 3600);
    const { fields } = createPoolRequest(
      form({ claimStart: localFromUnix(NOW + 60), claimEnd: localFromUnix(NOW + 7200), beneficiaryAccounts: [] }),
      ctx,
    );
    expect(fields.claimStart).toBe(NOW + 60);
    expect(fields.claimEnd).toBe(NOW + 7200);
  });
});

describe('an update proposal sends only what changed', () => {
  const pool = (): PoolDetail =>
    ({
      name: 'grants',
      description: '',
      creator: alice,
      account: null,
      accountStatus: 'creating',
      createdAt: NOW,
      claimStart: NOW,
      claimEnd: 0,
      claimExpire: 0,
      voteQuorum: '0.51',
      votePeriod: 600,
      voteEnactment: 300,
      owners: { roles: [], accounts: [] },
      beneficiaries: { roles: [], accounts: [{ address: bob, weight: '1' }] },
      dynamicRate: false,
      dynamicRatePeriod: null,
      tokenRates: [{ denom: 'KSM', rate: '5' }],
      currentPeriod: null,
      balances: [],
      unknownTokens: [],
      registrations: [],
      owed: [],
      claims: [],
      nextClaimsCursor: null,
    }) as PoolDetail;

  it('nothing changed: no changes; a new rate and quorum: those two', () => {
    expect(updateChanges(pool(), formFromPool(pool()), ctx).changes).toEqual({});
    const edited = { ...formFromPool(pool()), voteQuorum: '0.75', tokenRates: [{ denom: 'KSM', rate: '7' }] };
    expect(updateChanges(pool(), edited, ctx).changes).toEqual({
      voteQuorum: '0.75',
      tokenRates: [{ denom: 'KSM', rate: '7' }],
    });
  });

  it("a dynamic pool's claimStart and rate mode never appear", () => {
    const dynamic = { ...pool(), dynamicRate: true, dynamicRatePeriod: 3600, tokenRates: [] };
    const edited = { ...formFromPool(dynamic), claimStart: localFromUnix(NOW + 999), voteEnactment: '10' };
    expect(updateChanges(dynamic, edited, ctx).changes).toEqual({ voteEnactment: 10 });
  });
});

describe('pay proposals', () => {
  it('amounts in whole tokens become planck; bad rows are named', () => {
    const decimalsOf = (d: string) => ({ KSM: 12, USDt: 6 })[d];
    expect(
      paymentsFromRows(
        [
          { address: bob, denom: 'KSM', amount: '1.5' },
          { address: alice, denom: 'USDt', amount: '0.000001' },
        ],
        { ss58Prefix: KUSAMA, decimalsOf },
      ),
    ).toEqual({
      payments: [
        { address: bob, denom: 'KSM', amount: '1500000000000' },
        { address: alice, denom: 'USDt', amount: '1' },
      ],
      errors: {},
    });
    const { errors } = paymentsFromRows(
      [
        { address: 'nope', denom: 'KSM', amount: '0' },
        { address: bob, denom: 'USDt', amount: '0.0000001' },
        { address: bob, denom: 'DOT', amount: '1' },
      ],
      { ss58Prefix: KUSAMA, decimalsOf },
    );
    expect(Object.keys(errors).sort()).toEqual([
      'payments.0.address',
      'payments.0.amount',
      'payments.1.amount',
      'payments.2.denom',
    ]);
    expect(paymentsFromRows([], { ss58Prefix: KUSAMA, decimalsOf }).errors.payments).toBeDefined();
  });
});
