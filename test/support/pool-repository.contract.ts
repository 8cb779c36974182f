/**
 * One contract for every PoolRepository: the in-memory stand-in (test/unit) and PostgreSQL
 * (test/integration) pass the same tests, so that the pools' use-case tests on the stand-in say
 * something about production.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import type { DepositRecord, PoolRepository } from '../../src/domain/pools/pool.repository.js';
import { heldOf } from '../../src/domain/pools/pool.repository.js';
import type { PayoutLine, PoolSettings } from '../../src/domain/pools/types.js';
import type { NonceUse } from '../../src/domain/wallet/authorize.js';

export interface PoolContractTarget {
  repo: PoolRepository;
  /** Creates a role in the registry (pools may name only roles that exist). */
  createRole(name: string): Promise<void>;
  /** The pool's account appears on chain. */
  setAccount(poolName: string, account: string): Promise<void>;
  /** Every owed line of the pool is paid (what a payment batch records). */
  payOwed(poolName: string): Promise<void>;
}

const T0 = new Date('2030-06-01T00:00:00Z');
const after = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const T0S = T0.getTime() / 1000;

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );

export const contractSettings = (over: Partial<PoolSettings> = {}): PoolSettings => ({
  description: 'a pool',
  claimStart: T0S,
  claimEnd: 0,
  claimExpire: 0,
  voteQuorum: '0.51',
  votePeriod: 600,
  voteEnactment: 300,
  owners: { roles: [], accounts: [] },
  beneficiaries: [{ kind: 'account', name: 'alice', weight: '1' }],
  tokenRates: [{ denom: 'KSM', rate: '1.5' }],
  dynamicRate: false,
  dynamicRatePeriod: null,
  ...over,
});

const line = (address: string, denom: string, amount: bigint, over: Partial<PayoutLine> = {}): PayoutLine => ({
  address,
  denom,
  amount,
  kind: 'claim',
  accruedFrom: T0,
  accruedTo: after(10),
  proposalId: null,
  ...over,
});

export function poolRepositoryContract(label: string, target: () => Promise<PoolContractTarget>): void {
  const tag = () => randomBytes(4).toString('hex');
  const nonce = (address = 'carol', action: NonceUse['action'] = 'pool.create'): NonceUse => ({
    address,
    nonce: `contract-${randomBytes(8).toString('hex')}`,
    action,
  });
  const name = () => `pool-${tag()}`;
  const deposit = (denom: string | null, amount: bigint, over: Partial<DepositRecord> = {}): DepositRecord => ({
    denom,
    assetId: denom === null ? 4242 : null,
    amount,
    from: 'dave',
    block: { hash: `0x${randomBytes(32).toString('hex')}`, number: 7 },
    eventIndex: 3,
    ...over,
  });

  describe(`PoolRepository contract (${label})`, () => {
    it('creates a pool with its settings and reads it back by name, never re-using a name', async () => {
      const { repo } = await target();
      const n = name();
      const settings = contractSettings({
        beneficiaries: [
          { kind: 'account', name: 'alice', weight: '2.5' },
          { kind: 'account', name: 'bob', weight: '1' },
        ],
        tokenRates: [
          { denom: 'KSM', rate: '0.000001' },
          { denom: 'USDT', rate: '3' },
        ],
      });
      const created = await repo.create({ name: n, creator: 'carol', settings, at: T0 }, nonce());
      expect(created).toMatchObject({ ...settings, name: n, creator: 'carol', account: null, createdAt: T0 });
      expect(await repo.byName(n)).toEqual(created);
      expect(await repo.byName(name())).toBeNull();
      const again = nonce();
      expect(await codeOf(repo.create({ name: n, creator: 'bob', settings, at: T0 }, again))).toBe('NAME_TAKEN');
      // The refused create spent no nonce: the same one is good for another write.
      expect(await codeOf(repo.create({ name: name(), creator: 'bob', settings, at: T0 }, again))).toBe('ok');
    });

    it('spends the nonce: a replay (whatever the write) is NONCE_REPLAYED and writes nothing', async () => {
      const { repo } = await target();
      const used = nonce();
      const n = name();
      await repo.create({ name: n, creator: 'carol', settings: contractSettings(), at: T0 }, used);
      const other = name();
      expect(
        await codeOf(repo.create({ name: other, creator: 'carol', settings: contractSettings(), at: T0 }, used)),
      ).toBe('NONCE_REPLAYED');
      expect(await repo.byName(other)).toBeNull();
      // One nonce set for every signed write: a unit's change refuses it as well.
      expect(
        await codeOf(
          repo.withPool(n, async (unit) => {
            await unit.spendNonce(used);
            await unit.register('alice', T0);
          }),
        ),
      ).toBe('NONCE_REPLAYED');
      expect(await repo.registrations(created(await repo.byName(n)))).toEqual([]);
    });

    it('refuses a pool naming a role that does not exist, and accepts it once the role exists', async () => {
      const t = await target();
      const role = `role-${tag()}`;
      const settings = contractSettings({ owners: { roles: [role], accounts: [] } });
      const n = name();
      expect(await codeOf(t.repo.create({ name: n, creator: 'carol', settings, at: T0 }, nonce()))).toBe(
        'ROLE_NOT_FOUND',
      );
      await t.createRole(role);
      expect(await codeOf(t.repo.create({ name: n, creator: 'carol', settings, at: T0 }, nonce()))).toBe('ok');
    });

    it('404 POOL_NOT_FOUND for a change of a pool that does not exist', async () => {
      const { repo } = await target();
      expect(await codeOf(repo.withPool(name(), async () => 'x'))).toBe('POOL_NOT_FOUND');
    });

    it('registers once (409 ALREADY_REGISTERED), in registration order, and moves the last claim', async () => {
      const { repo } = await target();
      const pool = await repo.create({ name: name(), creator: 'carol', settings: contractSettings(), at: T0 }, nonce());
      await repo.withPool(pool.name, async (u) => {
        await u.register('bob', after(20));
        await u.register('alice', after(10));
      });
      expect(await codeOf(repo.withPool(pool.name, (u) => u.register('alice', after(30))))).toBe('ALREADY_REGISTERED');
      await repo.withPool(pool.name, (u) => u.setLastClaim('alice', after(40)));
      expect(await repo.registrations(pool.id)).toEqual([
        { address: 'alice', registeredAt: after(10), lastClaimAt: after(40) },
        { address: 'bob', registeredAt: after(20), lastClaimAt: after(20) },
      ]);
      expect(await repo.withPool(pool.name, (u) => u.registrations())).toEqual(await repo.registrations(pool.id));
    });

    it('rolls a failed change back whole: nonce, registration, lines, deposits, rates', async () => {
      const { repo } = await target();
      const pool = await repo.create(
        {
          name: name(),
          creator: 'carol',
          settings: contractSettings({ dynamicRate: true, dynamicRatePeriod: 60, tokenRates: [] }),
          at: T0,
        },
        nonce(),
      );
      const use = nonce('alice', 'pool.register');
      const d = deposit('KSM', 100n);
      const boom = repo.withPool(pool.name, async (u) => {
        await u.spendNonce(use);
        await u.register('alice', T0);
        await u.bookDeposit(d, 0, T0);
        await u.addLines([line('alice', 'KSM', 5n)], T0);
        await u.setPeriodRates(1, [{ periodIndex: 1, denom: 'KSM', deposits: 100n, totalWeight: '1', rate: '1' }]);
        throw new Error('boom');
      });
      await expect(boom).rejects.toThrow('boom');
      expect(await repo.registrations(pool.id)).toEqual([]);
      expect(await repo.books(pool.id)).toEqual(new Map());
      expect(await repo.periodRates(pool.id, -1)).toEqual([]);
      expect(await repo.withPool(pool.name, (u) => u.ratedPeriod())).toBe(-1);
      // The nonce and the deposit's key are free again.
      await repo.withPool(pool.name, async (u) => {
        await u.spendNonce(use);
        expect(await u.bookDeposit(d, 0, T0)).toBe(true);
      });
    });

    it('books a deposit once per block hash and event index, even into another pool', async () => {
      const { repo } = await target();
      const a = await repo.create({ name: name(), creator: 'carol', settings: contractSettings(), at: T0 }, nonce());
      const b = await repo.create({ name: name(), creator: 'carol', settings: contractSettings(), at: T0 }, nonce());
      const d = deposit('KSM', 1_000n);
      expect(await repo.withPool(a.name, (u) => u.bookDeposit(d, null, T0))).toBe(true);
      expect(await repo.withPool(a.name, (u) => u.bookDeposit(d, null, T0))).toBe(false);
      expect(await repo.withPool(b.name, (u) => u.bookDeposit({ ...d, amount: 5n }, null, T0))).toBe(false);
      // Another event of the same block is another deposit.
      expect(await repo.withPool(a.name, (u) => u.bookDeposit({ ...d, eventIndex: 4 }, null, T0))).toBe(true);
      expect((await repo.books(a.id)).get('KSM')).toEqual({ deposited: 2_000n, paid: 0n, owed: 0n });
      expect(await repo.books(b.id)).toEqual(new Map());
    });

    it('keeps deposits of an unknown asset apart: held, never in the books', async () => {
      const { repo } = await target();
      const p = await repo.create({ name: name(), creator: 'carol', settings: contractSettings(), at: T0 }, nonce());
      await repo.withPool(p.name, async (u) => {
        await u.bookDeposit(deposit(null, 70n), null, T0);
        await u.bookDeposit(deposit(null, 30n), null, T0);
      });
      expect(await repo.books(p.id)).toEqual(new Map());
      expect(await repo.unknownDeposits(p.id)).toEqual([{ assetId: 4242, amount: 100n }]);
    });

    it('counts the books per token from deposits and lines: deposited = paid + owed + held', async () => {
      const t = await target();
      const p = await t.repo.create({ name: name(), creator: 'carol', settings: contractSettings(), at: T0 }, nonce());
      await t.repo.withPool(p.name, async (u) => {
        await u.bookDeposit(deposit('KSM', 10n ** 20n), null, T0);
        await u.bookDeposit(deposit('USDT', 500n), null, T0);
        await u.addLines([line('alice', 'KSM', 3n), line('bob', 'USDT', 200n)], after(1));
      });
      await t.payOwed(p.name);
      await t.repo.withPool(p.name, (u) =>
        u.addLines([line('alice', 'KSM', 4n, { kind: 'payment', proposalId: '9' })], after(2)),
      );
      const books = await t.repo.books(p.id);
      expect(books.get('KSM')).toEqual({ deposited: 10n ** 20n, paid: 3n, owed: 4n });
      expect(books.get('USDT')).toEqual({ deposited: 500n, paid: 200n, owed: 0n });
      expect(heldOf(books.get('KSM')!)).toBe(10n ** 20n - 7n);
      expect(await t.repo.withPool(p.name, (u) => u.books())).toEqual(books);
      const page = await t.repo.lines(p.id, { limit: 2, after: null });
      expect(page.items.map((l) => [l.amount, l.status, l.kind, l.proposalId])).toEqual([
        [4n, 'owed', 'payment', '9'],
        [200n, 'paid', 'claim', null],
      ]);
      const rest = await t.repo.lines(p.id, { limit: 2, after: page.next });
      expect(rest.items.map((l) => l.amount)).toEqual([3n]);
      expect(rest.next).toBeNull();
      expect(rest.items[0]).toMatchObject({
        address: 'alice',
        accruedFrom: T0,
        accruedTo: after(10),
        createdAt: after(1),
      });
    });

    it('rates dynamic periods: deposits per period, rates by range, the last rated period', async () => {
      const { repo } = await target();
      const p = await repo.create(
        {
          name: name(),
          creator: 'carol',
          settings: contractSettings({ dynamicRate: true, dynamicRatePeriod: 60, tokenRates: [], claimExpire: 60 }),
          at: T0,
        },
        nonce(),
      );
      await repo.withPool(p.name, async (u) => {
        expect(await u.ratedPeriod()).toBe(-1);
        await u.bookDeposit(deposit('KSM', 10n), -1, T0);
        await u.bookDeposit(deposit('KSM', 5n), 0, T0);
        await u.bookDeposit(deposit('KSM', 6n), 0, T0);
        await u.bookDeposit(deposit('USDT', 7n), 0, T0);
        expect(await u.periodDeposits(0)).toEqual(
          new Map([
            ['KSM', 11n],
            ['USDT', 7n],
          ]),
        );
        expect(await u.periodDeposits(-1)).toEqual(new Map([['KSM', 10n]]));
        await u.setPeriodRates(0, [{ periodIndex: 0, denom: 'KSM', deposits: 10n, totalWeight: '1', rate: '0.1' }]);
        await u.setPeriodRates(1, []);
        await u.setPeriodRates(2, [{ periodIndex: 2, denom: 'USDT', deposits: 7n, totalWeight: '2', rate: '0.05' }]);
        expect(await u.ratedPeriod()).toBe(2);
        expect((await u.periodRates(1, 2)).map((r) => [r.periodIndex, r.denom])).toEqual([[2, 'USDT']]);
      });
      expect(await repo.periodRates(p.id, 0)).toEqual([
        { periodIndex: 0, denom: 'KSM', deposits: 10n, totalWeight: '1', rate: '0.1' },
        { periodIndex: 2, denom: 'USDT', deposits: 7n, totalWeight: '2', rate: '0.05' },
      ]);
      expect(await repo.periodDeposits(p.id, 0)).toEqual(
        new Map([
          ['KSM', 11n],
          ['USDT', 7n],
        ]),
      );
      expect(await repo.dynamicPoolNames()).toContain(p.name);
    });

    it('updates the settings when the change commits (the unit keeps the pool as it was locked)', async () => {
      const { repo } = await target();
      const p = await repo.create({ name: name(), creator: 'carol', settings: contractSettings(), at: T0 }, nonce());
      const next = contractSettings({
        description: 'changed',
        claimEnd: T0S + 1000,
        beneficiaries: [{ kind: 'account', name: 'bob', weight: '3' }],
        tokenRates: [{ denom: 'USDT', rate: '2' }],
      });
      await repo.withPool(p.name, async (u) => {
        await u.updateSettings(next);
        expect(u.pool.description).toBe('a pool');
      });
      expect(await repo.byName(p.name)).toMatchObject({ ...next, id: p.id, name: p.name, creator: 'carol' });
    });

    it('serialises changes of one pool: two at once never owe the same held planck twice', async () => {
      const { repo } = await target();
      const p = await repo.create({ name: name(), creator: 'carol', settings: contractSettings(), at: T0 }, nonce());
      await repo.withPool(p.name, (u) => u.bookDeposit(deposit('KSM', 100n), null, T0));
      const owe = (who: string) =>
        repo.withPool(p.name, async (u) => {
          const held = heldOf((await u.books()).get('KSM')!);
          await new Promise((r) => setTimeout(r, 20));
          if (held > 0n) await u.addLines([line(who, 'KSM', held)], T0);
          return held;
        });
      const results = await Promise.all([owe('alice'), owe('bob')]);
      expect(results.sort()).toEqual([0n, 100n]);
      expect((await repo.books(p.id)).get('KSM')).toEqual({ deposited: 100n, paid: 0n, owed: 100n });
    });

    it('finds pools by account, lists names a page at a time and the pools of an address', async () => {
      const t = await target();
      const role = `role-${tag()}`;
      await t.createRole(role);
      const a = await t.repo.create({ name: name(), creator: 'carol', settings: contractSettings(), at: T0 }, nonce());
      const b = await t.repo.create(
        {
          name: name(),
          creator: 'erin',
          settings: contractSettings({
            owners: { roles: [role], accounts: ['frank'] },
            beneficiaries: [{ kind: 'role', name: role, weight: '1' }],
          }),
          at: T0,
        },
        nonce(),
      );
      const account = `acct-${tag()}`;
      await t.setAccount(b.name, account);
      expect((await t.repo.byAccount(account))?.name).toBe(b.name);
      expect(await t.repo.byAccount(`acct-${tag()}`)).toBeNull();
      expect(await t.repo.namesByAccount([account, `acct-${tag()}`, account])).toEqual(new Map([[account, b.name]]));
      const accounts = await t.repo.accounts();
      expect(accounts).toEqual(
        expect.arrayContaining([
          { name: a.name, account: null },
          { name: b.name, account },
        ]),
      );

      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 100; i++) {
        const page = await t.repo.names({ limit: 1, after });
        expect(page.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.items);
        if (!page.next) break;
        after = page.next;
      }
      expect(seen.indexOf(a.name)).toBeGreaterThanOrEqual(0);
      expect(seen.indexOf(a.name)).toBeLessThan(seen.indexOf(b.name));
      expect(new Set(seen).size).toBe(seen.length);

      expect(await t.repo.namesOf('frank', [])).toContain(b.name);
      expect(await t.repo.namesOf('erin', [])).toContain(b.name);
      expect(await t.repo.namesOf('zed', [role])).toContain(b.name);
      expect(await t.repo.namesOf('zed', [])).not.toContain(b.name);
      const mine = await t.repo.namesOf('alice', []);
      expect(mine).toContain(a.name);
      expect(mine).not.toContain(b.name);
      await t.repo.withPool(b.name, (u) => u.register('alice', T0));
      expect(await t.repo.namesOf('alice', [])).toEqual(expect.arrayContaining([a.name, b.name]));
    });

    it('stores the last book check per token, replacing the one before', async () => {
      const { repo } = await target();
      const p = await repo.create({ name: name(), creator: 'carol', settings: contractSettings(), at: T0 }, nonce());
      const check = (denom: string, chainBalance: bigint, expected: bigint) => ({
        denom,
        chainBalance,
        expected,
        difference: chainBalance - expected,
        at: { hash: '0xabc', number: 12 },
        checkedAt: after(5),
      });
      await repo.saveBookChecks(p.id, [check('KSM', 10n, 10n), check('USDT', 3n, 5n)]);
      await repo.saveBookChecks(p.id, [check('KSM', 12n, 10n)]);
      expect(await repo.bookChecks(p.id)).toEqual([check('KSM', 12n, 10n), check('USDT', 3n, 5n)]);
      const all = (await repo.allBookChecks()).filter((c) => c.pool === p.name);
      expect(all.map((c) => c.check.difference).sort()).toEqual([-2n, 2n]);
      expect(await repo.endowment(p.id)).toBe(0n);
    });
  });
}

/** A pool's id, from the pool (or a missing pool, which fails the test). */
function created(pool: { id: string } | null): string {
  if (!pool) throw new Error('the pool was not created');
  return pool.id;
}
