import { Value } from '@sinclair/typebox/value';
import { beforeEach, describe, expect, it } from 'vitest';
import { presentCollectiveDetails } from '../../../src/api/presenters/collective.presenter.js';
import { CollectiveDetailSchema } from '../../../src/api/schemas/collectives.schemas.js';
import { collectiveDetails } from '../../../src/domain/collectives/collective-details.js';
import type { CollectiveUnit } from '../../../src/domain/collectives/collective.repository.js';
import type { CollectiveSettings, RewardBooking } from '../../../src/domain/collectives/types.js';
import { collectiveHarness, KSM, type CollectiveHarness } from '../../support/collective-fakes.js';
import { expectSchema, settings } from './collectives-fixtures.js';

/**
 * The read model of GET /v1/collectives/{name} (DESIGN §8 reads): every part of the record, the
 * status computed at the read from the registry of now, and the JSON it is presented as, checked
 * against the route's schema.
 */

const T0 = Math.floor(new Date('2030-01-01T00:00:00Z').getTime() / 1000);
let h: CollectiveHarness;
let nonceSeq = 0;

async function create(name = 'commons', creatorKsm = 50n, overrides: Partial<CollectiveSettings> = {}) {
  const at = h.clock.now();
  return h.collectives.create(
    {
      name,
      creator: 'alice',
      settings: settings(overrides),
      bondingDeadline: T0 + 86_400,
      contribution: { address: 'alice', bonds: [{ denom: 'KSM', amount: creatorKsm * KSM }], previousPayee: null, at },
      at,
    },
    { address: 'alice', nonce: `nonce-details-${++nonceSeq}`, action: 'collective.create' },
  );
}

const change = <T>(name: string, work: (unit: CollectiveUnit) => Promise<T>) =>
  h.collectives.withCollective(name, work);

const contribute = (name: string, address: string, ksm: bigint) =>
  change(name, (u) =>
    u.saveContribution({
      address,
      bonds: [{ denom: 'KSM', amount: ksm * KSM }],
      previousPayee: null,
      at: h.clock.now(),
    }),
  );

/** The details presented as the route answers them, after checking them against the route's schema. */
async function read(name = 'commons', page?: { limit: number; after: string | null }) {
  const d = await collectiveDetails(h.deps, name, page);
  expect(d).not.toBeNull();
  const json = presentCollectiveDetails(d!);
  expectSchema(CollectiveDetailSchema, json);
  return json;
}

let blockSeq = 0;
function reward(stash: string, amount: bigint, split: { returned: bigint; donation: bigint }): RewardBooking {
  blockSeq += 1;
  return {
    stash,
    era: 100 + blockSeq,
    denom: 'KSM',
    amount,
    returned: split.returned,
    donation: split.donation,
    forPools: amount - split.returned - split.donation,
    block: { hash: `0x${blockSeq.toString(16).padStart(64, '0')}`, number: blockSeq },
    eventKey: `${blockSeq}-0`,
    bookedAt: h.clock.now(),
  };
}

beforeEach(() => {
  h = collectiveHarness();
});

describe('collectiveDetails', () => {
  it('gives null for a name no collective has', async () => {
    expect(await collectiveDetails(h.deps, 'nothing')).toBeNull();
  });

  it('shows a new collective whole: settings, creator, the creator’s contribution, no account yet, empty books', async () => {
    await create();
    expect(await read()).toEqual({
      name: 'commons',
      description: 'A test collective',
      creator: 'alice',
      status: 'inactive',
      // 50 KSM at 10 base units each, below the minimum of 1000.
      bondedValue: '500',
      minimum: '1000',
      bonded: [{ denom: 'KSM', amount: (50n * KSM).toString() }],
      paused: false,
      depositWhitelist: { any: true, roles: [], accounts: [] },
      ownersWhitelist: { roles: [], accounts: ['bob'] },
      spendingPools: [
        { name: 'garden', share: '0.6' },
        { name: 'orchard', share: '0.4' },
      ],
      claimStart: T0,
      claimPeriod: 86_400,
      claimEnd: 0,
      voteQuorum: '0.51',
      votePeriod: 600,
      voteEnactment: 300,
      lastDistro: null,
      bondingDeadline: T0 + 86_400,
      reachedMinimumAt: null,
      account: null,
      accountStatus: 'creating',
      contributors: [
        {
          address: 'alice',
          status: 'counting',
          bonds: [{ denom: 'KSM', amount: (50n * KSM).toString() }],
          locking: 0,
          donation: '0',
          donationLock: false,
          joinedAt: T0,
          endedReason: null,
          endedAt: null,
        },
      ],
      breaches: [],
      books: [],
      donations: [],
      rewards: [],
      distributions: [],
      nextDistributionsCursor: null,
      bookedRewards: [],
      transfers: [],
      removed: null,
      createdAt: T0,
    });
  });

  describe('the status, computed at the read from the registry of now', () => {
    beforeEach(async () => {
      await create();
      await contribute('commons', 'bob', 60n); // 110 KSM: 1100 base units
      // The stored status as the last change left it: the read must not rely on it.
      await change('commons', (u) => u.setStatus('active', h.clock.now()));
    });

    it('is active once the bonded value reaches the minimum and claims have started', async () => {
      expect(await read()).toMatchObject({ status: 'active', bondedValue: '1100', minimum: '1000' });
    });

    it('falls to inactive at once when the token’s rate falls, and rises again with it', async () => {
      h.registries.rate('KSM', '9');
      expect(await read()).toMatchObject({ status: 'inactive', bondedValue: '990' });
      h.registries.rate('KSM', '9.1');
      expect(await read()).toMatchObject({ status: 'active', bondedValue: '1001' });
    });

    it('falls to inactive at once when the token is delisted (its bonds are worth nothing)', async () => {
      h.registries.rate('KSM', null);
      expect(await read()).toMatchObject({
        status: 'inactive',
        bondedValue: '0',
        bonded: [{ denom: 'KSM', amount: (110n * KSM).toString() }],
      });
    });

    it('follows the minimum of the network properties', async () => {
      h.registries.properties = { ...h.registries.properties, minCollectiveBond: '1100.5' };
      expect(await read()).toMatchObject({ status: 'inactive', minimum: '1100.5' });
    });

    it('stays inactive before claim-start even when bonded enough', async () => {
      await change('commons', (u) => u.updateSettings({ ...u.collective, claimStart: T0 + 3600 }));
      expect(await read()).toMatchObject({ status: 'inactive', claimStart: T0 + 3600 });
      h.clock.advance(3600);
      expect((await read()).status).toBe('active');
    });

    it('is paused while the owners paused it, whatever the bonded value', async () => {
      await change('commons', (u) => u.setPaused(true));
      expect(await read()).toMatchObject({ status: 'paused', paused: true });
    });

    it('counts only counting contributions: a breached one shows, with its breach, and no longer counts', async () => {
      const at = h.clock.now();
      await change('commons', async (u) => {
        await u.endContribution('bob', 'breached', 'the reward destination changed', at);
        await u.addBreach({
          address: 'bob',
          kind: 'payee_changed',
          detail: 'payee Staked',
          block: { hash: `0x${'ab'.repeat(32)}`, number: 77 },
          at,
        });
      });
      const json = await read();
      expect(json).toMatchObject({ status: 'inactive', bondedValue: '500' });
      expect(json.contributors[1]).toMatchObject({
        address: 'bob',
        status: 'breached',
        bonds: [],
        endedReason: 'the reward destination changed',
        endedAt: T0,
      });
      expect(json.breaches).toEqual([
        {
          address: 'bob',
          kind: 'payee_changed',
          detail: 'payee Staked',
          block: { hash: `0x${'ab'.repeat(32)}`, number: 77 },
          at: T0,
        },
      ]);
    });

    it('is removed once removed, whatever else, with why and when; released contributors show theirs', async () => {
      h.clock.advance(120);
      const at = h.clock.now();
      await change('commons', async (u) => {
        await u.endContribution('alice', 'released', 'the collective was removed', at);
        await u.endContribution('bob', 'released', 'the collective was removed', at);
        await u.markRemoved('removed by proposal 7', at);
      });
      const json = await read();
      expect(json).toMatchObject({
        status: 'removed',
        bondedValue: '0',
        bonded: [],
        removed: { at: T0 + 120, reason: 'removed by proposal 7' },
      });
      expect(json.contributors.map((c) => [c.status, c.endedAt])).toEqual([
        ['released', T0 + 120],
        ['released', T0 + 120],
      ]);
    });
  });

  it('shows the account once it exists, endowing until the operator’s endowment arrived', async () => {
    await create();
    h.collectives.setAccount('commons', 'commons-account');
    expect(await read()).toMatchObject({ account: 'commons-account', accountStatus: 'endowing' });
    h.collectives.setAccount('commons', 'commons-account', 10n ** 10n);
    expect(await read()).toMatchObject({ account: 'commons-account', accountStatus: 'ready' });
  });

  it('shows the lock and donation terms and the minimum reached', async () => {
    await create();
    await change('commons', async (u) => {
      await u.setTerms('alice', { locking: T0 + 365 * 86_400, donation: '0.25', donationLock: true });
      await u.setStatus('inactive', h.clock.now());
    });
    const json = await read();
    expect(json.contributors[0]).toMatchObject({ locking: T0 + 365 * 86_400, donation: '0.25', donationLock: true });
    expect(json.reachedMinimumAt).toBe(T0);
  });

  describe('the books, per token', () => {
    beforeEach(async () => {
      await create();
      h.collectives.setAccount('commons', 'commons-account', 10n ** 10n);
    });

    it('balance to the planck: received = distributed + donations held + awaiting + returned', async () => {
      await change('commons', async (u) => {
        await u.bookReward(reward('alice', 1000n, { returned: 100n, donation: 90n }));
        await u.bookReward(reward('bob', 501n, { returned: 0n, donation: 50n }));
      });
      let json = await read();
      expect(json.books).toEqual([
        {
          denom: 'KSM',
          received: '1501',
          distributed: '0',
          toPools: '0',
          donationsSent: '0',
          donationsHeld: '140',
          awaiting: '1261',
          returned: '100',
          chain: null,
        },
      ]);
      expect(json.donations).toEqual([{ denom: 'KSM', amount: '140' }]);
      expect(json.rewards).toEqual([{ denom: 'KSM', amount: '1261' }]);

      h.clock.advance(86_400);
      await change('commons', async (u) => {
        await u.addTransfers(
          [
            {
              kind: 'pool',
              address: 'garden-account',
              poolName: 'garden',
              denom: 'KSM',
              amount: 756n,
              distributionId: null,
              proposalId: null,
            },
            {
              kind: 'pool',
              address: 'orchard-account',
              poolName: 'orchard',
              denom: 'KSM',
              amount: 504n,
              distributionId: null,
              proposalId: null,
            },
            {
              kind: 'donation',
              address: 'erin',
              poolName: null,
              denom: 'KSM',
              amount: 40n,
              distributionId: null,
              proposalId: '3',
            },
          ],
          h.clock.now(),
        );
        await u.recordDistribution({ kind: 'claim', at: T0 + 86_400, amounts: [{ denom: 'KSM', amount: 1260n }] });
      });
      json = await read();
      expect(json.books[0]).toMatchObject({
        received: '1501',
        distributed: '1300',
        toPools: '1260',
        donationsSent: '40',
        donationsHeld: '100',
        awaiting: '1',
        returned: '100',
      });
      expect(json.donations).toEqual([{ denom: 'KSM', amount: '100' }]);
      expect(json.rewards).toEqual([{ denom: 'KSM', amount: '1' }]);
      expect(json.lastDistro).toBe(T0 + 86_400);
      expect(json.distributions).toEqual([
        { id: expect.any(String), kind: 'claim', at: T0 + 86_400, amounts: [{ denom: 'KSM', amount: '1260' }] },
      ]);
      expect(json.bookedRewards.map((r) => [r.stash, r.amount, r.returned, r.donation, r.forPools])).toEqual([
        ['bob', '501', '0', '50', '451'],
        ['alice', '1000', '100', '90', '810'],
      ]);
      expect(json.bookedRewards[0]).toMatchObject({ denom: 'KSM', era: expect.any(Number), bookedAt: T0 });
      expect(json.transfers.map((t) => [t.kind, t.poolName, t.amount, t.status, t.proposalId])).toEqual([
        ['donation', null, '40', 'owed', '3'],
        ['pool', 'orchard', '504', 'owed', null],
        ['pool', 'garden', '756', 'owed', null],
      ]);
      expect(json.transfers[0]).toMatchObject({ address: 'erin', denom: 'KSM', error: null, createdAt: T0 + 86_400 });
    });

    it('show the last check against the chain, a token checked with no books yet included', async () => {
      const check = (denom: string, chainBalance: bigint, expected: bigint) => ({
        denom,
        chainBalance,
        expected,
        difference: chainBalance - expected,
        at: { hash: `0x${'cd'.repeat(32)}`, number: 900 },
        checkedAt: h.clock.now(),
      });
      await change('commons', (u) => u.bookReward(reward('alice', 10n, { returned: 0n, donation: 0n })));
      const { id } = (await h.collectives.byName('commons'))!;
      await h.collectives.saveBookChecks(id, [check('KSM', 10n ** 10n + 7n, 10n ** 10n + 10n), check('DOT', 5n, 0n)]);
      const json = await read();
      expect(json.books.map((b) => [b.denom, b.received, b.chain])).toEqual([
        [
          'DOT',
          '0',
          {
            chainBalance: '5',
            expected: '0',
            difference: '5',
            at: { hash: `0x${'cd'.repeat(32)}`, number: 900 },
            checkedAt: T0,
          },
        ],
        [
          'KSM',
          '10',
          {
            chainBalance: (10n ** 10n + 7n).toString(),
            expected: (10n ** 10n + 10n).toString(),
            difference: '-3',
            at: { hash: `0x${'cd'.repeat(32)}`, number: 900 },
            checkedAt: T0,
          },
        ],
      ]);
    });
  });

  it('pages the distributions newest first', async () => {
    await create();
    for (let i = 1; i <= 3; i++)
      await change('commons', (u) => u.recordDistribution({ kind: 'claim', at: T0 + i * 86_400, amounts: [] }));
    const first = await read('commons', { limit: 2, after: null });
    expect(first.distributions.map((d) => d.at)).toEqual([T0 + 3 * 86_400, T0 + 2 * 86_400]);
    expect(first.nextDistributionsCursor).not.toBeNull();
    const second = await read('commons', { limit: 2, after: first.nextDistributionsCursor });
    expect(second.distributions.map((d) => d.at)).toEqual([T0 + 86_400]);
    expect(second.nextDistributionsCursor).toBeNull();
    expect(second.lastDistro).toBe(T0 + 3 * 86_400);
  });

  it('rejects a presented record that drifts from the schema (the check itself can fail)', async () => {
    await create();
    const json = await read();
    expect([...collectErrors({ ...json, extra: 1 })]).not.toEqual([]);
    expect([...collectErrors({ ...json, bondedValue: 500 })]).not.toEqual([]);
    expect([...collectErrors({ ...json, status: 'dormant' })]).not.toEqual([]);
  });
});

const collectErrors = (value: unknown) => Value.Errors(CollectiveDetailSchema, value);
