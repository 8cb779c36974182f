import { beforeEach, describe, expect, it } from 'vitest';
import {
  contribute,
  createCollective,
  donate,
  withdraw,
} from '../../../src/domain/collectives/collective-actions.use-case.js';
import { DomainError } from '../../../src/domain/errors.js';
import { collectiveHarness, ksm, type CollectiveHarness } from '../../support/collective-fakes.js';
import { signedBy } from '../../support/in-memory-pools.js';

const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? `${e.kind} ${e.code}` : String(e)),
  );

/** Whatever a refused request must leave as it was. */
const snapshot = async (h: CollectiveHarness, name = 'alpha') => {
  const c = await h.collectives.byName(name);
  return {
    collective: c,
    contributors: c ? await h.collectives.contributors(c.id) : [],
    payees: h.collectives.payeeChanges(),
    nonces: h.nonces.count(),
    proposals: (await h.proposals.list({}, { after: null, limit: 100 })).items,
  };
};

let h: CollectiveHarness;
const DAY = 86_400;
const YEAR = 365 * DAY;

beforeEach(() => {
  h = collectiveHarness();
  h.registries.role('council', 'erin').role('staff', 'frank');
});

// 1 KSM = 10 base units; minCollectiveBond 1,000 base units = 100 KSM; the creator needs 10 KSM.
const base = (over: Record<string, unknown> = {}) => ({
  name: 'alpha',
  description: 'a collective',
  bonds: [{ denom: 'KSM', amount: ksm(10) }],
  depositWhitelist: { any: false, roles: ['council'], accounts: ['alice'] },
  ownersWhitelist: { roles: ['staff'], accounts: ['dave'] },
  spendingPools: [
    { name: 'garden', share: '0.6' },
    { name: 'orchard', share: '0.4' },
  ],
  ...over,
});
const create = (fields: Record<string, unknown> = base(), by = 'carol') =>
  createCollective(h.deps, signedBy(by, fields));
const give = (who: string, amount: number, name = 'alpha', named: unknown = name) =>
  contribute(h.deps, name, signedBy(who, { collective: named, bonds: [{ denom: 'KSM', amount: ksm(amount) }] }));
const terms = (who: string, fields: Record<string, unknown>, name = 'alpha') =>
  donate(h.deps, name, signedBy(who, { collective: name, ...fields }));
const take = (who: string, amount?: number, name = 'alpha') =>
  withdraw(
    h.deps,
    name,
    signedBy(who, {
      collective: name,
      ...(amount === undefined ? {} : { bonds: [{ denom: 'KSM', amount: ksm(amount) }] }),
    }),
  );

describe('createCollective', () => {
  it('creates the collective with its settings, the creator as first contributor, the bonding window and a payee change', async () => {
    h.stakes.set('carol', { payee: { kind: 'Staked' } });
    const c = await create();
    expect(c).toMatchObject({
      name: 'alpha',
      creator: 'carol',
      description: 'a collective',
      depositWhitelist: { any: false, roles: ['council'], accounts: ['alice'] },
      ownersWhitelist: { roles: ['staff'], accounts: ['dave'] },
      spendingPools: [
        { name: 'garden', share: '0.6' },
        { name: 'orchard', share: '0.4' },
      ],
      claimStart: h.now(),
      claimPeriod: 86_400,
      claimEnd: 0,
      voteQuorum: '0.51',
      votePeriod: 600,
      voteEnactment: 300,
      paused: false,
      status: 'inactive',
      bondingDeadline: h.now() + 86_400,
      reachedMinimumAt: null,
      removedAt: null,
    });
    expect(await h.collectives.contributors(c.id)).toMatchObject([
      {
        address: 'carol',
        status: 'counting',
        bonds: [{ denom: 'KSM', amount: 10n ** 13n }],
        previousPayee: { kind: 'Staked' },
        locking: 0,
        donation: '0',
        donationLock: false,
      },
    ]);
    expect(h.collectives.payeeChanges('alpha')).toMatchObject([
      { stash: 'carol', kind: 'set', payee: null, status: 'pending' },
    ]);
  });

  it('stores the status computed at creation: active when the creator alone bonds the minimum', async () => {
    const c = await create(base({ bonds: [{ denom: 'KSM', amount: ksm(100) }] }));
    expect(c).toMatchObject({ status: 'active', reachedMinimumAt: h.clock.now() });
  });

  it('the bonding window follows minCollectiveBondingTime', async () => {
    h.registries.properties.minCollectiveBondingTime = 3600;
    expect((await create()).bondingDeadline).toBe(h.now() + 3600);
  });

  it('the creator commits 10% of minCollectiveBond exactly, not a planck less (422 BOND_BELOW_MINIMUM)', async () => {
    const before = await snapshot(h);
    expect(await failure(create(base({ bonds: [{ denom: 'KSM', amount: (10n ** 13n - 1n).toString() }] })))).toBe(
      'rule BOND_BELOW_MINIMUM',
    );
    expect(await snapshot(h)).toEqual(before);
    expect(await failure(create())).toBe('ok');
  });

  it('409 NAME_TAKEN for a name in use, removed or not, writing nothing', async () => {
    await create();
    const before = await snapshot(h);
    expect(await failure(create(base(), 'alice'))).toBe('conflict NAME_TAKEN');
    expect(await snapshot(h)).toEqual(before);
    await h.collectives.withCollective('alpha', (u) => u.markRemoved('gone', h.clock.now()));
    expect(await failure(create(base(), 'alice'))).toBe('conflict NAME_TAKEN');
  });

  it('the repository refuses a name taken meanwhile too (409 NAME_TAKEN)', async () => {
    const [a, b] = await Promise.all([failure(create()), failure(create(base(), 'alice'))]);
    expect([a, b].sort()).toEqual(['conflict NAME_TAKEN', 'ok']);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a bad name', { name: '9lives' }, 'validation NAME_INVALID'],
    ['no bonds', { bonds: undefined }, 'validation BONDS_INVALID'],
    ['an asset as bond', { bonds: [{ denom: 'USDT', amount: '1000000000' }] }, 'rule TOKEN_NOT_STAKING'],
    ['an unknown token', { bonds: [{ denom: 'DOT', amount: '1' }] }, 'rule TOKEN_UNKNOWN'],
    ['no pools', { spendingPools: undefined }, 'validation SPENDING_POOLS_INVALID'],
    ['a pool that does not exist', { spendingPools: [{ name: 'desert', share: '1' }] }, 'rule POOL_NOT_FOUND'],
    ['shares not summing to 1', { spendingPools: [{ name: 'garden', share: '0.9' }] }, 'validation SHARES_INVALID'],
    ['an unknown field', { colour: 'red' }, 'validation FIELD_UNKNOWN'],
    ['a short claim period', { claimPeriod: 60 }, 'rule CLAIM_PERIOD_TOO_SHORT'],
    ['a long description', { description: 'x'.repeat(257) }, 'validation DESCRIPTION_INVALID'],
  ])('refuses %s, writing nothing', async (_, over, expected) => {
    const before = await snapshot(h);
    expect(await failure(create(base(over)))).toBe(expected);
    expect(await snapshot(h)).toEqual(before);
  });

  it.each<[string, () => void, string]>([
    ['a stash that never opted in', () => h.delegations.statuses.set('carol', null), 'rule DELEGATION_NOT_ACTIVE'],
    ['a pending delegation', () => h.delegations.statuses.set('carol', 'pending'), 'rule DELEGATION_NOT_ACTIVE'],
    ['a stash without the proxy on chain', () => h.stakes.set('carol', { operatorProxy: false }), 'rule PROXY_MISSING'],
    [
      'a stash bonding less than it commits',
      () => h.stakes.set('carol', { active: 10n ** 13n - 1n }),
      'rule BOND_NOT_COVERED',
    ],
    ['a stash not bonded', () => h.stakes.set('carol', { active: null, payee: null }), 'rule BOND_NOT_COVERED'],
  ])('refuses %s, writing nothing', async (_, arrange, expected) => {
    arrange();
    const before = await snapshot(h);
    expect(await failure(create())).toBe(expected);
    expect(await snapshot(h)).toEqual(before);
  });

  it('BOND_NOT_COVERED says how much is bonded and committed', async () => {
    h.stakes.set('carol', { active: 5n });
    const error = await create().catch((e: DomainError) => e);
    expect(error).toMatchObject({ code: 'BOND_NOT_COVERED', details: { active: '5', committed: ksm(10) } });
  });

  it('refuses a stash committed to another collective (409 STASH_COMMITTED)', async () => {
    await create();
    const before = await snapshot(h, 'beta');
    expect(await failure(create(base({ name: 'beta' })))).toBe('conflict STASH_COMMITTED');
    expect(await snapshot(h, 'beta')).toEqual(before);
  });

  it('in read-only mode (no operator) answers 503, writing nothing', async () => {
    h.deps.operator = () => null;
    expect(await failure(create())).toBe('unavailable OPERATOR_UNAVAILABLE');
    expect(await h.collectives.byName('alpha')).toBeNull();
  });

  it('a replayed create is refused (the nonce first), writing nothing', async () => {
    const envelope = signedBy('carol', base());
    await createCollective(h.deps, envelope);
    const replay = { ...envelope, payload: { ...(envelope.payload as Record<string, unknown>), name: 'beta' } };
    expect(await failure(createCollective(h.deps, replay))).toBe('unauthenticated NONCE_REPLAYED');
    expect(await h.collectives.byName('beta')).toBeNull();
  });
});

describe('contribute', () => {
  beforeEach(async () => {
    await create();
  });

  it('whitelisted accounts contribute any amount, no minimum; each stash queues one payee change', async () => {
    h.stakes.set('alice', { payee: { kind: 'Account', account: 'bob' } });
    const c = await contribute(
      h.deps,
      'alpha',
      signedBy('alice', { collective: 'alpha', bonds: [{ denom: 'KSM', amount: '1' }] }),
    );
    expect(c).toMatchObject({
      address: 'alice',
      status: 'counting',
      bonds: [{ denom: 'KSM', amount: 1n }],
      previousPayee: { kind: 'Account', account: 'bob' },
    });
    expect(h.collectives.payeeChanges('alpha').map((p) => [p.stash, p.kind])).toEqual([
      ['carol', 'set'],
      ['alice', 'set'],
    ]);
  });

  it('a member of a whitelisted role, the creator, and anyone when any is set, may contribute', async () => {
    expect(await failure(give('erin', 1))).toBe('ok');
    expect(await failure(give('carol', 1))).toBe('ok');
    expect(await failure(give('bob', 1))).toBe('forbidden NOT_WHITELISTED');
  });

  it('anyone contributes to a collective open to any', async () => {
    await create(base({ name: 'open', depositWhitelist: { any: true } }), 'dave');
    expect(await failure(give('bob', 1, 'open'))).toBe('ok');
  });

  it('403 NOT_WHITELISTED writes nothing, the nonce included', async () => {
    const before = await snapshot(h);
    expect(await failure(give('frank', 5))).toBe('forbidden NOT_WHITELISTED');
    expect(await snapshot(h)).toEqual(before);
  });

  it('a stash counting already adds to its bonds, keeps its previous payee and queues no second change', async () => {
    h.stakes.set('alice', { payee: { kind: 'Stash' } });
    await give('alice', 5);
    h.stakes.set('alice', { payee: { kind: 'Account', account: 'alpha-account' } });
    const again = await give('alice', 7);
    expect(again).toMatchObject({
      bonds: [{ denom: 'KSM', amount: BigInt(ksm(12)) }],
      previousPayee: { kind: 'Stash' },
    });
    expect(h.collectives.payeeChanges('alpha').filter((p) => p.stash === 'alice')).toHaveLength(1);
  });

  it('the stash must cover its whole commitment, old and new (422 BOND_NOT_COVERED)', async () => {
    h.stakes.set('alice', { active: BigInt(ksm(10)) });
    await give('alice', 6);
    const before = await snapshot(h);
    expect(await failure(give('alice', 5))).toBe('rule BOND_NOT_COVERED');
    expect(await snapshot(h)).toEqual(before);
    expect(await failure(give('alice', 4))).toBe('ok');
  });

  it('a stash counting again after a release stores the payee read now, unless it is still the collective account', async () => {
    h.collectives.setAccount('alpha', 'alpha-account');
    h.stakes.set('alice', { payee: { kind: 'Stash' } });
    await give('alice', 5);
    await take('alice');
    // Not restored yet: the payee is still the collective's account, the stored one is kept.
    h.stakes.set('alice', { payee: { kind: 'Account', account: 'alpha-account' } });
    expect(await give('alice', 1)).toMatchObject({ status: 'counting', previousPayee: { kind: 'Stash' } });
    await take('alice');
    // Restored, then changed by the user: the new destination is the one to give back.
    h.stakes.set('alice', { payee: { kind: 'Staked' } });
    expect(await give('alice', 1)).toMatchObject({ status: 'counting', previousPayee: { kind: 'Staked' } });
    expect(
      h.collectives
        .payeeChanges('alpha')
        .filter((p) => p.stash === 'alice')
        .map((p) => p.kind),
    ).toEqual(['set', 'restore', 'set', 'restore', 'set']);
  });

  it('refreshes the status: the collective becomes active when contributions reach the minimum', async () => {
    await give('alice', 89);
    expect((await h.collectives.byName('alpha'))!.status).toBe('inactive');
    await give('erin', 1);
    expect((await h.collectives.byName('alpha'))!).toMatchObject({ status: 'active', reachedMinimumAt: h.clock.now() });
  });

  it('409 COLLECTIVE_PAUSED while paused, and 409 COLLECTIVE_REMOVED once removed', async () => {
    await h.collectives.withCollective('alpha', (u) => u.setPaused(true));
    const before = await snapshot(h);
    expect(await failure(give('alice', 1))).toBe('conflict COLLECTIVE_PAUSED');
    expect(await snapshot(h)).toEqual(before);
    await h.collectives.withCollective('alpha', (u) => u.markRemoved('gone', h.clock.now()));
    expect(await failure(give('alice', 1))).toBe('conflict COLLECTIVE_REMOVED');
  });

  it.each<[string, () => Promise<unknown>, string]>([
    ['another collective in the payload', () => give('alice', 1, 'alpha', 'beta'), 'validation RESOURCE_MISMATCH'],
    ['an unknown collective', () => give('alice', 1, 'nowhere'), 'not_found COLLECTIVE_NOT_FOUND'],
    [
      'an asset',
      () =>
        contribute(
          h.deps,
          'alpha',
          signedBy('alice', { collective: 'alpha', bonds: [{ denom: 'USDT', amount: '5' }] }),
        ),
      'rule TOKEN_NOT_STAKING',
    ],
    [
      'no bonds',
      () => contribute(h.deps, 'alpha', signedBy('alice', { collective: 'alpha' })),
      'validation BONDS_INVALID',
    ],
  ])('refuses %s, writing nothing', async (_, request, expected) => {
    const before = await snapshot(h);
    expect(await failure(request())).toBe(expected);
    expect(await snapshot(h)).toEqual(before);
  });

  it.each<[string, () => void, string]>([
    ['an opted-out delegation', () => h.delegations.statuses.set('alice', 'opted_out'), 'rule DELEGATION_NOT_ACTIVE'],
    ['a manual delegation', () => h.delegations.statuses.set('alice', 'manual'), 'rule DELEGATION_NOT_ACTIVE'],
    ['a missing proxy', () => h.stakes.set('alice', { operatorProxy: false }), 'rule PROXY_MISSING'],
    ['too little bonded', () => h.stakes.set('alice', { active: 1n }), 'rule BOND_NOT_COVERED'],
  ])('refuses %s, writing nothing', async (_, arrange, expected) => {
    arrange();
    const before = await snapshot(h);
    expect(await failure(give('alice', 1))).toBe(expected);
    expect(await snapshot(h)).toEqual(before);
  });

  it('409 STASH_COMMITTED for a stash counting in another collective', async () => {
    await create(base({ name: 'beta', depositWhitelist: { any: true } }), 'dave');
    await give('alice', 1);
    const before = await snapshot(h, 'beta');
    expect(await failure(give('alice', 1, 'beta'))).toBe('conflict STASH_COMMITTED');
    expect(await snapshot(h, 'beta')).toEqual(before);
  });
});

describe('donate', () => {
  beforeEach(async () => {
    await create();
    await give('alice', 5);
  });

  it('sets the lock and donation terms of a counting contributor', async () => {
    const lockUntil = h.now() + DAY;
    expect(await terms('alice', { locking: lockUntil, donation: '0.10', donationLock: true })).toMatchObject({
      address: 'alice',
      locking: lockUntil,
      donation: '0.1',
      donationLock: true,
    });
  });

  it('ten requests reach ten years; a shortening is refused', async () => {
    for (let i = 1; i <= 10; i++) await terms('alice', { locking: h.now() + i * YEAR });
    const c = (await h.collectives.contributors('1')).find((x) => x.address === 'alice')!;
    expect(c.locking - h.now()).toBe(10 * YEAR);
    expect(await failure(terms('alice', { locking: h.now() + 11 * YEAR + 1 }))).toBe('rule LOCK_TOO_FAR');
    const before = await snapshot(h);
    expect(await failure(terms('alice', { locking: h.now() + YEAR }))).toBe('conflict LOCK_SHORTENED');
    expect(await snapshot(h)).toEqual(before);
  });

  it('the donation lock holds the donation until the unlock date', async () => {
    await terms('alice', { locking: h.now() + DAY, donation: '0.5', donationLock: true });
    expect(await failure(terms('alice', { donation: '0.4' }))).toBe('conflict DONATION_LOCKED');
    expect(await failure(terms('alice', { donationLock: false }))).toBe('conflict DONATION_LOCKED');
    h.clock.advance(DAY);
    expect(await terms('alice', { donation: '0.4', donationLock: false })).toMatchObject({
      donation: '0.4',
      donationLock: false,
    });
  });

  it('422 NOT_CONTRIBUTOR for anyone without a counting contribution', async () => {
    expect(await failure(terms('erin', { donation: '0.5' }))).toBe('rule NOT_CONTRIBUTOR');
    await take('alice');
    expect(await failure(terms('alice', { donation: '0.5' }))).toBe('rule NOT_CONTRIBUTOR');
  });

  it('400 for a malformed donation, a mismatched collective; 409 once removed', async () => {
    const before = await snapshot(h);
    expect(await failure(terms('alice', { donation: '2' }))).toBe('validation DONATION_INVALID');
    expect(await failure(donate(h.deps, 'alpha', signedBy('alice', { collective: 'beta', donation: '0.5' })))).toBe(
      'validation RESOURCE_MISMATCH',
    );
    expect(await snapshot(h)).toEqual(before);
    await h.collectives.withCollective('alpha', (u) => u.markRemoved('gone', h.clock.now()));
    expect(await failure(terms('alice', { donation: '0.5' }))).toBe('conflict COLLECTIVE_REMOVED');
  });

  it('is allowed while paused', async () => {
    await h.collectives.withCollective('alpha', (u) => u.setPaused(true));
    expect(await failure(terms('alice', { donation: '0.5' }))).toBe('ok');
  });
});

describe('withdraw', () => {
  beforeEach(async () => {
    h.stakes.set('alice', { payee: { kind: 'Stash' } });
    await create();
    await give('alice', 5);
  });

  it('takes back some bonds, the contribution still counting', async () => {
    expect(await take('alice', 2)).toMatchObject({
      status: 'counting',
      bonds: [{ denom: 'KSM', amount: BigInt(ksm(3)) }],
    });
    expect(
      h.collectives
        .payeeChanges('alpha')
        .filter((p) => p.stash === 'alice')
        .map((p) => p.kind),
    ).toEqual(['set']);
  });

  it('takes back everything by default: released, and the payee queued to be restored', async () => {
    h.clock.advance(10);
    expect(await take('alice')).toMatchObject({
      status: 'released',
      bonds: [],
      endedReason: 'withdrawn by the contributor',
      endedAt: h.clock.now(),
    });
    expect(h.collectives.payeeChanges('alpha').filter((p) => p.stash === 'alice')).toMatchObject([
      { kind: 'set' },
      { kind: 'restore', payee: { kind: 'Stash' }, status: 'pending' },
    ]);
  });

  it('withdrawing every bond by amount releases too', async () => {
    expect(await take('alice', 5)).toMatchObject({ status: 'released', bonds: [] });
  });

  it('409 LOCKED while the lock is in force, allowed once it ends', async () => {
    await terms('alice', { locking: h.now() + DAY });
    const before = await snapshot(h);
    expect(await failure(take('alice'))).toBe('conflict LOCKED');
    expect(await snapshot(h)).toEqual(before);
    h.clock.advance(DAY);
    expect(await failure(take('alice'))).toBe('ok');
  });

  it('422 WITHDRAWAL_EXCEEDS_BOND beyond the bonds, 422 NOT_CONTRIBUTOR for a non-contributor', async () => {
    const before = await snapshot(h);
    expect(await failure(take('alice', 6))).toBe('rule WITHDRAWAL_EXCEEDS_BOND');
    expect(await failure(take('erin', 1))).toBe('rule NOT_CONTRIBUTOR');
    expect(await snapshot(h)).toEqual(before);
  });

  it('is allowed while paused; refused once removed (409 COLLECTIVE_REMOVED)', async () => {
    await h.collectives.withCollective('alpha', (u) => u.setPaused(true));
    expect(await failure(take('alice', 1))).toBe('ok');
    await h.collectives.withCollective('alpha', (u) => u.markRemoved('gone', h.clock.now()));
    expect(await failure(take('alice', 1))).toBe('conflict COLLECTIVE_REMOVED');
  });

  it('below the minimum already: a withdrawal is simply made', async () => {
    expect((await h.collectives.byName('alpha'))!.status).toBe('inactive');
    expect(await failure(take('carol'))).toBe('ok');
  });

  describe('from a collective at the minimum', () => {
    beforeEach(async () => {
      await give('erin', 85); // 10 + 5 + 85 = 100 KSM = 1,000 base units
      expect((await h.collectives.byName('alpha'))!.status).toBe('active');
    });

    it('refuses a withdrawal that would go below it and raises a removal proposal instead', async () => {
      const before = await snapshot(h);
      const error = await take('alice', 1).catch((e: DomainError) => e);
      expect(error).toMatchObject({ kind: 'conflict', code: 'WITHDRAWAL_BELOW_MINIMUM', details: { proposalId: '1' } });
      const after = await snapshot(h);
      // The contribution unchanged; the nonce spent by the proposal's change.
      expect(after.contributors).toEqual(before.contributors);
      expect(after.collective).toEqual(before.collective);
      expect(after.nonces).toBe(before.nonces + 1);
      expect(await h.proposals.get('1')).toMatchObject({
        scope: 'collective',
        subject: 'alpha',
        kind: 'remove',
        body: { kind: 'remove' },
        proposer: 'alice',
        status: 'passed',
        quorum: '0.51',
        votePeriod: 600,
        voteEnactment: 300,
        decidedAt: h.clock.now(),
        enactAt: new Date(h.clock.now().getTime() + 300_000),
      });
      expect((await h.proposals.get('1'))!.reason).toMatch(/^raised automatically: /);
    });

    it('raises one removal proposal however many withdrawals try', async () => {
      const first = await take('alice').catch((e: DomainError) => e.details?.proposalId);
      const second = await take('erin', 1).catch((e: DomainError) => e.details?.proposalId);
      expect(first).toBe('1');
      expect(second).toBe('1');
      expect((await h.proposals.list({}, { after: null, limit: 10 })).items).toHaveLength(1);
    });

    it('a replayed withdrawal is refused before anything is raised', async () => {
      const envelope = signedBy('alice', { collective: 'alpha' });
      await withdraw(h.deps, 'alpha', envelope).catch(() => undefined);
      expect(await failure(withdraw(h.deps, 'alpha', envelope))).toBe('unauthenticated NONCE_REPLAYED');
      expect(h.removals.raised).toHaveLength(1);
    });

    it('a withdrawal that keeps it at the minimum is made', async () => {
      await give('alice', 1);
      expect(await failure(take('alice', 1))).toBe('ok');
      expect((await h.collectives.byName('alpha'))!.status).toBe('active');
    });
  });

  it('refreshes the status it stores: a rate fallen meanwhile shows once a withdrawal is made', async () => {
    await give('erin', 85);
    expect((await h.collectives.byName('alpha'))!.status).toBe('active');
    h.registries.rate('KSM', '9'); // 900 base units: below the minimum already, so the withdrawal is made
    await take('alice', 1);
    expect((await h.collectives.byName('alpha'))!.status).toBe('inactive');
  });
});
