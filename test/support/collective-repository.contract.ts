/**
 * One contract for every CollectiveRepository: the in-memory stand-in (test/unit) and PostgreSQL
 * (test/integration) pass the same tests, so that the collectives' use-case tests on the stand-in
 * say something about production.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CollectiveRepository, ContributionWrite } from '../../src/domain/collectives/collective.repository.js';
import type {
  Bond,
  CollectiveSettings,
  CollectiveTransferStatus,
  NewCollectiveTransfer,
  RewardBooking,
  RewardDestination,
} from '../../src/domain/collectives/types.js';
import { DomainError } from '../../src/domain/errors.js';
import type { Transaction } from '../../src/domain/governance/proposal.repository.js';
import type { NonceUse } from '../../src/domain/wallet/authorize.js';

export interface StoredTransferRow {
  kind: string;
  denom: string;
  amount: bigint;
  status: string;
  assetId: number | null;
}

export interface CollectiveContractTarget {
  /** Knows the tokens KSM (native) and USDT (asset 1984), and no other. */
  repo: CollectiveRepository;
  /** The collective's account appears on chain, the operator's endowment recorded when > 0. */
  setAccount(name: string, account: string, endowment: bigint): Promise<void>;
  /** Every transfer of the collective (endowment included) moves to `status` (what the batches record). */
  setTransferStatus(name: string, status: CollectiveTransferStatus): Promise<void>;
  /** The operator's endowment transfer, paid (kind endow). */
  addEndowTransfer(name: string, denom: string, amount: bigint): Promise<void>;
  /** Every transfer of the collective as stored, oldest first. */
  allTransfers(name: string): Promise<StoredTransferRow[]>;
  /** The payee changes queued for the collective, oldest first. */
  payeeChanges(
    name: string,
  ): Promise<{ stash: string; kind: string; payee: RewardDestination | null; status: string }[]>;
  /** Runs `work` in a governance transaction (as an enactment does) that commits when it returns. */
  inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Lists roles in the registry (a collective names only roles that exist; PostgreSQL holds them while it is created). */
  createRoles(names: string[]): Promise<void>;
}

const T0 = new Date('2030-06-01T00:00:00Z');
const after = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const T0S = T0.getTime() / 1000;

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );

export const collectiveSettings = (over: Partial<CollectiveSettings> = {}): CollectiveSettings => ({
  description: 'a collective',
  depositWhitelist: { any: true, roles: [], accounts: [] },
  ownersWhitelist: { roles: [], accounts: [] },
  spendingPools: [
    { name: 'pool-b', share: '0.25' },
    { name: 'pool-a', share: '0.75' },
  ],
  claimStart: T0S,
  claimPeriod: 86_400,
  claimEnd: 0,
  voteQuorum: '0.51',
  votePeriod: 600,
  voteEnactment: 300,
  ...over,
});

const STAKED: RewardDestination = { kind: 'Staked' };

/** Runs `work` on `count` callers once all of them have started (their changes open at once). */
function together(count: number) {
  let arrived = 0;
  let open!: () => void;
  const allIn = new Promise<void>((resolve) => (open = resolve));
  return async () => {
    if (++arrived === count) open();
    await allIn;
  };
}

export function collectiveRepositoryContract(label: string, target: () => Promise<CollectiveContractTarget>): void {
  const tag = () => randomBytes(4).toString('hex');
  const nonce = (address = 'carol', action: NonceUse['action'] = 'collective.create'): NonceUse => ({
    address,
    nonce: `contract-${randomBytes(8).toString('hex')}`,
    action,
  });
  const name = () => `coll-${tag()}`;
  const stash = () => `stash-${tag()}`;
  const ksm = (amount: bigint): Bond[] => [{ denom: 'KSM', amount }];
  const write = (address: string, bonds: Bond[], over: Partial<ContributionWrite> = {}): ContributionWrite => ({
    address,
    bonds,
    previousPayee: STAKED,
    at: T0,
    ...over,
  });
  const create = (
    repo: CollectiveRepository,
    over: { name?: string; creator?: string; settings?: CollectiveSettings } = {},
  ) => {
    const creator = over.creator ?? stash();
    return repo.create(
      {
        name: over.name ?? name(),
        creator,
        settings: over.settings ?? collectiveSettings(),
        bondingDeadline: T0S + 3600,
        contribution: write(creator, ksm(1_000n)),
        at: T0,
      },
      nonce(creator),
    );
  };
  const reward = (over: Partial<RewardBooking> = {}): RewardBooking => ({
    stash: 'alice',
    era: 12,
    denom: 'KSM',
    amount: 100n,
    returned: 50n,
    donation: 10n,
    forPools: 40n,
    block: { hash: `0x${randomBytes(32).toString('hex')}`, number: 7 },
    eventKey: 'e3',
    bookedAt: T0,
    ...over,
  });
  const transfer = (over: Partial<NewCollectiveTransfer> = {}): NewCollectiveTransfer => ({
    kind: 'pool',
    address: 'pool-account',
    poolName: 'pool-a',
    denom: 'KSM',
    amount: 10n,
    distributionId: null,
    proposalId: null,
    ...over,
  });

  describe(`CollectiveRepository contract (${label})`, () => {
    it('creates a collective with its settings and its creator counting, and reads it back by name', async () => {
      const { repo } = await target();
      const n = name();
      const creator = stash();
      const settings = collectiveSettings({
        depositWhitelist: { any: false, roles: ['stakers'], accounts: ['bob', 'alice'] },
        ownersWhitelist: { roles: ['board'], accounts: ['dave'] },
        claimEnd: T0S + 10 * 86_400,
      });
      const created = await repo.create(
        {
          name: n,
          creator,
          settings,
          bondingDeadline: T0S + 3600,
          contribution: write(creator, [
            { denom: 'USDT', amount: 7n },
            { denom: 'KSM', amount: 10n ** 30n },
          ]),
          at: T0,
        },
        nonce(creator),
      );
      expect(created).toEqual({
        ...settings,
        id: created.id,
        name: n,
        creator,
        paused: false,
        status: 'inactive',
        bondingDeadline: T0S + 3600,
        reachedMinimumAt: null,
        lastDistro: null,
        removedAt: null,
        removedReason: null,
        account: null,
        accountIndex: created.accountIndex,
        accountError: null,
        endowment: 0n,
        endowed: false,
        createdAt: T0,
      });
      expect(created.accountIndex).toBe(Number(BigInt(created.id) % 65_536n));
      expect(await repo.byName(n)).toEqual(created);
      expect(await repo.byName(name())).toBeNull();
      expect(await repo.contributors(created.id)).toEqual([
        {
          id: expect.any(String),
          address: creator,
          locking: 0,
          donation: '0',
          donationLock: false,
          status: 'counting',
          endedReason: null,
          endedAt: null,
          joinedAt: T0,
          previousPayee: STAKED,
          bonds: [
            { denom: 'KSM', amount: 10n ** 30n },
            { denom: 'USDT', amount: 7n },
          ],
        },
      ]);
      expect(await repo.countingCollectiveOf(creator)).toBe(n);
    });

    it('never re-uses a name, a removed collective’s included; a refused create spends no nonce', async () => {
      const { repo } = await target();
      const c = await create(repo);
      const again = nonce('bob');
      const other = stash();
      const attempt = (n: string) =>
        repo.create(
          {
            name: n,
            creator: other,
            settings: collectiveSettings(),
            bondingDeadline: T0S,
            contribution: write(other, ksm(5n)),
            at: T0,
          },
          again,
        );
      expect(await codeOf(attempt(c.name))).toBe('NAME_TAKEN');
      // Nothing of the refused create stays: its stash counts nowhere.
      expect(await repo.countingCollectiveOf(other)).toBeNull();
      await repo.withCollective(c.name, (u) => u.markRemoved('test', after(1)));
      expect(await codeOf(attempt(c.name))).toBe('NAME_TAKEN');
      // The refused creates spent no nonce: the same one is good for another.
      expect(await codeOf(attempt(name()))).toBe('ok');
    });

    it('spends the nonce first: a replay (whatever the write) is NONCE_REPLAYED and writes nothing', async () => {
      const { repo } = await target();
      const creator = stash();
      const used = nonce(creator);
      const c = await repo.create(
        {
          name: name(),
          creator,
          settings: collectiveSettings(),
          bondingDeadline: T0S,
          contribution: write(creator, ksm(5n)),
          at: T0,
        },
        used,
      );
      const n = name();
      const other = stash();
      expect(
        await codeOf(
          repo.create(
            {
              name: n,
              creator: other,
              settings: collectiveSettings(),
              bondingDeadline: T0S,
              contribution: write(other, ksm(5n)),
              at: T0,
            },
            used,
          ),
        ),
      ).toBe('NONCE_REPLAYED');
      expect(await repo.byName(n)).toBeNull();
      expect(await repo.countingCollectiveOf(other)).toBeNull();
      // One nonce set for every signed write: a unit's change refuses it as well, and writes nothing.
      expect(
        await codeOf(
          repo.withCollective(c.name, async (u) => {
            await u.spendNonce(used);
            await u.saveContribution(write(other, ksm(9n)));
          }),
        ),
      ).toBe('NONCE_REPLAYED');
      expect((await repo.contributors(c.id)).map((x) => x.address)).toEqual([creator]);
    });

    it('404 COLLECTIVE_NOT_FOUND for a change of a collective that does not exist', async () => {
      const { repo } = await target();
      expect(await codeOf(repo.withCollective(name(), async () => 'x'))).toBe('COLLECTIVE_NOT_FOUND');
    });

    it('upserts a contribution: bonds replaced, joinedAt and the previous payee kept while it counts', async () => {
      const { repo } = await target();
      const c = await create(repo);
      const bob = stash();
      await repo.withCollective(c.name, (u) => u.saveContribution(write(bob, ksm(10n), { at: after(10) })));
      await repo.withCollective(c.name, (u) =>
        u.saveContribution(
          write(
            bob,
            [
              { denom: 'USDT', amount: 3n },
              { denom: 'KSM', amount: 25n },
            ],
            { previousPayee: null, at: after(20) },
          ),
        ),
      );
      const [, row] = await repo.contributors(c.id);
      expect(row).toMatchObject({
        address: bob,
        status: 'counting',
        joinedAt: after(10),
        previousPayee: STAKED,
        bonds: [
          { denom: 'KSM', amount: 25n },
          { denom: 'USDT', amount: 3n },
        ],
      });
      // Released, then back: it starts again now, with the destination read now.
      const stash2: RewardDestination = { kind: 'Account', account: 'somewhere' };
      await repo.withCollective(c.name, (u) => u.endContribution(bob, 'released', 'withdrawn', after(30)));
      await repo.withCollective(c.name, (u) =>
        u.saveContribution(write(bob, ksm(4n), { previousPayee: stash2, at: after(40) })),
      );
      expect((await repo.contributors(c.id))[1]).toMatchObject({
        id: row!.id,
        status: 'counting',
        endedReason: null,
        endedAt: null,
        joinedAt: after(40),
        previousPayee: stash2,
        bonds: [{ denom: 'KSM', amount: 4n }],
      });
      expect(await repo.withCollective(c.name, (u) => u.contributors())).toEqual(await repo.contributors(c.id));
    });

    it('ends a contribution once: bonds cleared, reason and time kept; terms stored', async () => {
      const { repo } = await target();
      const c = await create(repo);
      const bob = stash();
      await repo.withCollective(c.name, async (u) => {
        await u.saveContribution(write(bob, ksm(10n)));
        await u.setTerms(bob, { locking: T0S + 86_400, donation: '0.125', donationLock: true });
      });
      expect((await repo.contributors(c.id))[1]).toMatchObject({
        locking: T0S + 86_400,
        donation: '0.125',
        donationLock: true,
      });
      await repo.withCollective(c.name, (u) => u.endContribution(bob, 'breached', 'payee changed', after(5)));
      // A second end (the row counts no more) changes nothing.
      await repo.withCollective(c.name, async (u) => {
        await u.endContribution(bob, 'released', 'removed', after(9));
        await u.endContribution(stash(), 'released', 'never was', after(9));
      });
      expect((await repo.contributors(c.id))[1]).toMatchObject({
        address: bob,
        status: 'breached',
        endedReason: 'payee changed',
        endedAt: after(5),
        bonds: [],
        locking: T0S + 86_400,
      });
      expect(await repo.countingCollectiveOf(bob)).toBeNull();
    });

    it('409 STASH_COMMITTED for a stash that counts in another collective, free again once released', async () => {
      const { repo } = await target();
      const a = await create(repo);
      const b = await create(repo);
      const bob = stash();
      await repo.withCollective(a.name, (u) => u.saveContribution(write(bob, ksm(10n))));
      const use = nonce(bob, 'collective.contribute');
      expect(
        await codeOf(
          repo.withCollective(b.name, async (u) => {
            await u.spendNonce(use);
            await u.saveContribution(write(bob, ksm(10n)));
          }),
        ),
      ).toBe('STASH_COMMITTED');
      // The creator of a new collective likewise, and nothing of that create stays, its nonce neither.
      const n = name();
      const createNonce = nonce(bob);
      expect(
        await codeOf(
          repo.create(
            {
              name: n,
              creator: bob,
              settings: collectiveSettings(),
              bondingDeadline: T0S,
              contribution: write(bob, ksm(5n)),
              at: T0,
            },
            createNonce,
          ),
        ),
      ).toBe('STASH_COMMITTED');
      expect(await repo.byName(n)).toBeNull();
      expect(await repo.countingOf([bob, a.creator, b.creator, stash()])).toEqual(
        new Map([
          [bob, a.name],
          [a.creator, a.name],
          [b.creator, b.name],
        ]),
      );
      // More bonds in the collective where it counts are fine.
      await repo.withCollective(a.name, (u) => u.saveContribution(write(bob, ksm(20n))));
      await repo.withCollective(a.name, (u) => u.endContribution(bob, 'released', 'withdrawn', after(1)));
      await repo.withCollective(b.name, async (u) => {
        // The refused change and the refused create spent nothing.
        await u.spendNonce(use);
        await u.spendNonce(createNonce);
        await u.saveContribution(write(bob, ksm(10n)));
      });
      expect(await repo.countingCollectiveOf(bob)).toBe(b.name);
    });

    it('two collectives taking one stash at once: exactly one wins', async () => {
      const { repo } = await target();
      const a = await create(repo);
      const b = await create(repo);
      const bob = stash();
      const started = together(2);
      const take = (collective: string) =>
        codeOf(
          repo.withCollective(collective, async (u) => {
            await started();
            await u.saveContribution(write(bob, ksm(10n)));
            // Hold the change open a little: without the stash's lock the other one would check now.
            await new Promise((r) => setTimeout(r, 50));
          }),
        );
      const results = await Promise.all([take(a.name), take(b.name)]);
      expect([...results].sort()).toEqual(['STASH_COMMITTED', 'ok']);
      expect(await repo.countingCollectiveOf(bob)).toBe(results[0] === 'ok' ? a.name : b.name);
      const rows = [...(await repo.contributors(a.id)), ...(await repo.contributors(b.id))];
      expect(rows.filter((r) => r.address === bob)).toHaveLength(1);
    });

    it('keeps breaches in the order seen, with their block or none', async () => {
      const { repo } = await target();
      const c = await create(repo);
      await repo.withCollective(c.name, async (u) => {
        await u.addBreach({
          address: 'bob',
          kind: 'unbonded',
          detail: 'active 5 < 10',
          block: { hash: '0xb1', number: 11 },
          at: after(1),
        });
        await u.addBreach({ address: 'carol', kind: 'left_ndest', detail: 'opted out', block: null, at: after(2) });
      });
      expect(await repo.breaches(c.id)).toEqual([
        {
          address: 'bob',
          kind: 'unbonded',
          detail: 'active 5 < 10',
          block: { hash: '0xb1', number: 11 },
          at: after(1),
        },
        { address: 'carol', kind: 'left_ndest', detail: 'opted out', block: null, at: after(2) },
      ]);
    });

    it('queues payee changes pending, the collective’s account as none', async () => {
      const t = await target();
      const c = await create(t.repo);
      await t.repo.withCollective(c.name, async (u) => {
        await u.queuePayeeChange({ stash: 'bob', kind: 'set', payee: null, at: T0 });
        await u.queuePayeeChange({ stash: 'carol', kind: 'restore', payee: { kind: 'Account', account: 'x' }, at: T0 });
        await u.queuePayeeChange({ stash: 'dave', kind: 'restore', payee: STAKED, at: T0 });
      });
      expect(await t.payeeChanges(c.name)).toEqual([
        // The creator's, queued with the collective.
        { stash: c.creator, kind: 'set', payee: null, status: 'pending' },
        { stash: 'bob', kind: 'set', payee: null, status: 'pending' },
        { stash: 'carol', kind: 'restore', payee: { kind: 'Account', account: 'x' }, status: 'pending' },
        { stash: 'dave', kind: 'restore', payee: STAKED, status: 'pending' },
      ]);
    });

    it('books a reward once per block hash and event key, even into another collective; pages newest first', async () => {
      const { repo } = await target();
      const a = await create(repo);
      const b = await create(repo);
      const r = reward();
      expect(await repo.withCollective(a.name, (u) => u.bookReward(r))).toBe(true);
      expect(await repo.withCollective(a.name, (u) => u.bookReward(r))).toBe(false);
      expect(await repo.withCollective(b.name, (u) => u.bookReward({ ...r, amount: 5n }))).toBe(false);
      // Another event of the same block is another reward; the transaction goes on after a duplicate.
      const second = { ...r, eventKey: 'e4', stash: 'bob', era: null, bookedAt: after(1) };
      expect(
        await repo.withCollective(a.name, async (u) => {
          const again = await u.bookReward(r);
          return [again, await u.bookReward(second)];
        }),
      ).toEqual([false, true]);
      const first = await repo.rewards(a.id, { limit: 1, after: null });
      expect(first.items).toEqual([second]);
      const rest = await repo.rewards(a.id, { limit: 1, after: first.next });
      expect(rest).toEqual({ items: [r], next: null });
      expect(await repo.rewards(b.id, { limit: 5, after: null })).toEqual({ items: [], next: null });
    });

    it('sums rewards and transfers per token, exactly: failed transfers and the endowment left out', async () => {
      const t = await target();
      const c = await create(t.repo);
      const big = 10n ** 30n + 7n;
      await t.repo.withCollective(c.name, async (u) => {
        await u.bookReward(reward({ amount: big, returned: big - 300n, donation: 100n, forPools: 200n }));
        await u.bookReward(reward({ amount: 10n, returned: 1n, donation: 2n, forPools: 7n }));
        await u.bookReward(reward({ denom: 'USDT', amount: 9n, returned: 0n, donation: 0n, forPools: 9n }));
        await u.addTransfers([transfer({ amount: 150n }), transfer({ kind: 'donation', amount: 60n })], T0);
      });
      await t.setTransferStatus(c.name, 'failed');
      await t.addEndowTransfer(c.name, 'KSM', 1_000n);
      await t.repo.withCollective(c.name, (u) =>
        u.addTransfers(
          [
            transfer({ amount: 150n }),
            transfer({ kind: 'donation', amount: 60n }),
            transfer({ kind: 'return', address: 'alice', poolName: null, amount: big - 300n }),
          ],
          after(1),
        ),
      );
      const owed = await t.repo.sums(c.id);
      expect(owed.get('KSM')).toEqual({
        received: big + 10n,
        returned: big - 299n,
        donations: 102n,
        forPools: 207n,
        toPools: 150n,
        donationsSent: 60n,
        paidOut: 0n,
      });
      expect(owed.get('USDT')).toEqual({
        received: 9n,
        returned: 0n,
        donations: 0n,
        forPools: 9n,
        toPools: 0n,
        donationsSent: 0n,
        paidOut: 0n,
      });
      await t.setTransferStatus(c.name, 'paid');
      const paid = await t.repo.withCollective(c.name, (u) => u.sums());
      // Every transfer is paid now, the failed ones included (the hook moves them all): the endowment is not out of the account.
      expect(paid.get('KSM')).toMatchObject({ toPools: 300n, donationsSent: 120n, paidOut: 2n * 210n + big - 300n });
      expect(await t.repo.sums(c.id)).toEqual(paid);
    });

    it('stores transfers owed with their token on chain; a token the registry no longer lists is the native one', async () => {
      const t = await target();
      const c = await create(t.repo);
      await t.repo.withCollective(c.name, (u) =>
        u.addTransfers(
          [
            transfer({ amount: 5n, distributionId: '12' }),
            transfer({
              denom: 'USDT',
              amount: 6n,
              kind: 'donation',
              address: 'erin',
              poolName: null,
              proposalId: '34',
            }),
          ],
          after(3),
        ),
      );
      expect(await t.allTransfers(c.name)).toEqual([
        { kind: 'pool', denom: 'KSM', amount: 5n, status: 'owed', assetId: null },
        { kind: 'donation', denom: 'USDT', amount: 6n, status: 'owed', assetId: 1984 },
      ]);
      await t.addEndowTransfer(c.name, 'KSM', 1n);
      const page = await t.repo.transfers(c.id, { limit: 1, after: null });
      expect(page.items).toEqual([
        {
          id: expect.any(String),
          kind: 'donation',
          address: 'erin',
          poolName: null,
          denom: 'USDT',
          amount: 6n,
          distributionId: null,
          proposalId: '34',
          status: 'owed',
          error: null,
          createdAt: after(3),
        },
      ]);
      const rest = await t.repo.transfers(c.id, { limit: 5, after: page.next });
      expect(rest.items.map((x) => [x.kind, x.amount, x.distributionId, x.poolName])).toEqual([
        ['pool', 5n, '12', 'pool-a'],
      ]);
      expect(rest.next).toBeNull();
      // A denom the registry no longer lists is the native token delisted meanwhile: still owed, as native.
      await t.repo.withCollective(c.name, (u) => u.addTransfers([transfer({ denom: 'DOT', amount: 7n })], after(4)));
      expect((await t.allTransfers(c.name)).at(-1)).toEqual({
        kind: 'pool',
        denom: 'DOT',
        amount: 7n,
        status: 'owed',
        assetId: null,
      });
    });

    it('records distributions, each moving lastDistro; pages newest first', async () => {
      const { repo } = await target();
      const c = await create(repo);
      const first = await repo.withCollective(c.name, (u) =>
        u.recordDistribution({ kind: 'claim', at: T0S + 100, amounts: [{ denom: 'KSM', amount: 10n ** 25n }] }),
      );
      expect((await repo.byName(c.name))!.lastDistro).toBe(T0S + 100);
      const second = await repo.withCollective(c.name, (u) =>
        u.recordDistribution({ kind: 'final', at: T0S + 200, amounts: [] }),
      );
      expect(first).not.toBe(second);
      expect((await repo.byName(c.name))!.lastDistro).toBe(T0S + 200);
      const page = await repo.distributions(c.id, { limit: 1, after: null });
      expect(page.items).toEqual([{ id: second, kind: 'final', at: T0S + 200, amounts: [] }]);
      expect(await repo.distributions(c.id, { limit: 1, after: page.next })).toEqual({
        items: [{ id: first, kind: 'claim', at: T0S + 100, amounts: [{ denom: 'KSM', amount: 10n ** 25n }] }],
        next: null,
      });
    });

    it('updates settings, pause and status when the change commits (the unit keeps the collective as locked)', async () => {
      const { repo } = await target();
      const c = await create(repo);
      const next = collectiveSettings({
        description: 'changed',
        spendingPools: [{ name: 'pool-z', share: '1' }],
        ownersWhitelist: { roles: ['r'], accounts: ['frank'] },
        claimPeriod: 3600,
        voteQuorum: '0.6',
      });
      await repo.withCollective(c.name, async (u) => {
        await u.updateSettings(next);
        await u.setPaused(true);
        await u.setStatus('active', after(50));
        expect(u.collective.description).toBe('a collective');
        expect(u.collective.status).toBe('inactive');
      });
      expect(await repo.byName(c.name)).toMatchObject({
        ...next,
        id: c.id,
        creator: c.creator,
        paused: true,
        status: 'active',
        reachedMinimumAt: after(50),
      });
      // The first time the minimum was reached stays; a null changes nothing.
      await repo.withCollective(c.name, (u) => u.setStatus('inactive', after(90)));
      await repo.withCollective(c.name, (u) => u.setStatus('paused', null));
      expect(await repo.byName(c.name)).toMatchObject({ status: 'paused', reachedMinimumAt: after(50) });
    });

    it('marks a collective removed: readable, out of the live names', async () => {
      const { repo } = await target();
      const a = await create(repo);
      const b = await create(repo);
      expect(await repo.liveNames()).toEqual(expect.arrayContaining([a.name, b.name]));
      await repo.withCollective(a.name, (u) => u.markRemoved('below the minimum', after(7)));
      expect(await repo.byName(a.name)).toMatchObject({
        status: 'removed',
        removedAt: after(7),
        removedReason: 'below the minimum',
      });
      const live = await repo.liveNames();
      expect(live).not.toContain(a.name);
      expect(live).toContain(b.name);
    });

    it('rolls a failed change back whole: nonce, contribution, reward, transfers, distribution, status', async () => {
      const t = await target();
      const c = await create(t.repo);
      const bob = stash();
      const use = nonce(bob, 'collective.contribute');
      const r = reward();
      const boom = t.repo.withCollective(c.name, async (u) => {
        await u.spendNonce(use);
        await u.saveContribution(write(bob, ksm(1n)));
        await u.endContribution(c.creator, 'released', 'x', T0);
        await u.bookReward(r);
        await u.addTransfers([transfer()], T0);
        await u.recordDistribution({ kind: 'claim', at: T0S, amounts: [] });
        await u.queuePayeeChange({ stash: bob, kind: 'set', payee: null, at: T0 });
        await u.addBreach({ address: bob, kind: 'unbonded', detail: '', block: null, at: T0 });
        await u.setStatus('active', T0);
        throw new Error('boom');
      });
      await expect(boom).rejects.toThrow('boom');
      expect(await t.repo.byName(c.name)).toEqual(c);
      expect((await t.repo.contributors(c.id)).map((x) => [x.address, x.status])).toEqual([[c.creator, 'counting']]);
      expect(await t.repo.countingCollectiveOf(bob)).toBeNull();
      expect(await t.repo.sums(c.id)).toEqual(new Map());
      expect(await t.allTransfers(c.name)).toEqual([]);
      expect(await t.payeeChanges(c.name)).toEqual([{ stash: c.creator, kind: 'set', payee: null, status: 'pending' }]);
      expect(await t.repo.breaches(c.id)).toEqual([]);
      expect(await t.repo.distributions(c.id, { limit: 5, after: null })).toEqual({ items: [], next: null });
      // The nonce and the reward's key are free again, and the stash's lock was let go.
      await t.repo.withCollective(c.name, async (u) => {
        await u.spendNonce(use);
        expect(await u.bookReward(r)).toBe(true);
        await u.saveContribution(write(bob, ksm(1n)));
      });
    });

    it('serialises changes of one collective: two claims at once never send the same planck twice', async () => {
      const { repo } = await target();
      const c = await create(repo);
      await repo.withCollective(c.name, (u) => u.bookReward(reward({ forPools: 40n })));
      const started = together(2);
      const claim = async () => {
        await started();
        return repo.withCollective(c.name, async (u) => {
          const s = (await u.sums()).get('KSM')!;
          const awaiting = s.forPools - s.toPools;
          await new Promise((r) => setTimeout(r, 20));
          if (awaiting > 0n) await u.addTransfers([transfer({ amount: awaiting })], T0);
          return awaiting;
        });
      };
      const results = await Promise.all([claim(), claim()]);
      expect(results.sort()).toEqual([0n, 40n]);
      expect((await repo.sums(c.id)).get('KSM')!.toPools).toBe(40n);
    });

    it('joins a governance transaction: the change commits with it', async () => {
      const t = await target();
      const c = await create(t.repo);
      await t.inTransaction((tx) => t.repo.withCollectiveIn(tx, c.name, (u) => u.setPaused(true)));
      expect((await t.repo.byName(c.name))!.paused).toBe(true);
      expect(await codeOf(t.inTransaction((tx) => t.repo.withCollectiveIn(tx, name(), async () => 1)))).toBe(
        'COLLECTIVE_NOT_FOUND',
      );
    });

    it('finds collectives by account, lists names a page at a time in name order, and those of an address', async () => {
      const t = await target();
      const role = `role-${tag()}`;
      const depositRole = `dr-${tag()}`;
      await t.createRoles([role, depositRole]);
      const owner = stash();
      const whitelisted = stash();
      const id = tag();
      const a = await create(t.repo, { name: `Zc-${id}` });
      const b = await create(t.repo, {
        name: `Zb-${id}`,
        settings: collectiveSettings({
          ownersWhitelist: { roles: [role], accounts: [owner] },
          depositWhitelist: { any: false, roles: [depositRole], accounts: [whitelisted] },
        }),
      });
      const lower = await create(t.repo);
      const account = `acct-${tag()}`;
      await t.setAccount(b.name, account, 25n);
      expect(await t.repo.namesByAccount([account, `acct-${tag()}`, account])).toEqual(new Map([[account, b.name]]));
      expect(await t.repo.namesByAccount([])).toEqual(new Map());
      expect(await t.repo.accounts()).toEqual(
        expect.arrayContaining([
          { id: a.id, name: a.name, account: null, endowment: 0n },
          { id: b.id, name: b.name, account, endowment: 25n },
        ]),
      );
      expect(await t.repo.byName(b.name)).toMatchObject({ account, endowment: 25n, endowed: true });

      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 200; i++) {
        const page = await t.repo.names({ limit: 2, after: cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        if (!page.next) break;
        cursor = page.next;
      }
      expect(seen).toEqual([...seen].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.indexOf(b.name)).toBeGreaterThanOrEqual(0);
      // Byte order: "Zb" before "Zc", both before any lower-case name.
      expect(seen.indexOf(b.name)).toBeLessThan(seen.indexOf(a.name));
      expect(seen.indexOf(a.name)).toBeLessThan(seen.indexOf(lower.name));

      expect(await t.repo.namesOf(owner, [])).toEqual([b.name]);
      expect(await t.repo.namesOf(whitelisted, [])).toEqual([b.name]);
      expect(await t.repo.namesOf(b.creator, [])).toEqual([b.name]);
      expect(await t.repo.namesOf('zed', [role])).toContain(b.name);
      expect(await t.repo.namesOf('zed', [depositRole])).toContain(b.name);
      expect(await t.repo.namesOf('zed', [])).not.toContain(b.name);
      // A contributor, counting or not.
      const bob = stash();
      await t.repo.withCollective(a.name, (u) => u.saveContribution(write(bob, ksm(1n))));
      await t.repo.withCollective(a.name, (u) => u.endContribution(bob, 'released', 'withdrawn', T0));
      expect(await t.repo.namesOf(bob, [])).toEqual([a.name]);
    });

    it('stores the last book check per token, replacing the one before', async () => {
      const { repo } = await target();
      const c = await create(repo);
      const check = (denom: string, chainBalance: bigint, expected: bigint) => ({
        denom,
        chainBalance,
        expected,
        difference: chainBalance - expected,
        at: { hash: '0xabc', number: 12 },
        checkedAt: after(5),
      });
      await repo.saveBookChecks(c.id, [check('KSM', 10n, 10n), check('USDT', 3n, 5n)]);
      await repo.saveBookChecks(c.id, [check('KSM', 10n ** 30n, 10n)]);
      expect(await repo.bookChecks(c.id)).toEqual([check('KSM', 10n ** 30n, 10n), check('USDT', 3n, 5n)]);
      const all = (await repo.allBookChecks()).filter((x) => x.collective === c.name);
      expect(all.map((x) => x.check.difference).sort()).toEqual([-2n, 10n ** 30n - 10n]);
    });
  });
}
