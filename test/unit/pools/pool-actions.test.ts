import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { advance, claimFromPool, createPool, registerInPool } from '../../../src/domain/pools/pool-actions.use-case.js';
import { POOL_DEFAULTS } from '../../../src/domain/pools/pool-settings.js';
import { poolHarness, signedBy, type PoolHarness } from '../../support/in-memory-pools.js';

const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? `${e.kind} ${e.code}` : String(e)),
  );

let h: PoolHarness;
beforeEach(() => {
  h = poolHarness();
  h.registries.role('council', 'erin', 'alice').role('staff', 'frank');
});

const base = (over: Record<string, unknown> = {}) => ({
  name: 'garden',
  tokenRates: [{ denom: 'KSM', rate: '1.5' }],
  beneficiaries: { accounts: [{ address: 'alice', weight: '2' }, { address: 'bob' }] },
  ...over,
});
const create = (fields: Record<string, unknown>, by = 'carol') => createPool(h.deps, signedBy(by, fields));
const register = (who: string, pool = 'garden', named: unknown = pool) =>
  registerInPool(h.deps, pool, signedBy(who, { pool: named }));
const claim = (who: string, pool = 'garden') => claimFromPool(h.deps, pool, signedBy(who, { pool }));
/** What the pools tick does for a dynamic pool. */
const tick = (pool = 'garden') => h.pools.withPool(pool, (u) => advance(h.deps, u, h.now()));

describe('createPool', () => {
  it('creates a static pool with the defaults of DESIGN §8 and the creator as owner', async () => {
    const pool = await create(base());
    expect(pool).toMatchObject({
      name: 'garden',
      creator: 'carol',
      description: '',
      claimStart: h.now(),
      claimEnd: 0,
      claimExpire: 0,
      voteQuorum: POOL_DEFAULTS.voteQuorum,
      votePeriod: POOL_DEFAULTS.votePeriod,
      voteEnactment: POOL_DEFAULTS.voteEnactment,
      owners: { roles: [], accounts: [] },
      dynamicRate: false,
      dynamicRatePeriod: null,
      tokenRates: [{ denom: 'KSM', rate: '1.5' }],
      beneficiaries: [
        { kind: 'account', name: 'alice', weight: '2' },
        { kind: 'account', name: 'bob', weight: '1' },
      ],
    });
  });

  it('creates a dynamic pool whose claims reach back one period, decimals written canonically', async () => {
    const pool = await create({
      name: 'orchard',
      dynamicRate: true,
      dynamicRatePeriod: 3600,
      voteQuorum: '0.50',
      beneficiaries: { roles: [{ name: 'council', weight: '2.000' }] },
      owners: { roles: ['staff'], accounts: ['dave'] },
    });
    expect(pool).toMatchObject({
      dynamicRate: true,
      dynamicRatePeriod: 3600,
      claimExpire: 3600,
      tokenRates: [],
      voteQuorum: '0.5',
      beneficiaries: [{ kind: 'role', name: 'council', weight: '2' }],
      owners: { roles: ['staff'], accounts: ['dave'] },
    });
  });

  it('409 NAME_TAKEN for a name in use, and writes nothing', async () => {
    await create(base());
    const before = h.pools.nonces.count();
    expect(await failure(create(base({ description: 'again' }), 'bob'))).toBe('conflict NAME_TAKEN');
    expect(h.pools.nonces.count()).toBe(before);
    expect((await h.pools.byName('garden'))?.creator).toBe('carol');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a bad name', { name: '1x' }, 'validation NAME_INVALID'],
    ['a long description', { description: 'x'.repeat(257) }, 'validation DESCRIPTION_INVALID'],
    ['a description that is not text', { description: 5 }, 'validation DESCRIPTION_INVALID'],
    ['dynamicRate not a boolean', { dynamicRate: 'yes' }, 'validation DYNAMIC_RATE_INVALID'],
    [
      'dynamic without a period',
      { dynamicRate: true, tokenRates: undefined },
      'validation DYNAMIC_RATE_PERIOD_INVALID',
    ],
    [
      'a zero period',
      { dynamicRate: true, dynamicRatePeriod: 0, tokenRates: undefined },
      'validation DYNAMIC_RATE_PERIOD_INVALID',
    ],
    ['a period for a static pool', { dynamicRatePeriod: 60 }, 'validation DYNAMIC_RATE_PERIOD_INVALID'],
    ['a fractional claimStart', { claimStart: 1.5 }, 'validation CLAIM_START_INVALID'],
    ['a negative claimStart', { claimStart: -1 }, 'validation CLAIM_START_INVALID'],
    [
      'claimEnd before claimStart',
      { claimStart: 2_000_000_000, claimEnd: 1_999_999_999 },
      'validation CLAIM_END_INVALID',
    ],
    ['claimEnd as text', { claimEnd: '5' }, 'validation CLAIM_END_INVALID'],
    ['a negative claimExpire', { claimExpire: -5 }, 'validation CLAIM_EXPIRE_INVALID'],
    [
      "a dynamic pool's claimExpire other than its period",
      { dynamicRate: true, dynamicRatePeriod: 60, claimExpire: 30, tokenRates: undefined },
      'validation CLAIM_EXPIRE_INVALID',
    ],
    ['a quorum above 1', { voteQuorum: '1.01' }, 'validation VOTE_QUORUM_INVALID'],
    ['a zero quorum', { voteQuorum: '0' }, 'validation VOTE_QUORUM_INVALID'],
    ['a quorum as a number', { voteQuorum: 0.5 }, 'validation VOTE_QUORUM_INVALID'],
    ['a zero vote period', { votePeriod: 0 }, 'validation VOTE_PERIOD_INVALID'],
    ['a negative enactment delay', { voteEnactment: -1 }, 'validation VOTE_ENACTMENT_INVALID'],
    ['owners not an object', { owners: ['alice'] }, 'validation OWNERS_INVALID'],
    ['owners.accounts not a list', { owners: { accounts: 'alice' } }, 'validation PAYLOAD_INVALID'],
    ['too many owners', { owners: { accounts: Array(101).fill('alice') } }, 'validation PAYLOAD_INVALID'],
    ['a foreign owner address', { owners: { accounts: ['eve'] } }, 'validation ADDRESS_INVALID'],
    ['an owner account twice', { owners: { accounts: ['dave', 'dave'] } }, 'validation DUPLICATE_ENTRY'],
    ['an owner role that is not a name', { owners: { roles: [7] } }, 'validation ROLE_INVALID'],
    ['an owner role that does not exist', { owners: { roles: ['ghosts'] } }, 'rule ROLE_NOT_FOUND'],
    ['an owner role twice', { owners: { roles: ['staff', 'staff'] } }, 'validation DUPLICATE_ENTRY'],
    ['beneficiaries not an object', { beneficiaries: [] }, 'validation BENEFICIARIES_INVALID'],
    [
      'a beneficiary account not an object',
      { beneficiaries: { accounts: ['alice'] } },
      'validation BENEFICIARIES_INVALID',
    ],
    ['a beneficiary role not an object', { beneficiaries: { roles: ['council'] } }, 'validation BENEFICIARIES_INVALID'],
    ['a foreign beneficiary', { beneficiaries: { accounts: [{ address: 'eve' }] } }, 'validation ADDRESS_INVALID'],
    [
      'a zero weight',
      { beneficiaries: { accounts: [{ address: 'alice', weight: '0' }] } },
      'validation WEIGHT_INVALID',
    ],
    [
      'a weight as a number',
      { beneficiaries: { accounts: [{ address: 'alice', weight: 2 }] } },
      'validation WEIGHT_INVALID',
    ],
    [
      'a beneficiary role that does not exist',
      { beneficiaries: { roles: [{ name: 'ghosts' }] } },
      'rule ROLE_NOT_FOUND',
    ],
    [
      'a beneficiary twice',
      { beneficiaries: { accounts: [{ address: 'alice' }, { address: 'alice', weight: '3' }] } },
      'validation DUPLICATE_ENTRY',
    ],
    ['no rates at all', { tokenRates: undefined }, 'validation RATES_INVALID'],
    ['rates and dynamicRate', { dynamicRate: true, dynamicRatePeriod: 60 }, 'validation RATES_INVALID'],
    ['a rate that is not {denom, rate}', { tokenRates: ['KSM'] }, 'validation RATES_INVALID'],
    ['a token the registry does not know', { tokenRates: [{ denom: 'DOT', rate: '1' }] }, 'rule TOKEN_UNKNOWN'],
    ['a negative rate', { tokenRates: [{ denom: 'KSM', rate: '-1' }] }, 'validation RATE_INVALID'],
    ['a rate with an exponent', { tokenRates: [{ denom: 'KSM', rate: '1e3' }] }, 'validation RATE_INVALID'],
    [
      'a token rated twice',
      {
        tokenRates: [
          { denom: 'KSM', rate: '1' },
          { denom: 'KSM', rate: '2' },
        ],
      },
      'validation DUPLICATE_ENTRY',
    ],
  ])('refuses %s (%s) and writes nothing', async (_label, over, expected) => {
    expect(await failure(create(base(over)))).toBe(expected);
    expect(await h.pools.byName('garden')).toBeNull();
    expect(await h.pools.names({ limit: 10, after: null })).toEqual({ items: [], next: null });
    expect(h.pools.nonces.count()).toBe(0);
  });
});

describe('registerInPool', () => {
  beforeEach(async () => {
    await create(base({ beneficiaries: { accounts: [{ address: 'alice' }], roles: [{ name: 'council' }] } }));
  });

  it('registers a listed account and a role member at the whole second after now', async () => {
    h.clock.advance(0.25);
    const r = await register('alice');
    expect(r).toEqual({ pool: 'garden', address: 'alice', registeredAt: new Date('2030-01-01T00:00:01Z') });
    await register('erin');
    expect((await h.pools.registrations('1')).map((x) => x.address)).toEqual(['alice', 'erin']);
  });

  it.each<[string, () => Promise<unknown>, string]>([
    ['a signer who is no beneficiary', () => register('mallory'), 'forbidden NOT_BENEFICIARY'],
    ['a payload naming another pool', () => register('alice', 'garden', 'orchard'), 'validation RESOURCE_MISMATCH'],
    ['a pool that does not exist', () => register('alice', 'nowhere'), 'not_found POOL_NOT_FOUND'],
  ])('refuses %s and writes nothing', async (_label, act, expected) => {
    const nonces = h.pools.nonces.count();
    expect(await failure(act())).toBe(expected);
    expect(await h.pools.registrations('1')).toEqual([]);
    expect(h.pools.nonces.count()).toBe(nonces);
  });

  it('409 ALREADY_REGISTERED the second time, and spends no nonce on it', async () => {
    await register('alice');
    const nonces = h.pools.nonces.count();
    expect(await failure(register('alice'))).toBe('conflict ALREADY_REGISTERED');
    expect(h.pools.nonces.count()).toBe(nonces);
  });

  it('401 NONCE_REPLAYED for a replayed request', async () => {
    const envelope = signedBy('alice', { pool: 'garden' });
    await registerInPool(h.deps, 'garden', envelope);
    expect(await failure(registerInPool(h.deps, 'garden', envelope))).toBe('unauthenticated NONCE_REPLAYED');
  });
});

describe('claimFromPool, static rates', () => {
  const setUp = async (over: Record<string, unknown> = {}, deposit = 10n ** 12n) => {
    await create(base(over));
    await h.deposit('garden', 'KSM', deposit);
  };

  it('pays rate × weight × elapsed seconds exactly, from the registration, then from the last claim', async () => {
    await setUp();
    await register('alice');
    h.clock.advance(100);
    const lines = await claim('alice');
    expect(lines).toEqual([
      {
        address: 'alice',
        denom: 'KSM',
        amount: 300n, // 1.5 × 2 × 100
        kind: 'claim',
        accruedFrom: new Date('2030-01-01T00:00:00Z'),
        accruedTo: new Date('2030-01-01T00:01:40Z'),
        proposalId: null,
      },
    ]);
    h.clock.advance(7);
    expect((await claim('alice')).map((l) => l.amount)).toEqual([21n]);
    expect((await h.pools.books('1')).get('KSM')).toEqual({ deposited: 10n ** 12n, paid: 0n, owed: 321n });
  });

  it('floors a fractional accrual, against the claimant', async () => {
    await setUp({ tokenRates: [{ denom: 'KSM', rate: '0.333333333333333333' }] });
    await register('bob');
    h.clock.advance(10);
    expect((await claim('bob')).map((l) => l.amount)).toEqual([3n]);
  });

  it('pays each rated token; a token the pool holds none of is left out', async () => {
    await setUp({
      tokenRates: [
        { denom: 'KSM', rate: '1' },
        { denom: 'USDT', rate: '2' },
      ],
    });
    await register('bob');
    h.clock.advance(10);
    expect((await claim('bob')).map((l) => [l.denom, l.amount])).toEqual([['KSM', 10n]]);
    await h.deposit('garden', 'USDT', 1000n);
    h.clock.advance(10);
    expect((await claim('bob')).map((l) => [l.denom, l.amount])).toEqual([
      ['KSM', 10n],
      ['USDT', 20n],
    ]);
  });

  it('caps a claim at claimExpire seconds back', async () => {
    await setUp({ claimExpire: 30 });
    await register('alice');
    h.clock.advance(100);
    const [line] = await claim('alice');
    expect(line).toMatchObject({ amount: 90n, accruedFrom: new Date('2030-01-01T00:01:10Z') });
  });

  it('never owes more than the pool holds', async () => {
    await setUp({}, 50n);
    await register('alice');
    await register('bob');
    h.clock.advance(100);
    expect((await claim('alice')).map((l) => l.amount)).toEqual([50n]);
    // Nothing held any more: bob's accrual finds nothing to pay.
    expect(await failure(claim('bob'))).toBe('rule NOTHING_TO_CLAIM');
    expect((await h.pools.books('1')).get('KSM')).toEqual({ deposited: 50n, paid: 0n, owed: 50n });
  });

  it('422 NOTHING_TO_CLAIM before claimStart, writing nothing', async () => {
    await setUp({ claimStart: h.now() + 1000 });
    await register('alice');
    h.clock.advance(500);
    const nonces = h.pools.nonces.count();
    expect(await failure(claim('alice'))).toBe('rule NOTHING_TO_CLAIM');
    expect(h.pools.nonces.count()).toBe(nonces);
    expect(h.pools.allLines('garden')).toEqual([]);
    h.clock.advance(510);
    expect((await claim('alice')).map((l) => l.amount)).toEqual([30n]);
  });

  it('after claimEnd pays up to claimEnd once, then NOTHING_TO_CLAIM', async () => {
    await setUp({ claimEnd: h.now() + 60 });
    await register('alice');
    h.clock.advance(40);
    expect((await claim('alice')).map((l) => l.amount)).toEqual([120n]);
    h.clock.advance(1000);
    expect((await claim('alice')).map((l) => [l.amount, l.accruedTo])).toEqual([
      [60n, new Date('2030-01-01T00:01:00Z')],
    ]);
    h.clock.advance(10);
    expect(await failure(claim('alice'))).toBe('rule NOTHING_TO_CLAIM');
  });

  it('422 NOTHING_TO_CLAIM claimed twice in one second', async () => {
    await setUp();
    await register('alice');
    h.clock.advance(5);
    await claim('alice');
    expect(await failure(claim('alice'))).toBe('rule NOTHING_TO_CLAIM');
  });

  it('422 NOT_REGISTERED for a beneficiary who has not registered; 403 for a stranger; 404 for no pool', async () => {
    await setUp();
    h.clock.advance(5);
    expect(await failure(claim('bob'))).toBe('rule NOT_REGISTERED');
    expect(await failure(claim('mallory'))).toBe('forbidden NOT_BENEFICIARY');
    expect(await failure(claim('bob', 'nowhere'))).toBe('not_found POOL_NOT_FOUND');
    expect(await failure(claimFromPool(h.deps, 'garden', signedBy('bob', { pool: 'other' })))).toBe(
      'validation RESOURCE_MISMATCH',
    );
    expect(h.pools.allLines('garden')).toEqual([]);
  });
});

describe('claimFromPool, dynamic rates', () => {
  const P = 100;
  let t0: number;
  beforeEach(async () => {
    t0 = h.now();
    await create({
      name: 'garden',
      dynamicRate: true,
      dynamicRatePeriod: P,
      beneficiaries: { accounts: [{ address: 'alice' }, { address: 'bob' }], roles: [{ name: 'staff', weight: '2' }] },
    });
  });
  const at = (s: number) => h.clock.set(new Date((t0 + s) * 1000));
  const owedTo = (who: string) =>
    h.pools
      .allLines('garden')
      .filter((l) => l.address === who)
      .reduce((s, l) => s + l.amount, 0n);

  it("pays a period's deposits within the next by the boundary settlement, in weight proportion", async () => {
    await register('alice');
    await register('frank'); // staff, weight 2
    at(10);
    await h.deposit('garden', 'KSM', 1001n);
    at(P);
    await tick();
    // Period 1 is rated from period 0's deposits; nothing is owed yet.
    expect(await h.pools.periodRates('1', 1)).toEqual([
      { periodIndex: 1, denom: 'KSM', deposits: 1001n, totalWeight: '3', rate: '3.336666666666666666' },
    ]);
    expect(h.pools.allLines('garden')).toEqual([]);
    at(2 * P);
    await tick();
    const alice = owedTo('alice');
    const frank = owedTo('frank');
    expect(alice).toBe(333n);
    expect(frank >= 2n * alice - 1n && frank <= 2n * alice + 1n).toBe(true);
    expect(alice + frank).toBeLessThanOrEqual(1001n);
    expect(new Set(h.pools.allLines('garden').map((l) => l.kind))).toEqual(new Set(['settlement']));
    // Both settled to the boundary: a claim now has nothing of period 1 left.
    at(2 * P + 50);
    expect(await failure(claim('alice'))).toBe('rule NOTHING_TO_CLAIM');
  });

  it('a claim within the period takes its part; the settlement pays the rest, nothing twice', async () => {
    await register('alice');
    await register('bob');
    await h.deposit('garden', 'KSM', 1000n);
    at(P);
    await tick();
    at(P + 30);
    expect((await claim('alice')).map((l) => l.amount)).toEqual([150n]); // 5 per second × 30
    at(2 * P);
    await tick();
    expect(owedTo('alice')).toBe(500n);
    expect(owedTo('bob')).toBe(500n);
  });

  it('a late registrant gets nothing from the period it registered in, and shares in the next', async () => {
    await register('alice');
    await h.deposit('garden', 'KSM', 1000n);
    at(P + 1);
    await register('bob');
    await tick();
    at(2 * P - 10);
    expect(await failure(claim('bob'))).toBe('rule NOTHING_TO_CLAIM');
    await h.deposit('garden', 'KSM', 600n);
    at(2 * P);
    await tick();
    expect(owedTo('alice')).toBe(1000n);
    expect(owedTo('bob')).toBe(0n);
    at(3 * P);
    await tick();
    expect(owedTo('alice')).toBe(1300n);
    expect(owedTo('bob')).toBe(300n);
  });

  it("books deposits before claimStart as period −1's, paid out in period 0", async () => {
    const start = h.now() + 50;
    await create({
      name: 'meadow',
      dynamicRate: true,
      dynamicRatePeriod: P,
      claimStart: start,
      beneficiaries: { accounts: [{ address: 'alice' }] },
    });
    await register('alice', 'meadow');
    await h.deposit('meadow', 'KSM', 400n);
    h.clock.set(new Date((start + P) * 1000));
    await tick('meadow');
    expect(h.pools.allLines('meadow').map((l) => [l.amount, l.kind])).toEqual([[400n, 'settlement']]);
  });
});
