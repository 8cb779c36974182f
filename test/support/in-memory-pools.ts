/**
 * An in-memory PoolRepository that behaves like the PostgreSQL one (the contract suite in
 * pool-repository.contract.ts runs against both): one lock per pool, every change of a unit
 * committed together or not at all, nonces spent in the change, deposits booked once per
 * (block hash, event index), books counted from deposits and payout lines. Plus fake registries
 * and a codec for the pools' use-case tests.
 */
import { conflict, notFound, ruleViolation } from '../../src/domain/errors.js';
import type { Transaction } from '../../src/domain/governance/proposal.repository.js';
import type { AddressCodec } from '../../src/domain/ports/wallet.js';
import type { PoolRegistries } from '../../src/domain/pools/pool-registries.js';
import type {
  DepositRecord,
  PeriodRate,
  PoolLineView,
  PoolRepository,
  PoolUnit,
  TokenBooks,
} from '../../src/domain/pools/pool.repository.js';
import type { PayoutLine, PoolRegistration, PoolSettings, SpendingPool } from '../../src/domain/pools/types.js';
import type { BookCheck } from '../../src/domain/shared/book-check.js';
import type { Page, PageRequest } from '../../src/domain/shared/page.js';
import type { Address, Planck } from '../../src/domain/shared/types.js';
import type { NonceUse } from '../../src/domain/wallet/authorize.js';
import { bookPoolDeposits } from '../../src/domain/pools/book-deposits.use-case.js';
import type { PoolDeps } from '../../src/domain/pools/pool-deps.js';
import type { Authorize } from '../../src/domain/wallet/authorize.js';
import type { SignedEnvelopeInput } from '../../src/domain/wallet/signed-request.js';
import { InMemoryNonces, TestClock } from './in-memory-governance.js';

interface StoredDeposit extends DepositRecord {
  periodIndex: number | null;
  bookedAt: Date;
}

export interface StoredLine extends PoolLineView {
  transferId: string | null;
}

/** Everything one pool holds; a unit works on a copy that replaces it when the change commits. */
interface PoolState {
  pool: SpendingPool;
  ratedPeriod: number;
  registrations: PoolRegistration[];
  deposits: StoredDeposit[];
  lines: StoredLine[];
  periodRates: PeriodRate[];
  bookChecks: Map<string, BookCheck>;
  endowment: Planck;
  endowed: boolean;
}

/** One lock per key, like `SELECT … FOR UPDATE`: holders run one after the other. */
class Mutex {
  private readonly tails = new Map<string, Promise<unknown>>();
  async with<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    this.tails.set(
      key,
      run.catch(() => undefined),
    );
    return run;
  }
}

const depositKey = (d: DepositRecord) => `${d.block.hash}\u0000${d.eventIndex}`;

function booksOf(state: PoolState): Map<string, TokenBooks> {
  const books = new Map<string, TokenBooks>();
  const of = (denom: string) => {
    let b = books.get(denom);
    if (!b) books.set(denom, (b = { deposited: 0n, paid: 0n, owed: 0n }));
    return b;
  };
  for (const d of state.deposits) if (d.denom !== null) of(d.denom).deposited += d.amount;
  for (const l of state.lines) {
    if (l.status === 'paid') of(l.denom).paid += l.amount;
    else of(l.denom).owed += l.amount;
  }
  return books;
}

function periodDepositsOf(state: PoolState, index: number): Map<string, Planck> {
  const out = new Map<string, Planck>();
  for (const d of state.deposits)
    if (d.denom !== null && d.periodIndex === index) out.set(d.denom, (out.get(d.denom) ?? 0n) + d.amount);
  return out;
}

const copyPool = (p: SpendingPool): SpendingPool => structuredClone(p);

class InMemoryPoolUnit implements PoolUnit {
  readonly pool: SpendingPool;
  /** Undone when the change rolls back. */
  readonly undo: (() => void)[] = [];
  /** Deposit keys this change books (made visible to others on commit). */
  readonly bookedKeys = new Set<string>();

  constructor(
    readonly state: PoolState,
    private readonly repo: InMemoryPoolRepository,
  ) {
    this.pool = copyPool(state.pool);
  }

  async spendNonce(use: NonceUse) {
    this.undo.push(this.repo.nonces.spend(use));
  }

  async books() {
    return booksOf(this.state);
  }

  async registrations() {
    return [...this.state.registrations]
      .sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime())
      .map((r) => ({ ...r }));
  }

  async register(address: Address, at: Date) {
    if (this.state.registrations.some((r) => r.address === address))
      throw conflict('ALREADY_REGISTERED', `${address} is registered in ${this.pool.name} already`);
    this.state.registrations.push({ address, registeredAt: new Date(at), lastClaimAt: new Date(at) });
  }

  async setLastClaim(address: Address, at: Date) {
    const r = this.state.registrations.find((x) => x.address === address);
    if (!r) throw new Error(`no registration of ${address}`); // Prisma's update throws too
    r.lastClaimAt = new Date(at);
  }

  async addLines(lines: PayoutLine[], at: Date) {
    for (const l of lines)
      this.state.lines.push({
        ...structuredClone(l),
        id: String(this.repo.nextLineId++),
        status: 'owed',
        note: null,
        createdAt: new Date(at),
        transferId: null,
      });
  }

  async ratedPeriod() {
    return this.state.ratedPeriod;
  }

  async periodRates(fromIndex: number, toIndex: number) {
    return this.state.periodRates
      .filter((r) => r.periodIndex >= fromIndex && r.periodIndex <= toIndex)
      .map((r) => ({ ...r }));
  }

  async periodDeposits(index: number) {
    return periodDepositsOf(this.state, index);
  }

  async setPeriodRates(index: number, rates: PeriodRate[]) {
    for (const r of rates) {
      if (this.state.periodRates.some((x) => x.periodIndex === index && x.denom === r.denom))
        throw new Error(`period ${index} of ${r.denom} is rated already`); // the primary key refuses it
      this.state.periodRates.push({ ...r, periodIndex: index });
    }
    this.state.ratedPeriod = index;
  }

  async bookDeposit(d: DepositRecord, periodIndex: number | null, at: Date) {
    const key = depositKey(d);
    if (this.repo.bookedDeposits.has(key) || this.bookedKeys.has(key)) return false;
    this.bookedKeys.add(key);
    this.state.deposits.push({ ...structuredClone(d), periodIndex, bookedAt: new Date(at) });
    return true;
  }

  async updateSettings(s: PoolSettings) {
    await this.repo.checkRoles(s);
    this.state.pool = { ...copyPool(this.state.pool), ...structuredClone(s) };
  }
}

export class InMemoryPoolRepository implements PoolRepository {
  private readonly states = new Map<string, PoolState>();
  private readonly locks = new Mutex();
  private nextPoolId = 1;
  nextLineId = 1;
  readonly bookedDeposits = new Set<string>();

  /** `roles`: where the roles a pool names must exist (as the Prisma repository locks them). */
  constructor(
    readonly nonces = new InMemoryNonces(),
    private readonly roles?: Pick<PoolRegistries, 'roleExists'>,
  ) {}

  /** 422 ROLE_NOT_FOUND for a role the settings name that does not exist (lockRoles in src/db). */
  async checkRoles(s: PoolSettings): Promise<void> {
    if (!this.roles) return;
    for (const name of [...s.owners.roles, ...s.beneficiaries.filter((b) => b.kind === 'role').map((b) => b.name)])
      if (!(await this.roles.roleExists(name)))
        throw ruleViolation('ROLE_NOT_FOUND', `role ${name} does not exist (an admin creates roles)`, { role: name });
  }

  async create(input: { name: string; creator: Address; settings: PoolSettings; at: Date }, nonce: NonceUse) {
    const giveBack = this.nonces.spend(nonce);
    try {
      await this.checkRoles(input.settings);
    } catch (e) {
      giveBack();
      throw e;
    }
    if (this.states.has(input.name)) {
      giveBack();
      throw conflict('NAME_TAKEN', `the name ${input.name} is taken`);
    }
    const id = this.nextPoolId++;
    const pool: SpendingPool = {
      ...structuredClone(input.settings),
      id: String(id),
      name: input.name,
      creator: input.creator,
      account: null,
      accountIndex: id % 65_536,
      createdAt: new Date(input.at),
    };
    this.states.set(input.name, {
      pool,
      ratedPeriod: -1,
      registrations: [],
      deposits: [],
      lines: [],
      periodRates: [],
      bookChecks: new Map(),
      endowment: 0n,
      endowed: false,
    });
    return copyPool(pool);
  }

  async byName(name: string) {
    const s = this.states.get(name);
    return s ? copyPool(s.pool) : null;
  }

  async byAccount(account: Address) {
    const s = [...this.states.values()].find((x) => x.pool.account === account);
    return s ? copyPool(s.pool) : null;
  }

  async namesByAccount(accounts: Address[]) {
    const wanted = new Set(accounts);
    return new Map(
      [...this.states.values()]
        .filter((x) => x.pool.account !== null && wanted.has(x.pool.account))
        .map((x) => [x.pool.account!, x.pool.name] as const),
    );
  }

  async names(page: PageRequest): Promise<Page<string>> {
    const after = page.after === null ? 0 : Number(page.after);
    const rows = this.all()
      .filter((s) => Number(s.pool.id) > after)
      .slice(0, page.limit + 1);
    const items = rows.slice(0, page.limit);
    return {
      items: items.map((s) => s.pool.name),
      next: rows.length > page.limit ? items[items.length - 1]!.pool.id : null,
    };
  }

  async namesOf(address: Address, roles: string[]) {
    return this.all()
      .filter(
        ({ pool: p, registrations }) =>
          p.creator === address ||
          p.owners.accounts.includes(address) ||
          p.owners.roles.some((r) => roles.includes(r)) ||
          p.beneficiaries.some(
            (b) => (b.kind === 'account' && b.name === address) || (b.kind === 'role' && roles.includes(b.name)),
          ) ||
          registrations.some((r) => r.address === address),
      )
      .map((s) => s.pool.name);
  }

  withPool<T>(name: string, work: (unit: PoolUnit) => Promise<T>): Promise<T> {
    return this.locks.with(name, async () => {
      const state = this.states.get(name);
      if (!state) throw notFound('POOL_NOT_FOUND', `no spending pool named ${name}`);
      // The unit works on a copy: a change that throws leaves the pool as it was.
      const unit = new InMemoryPoolUnit(structuredClone(state), this);
      try {
        const result = await work(unit);
        this.states.set(name, unit.state);
        for (const key of unit.bookedKeys) this.bookedDeposits.add(key);
        return result;
      } catch (e) {
        for (const undo of unit.undo.reverse()) undo();
        throw e;
      }
    });
  }

  /** The enactment's transaction is not joined: the change commits when `work` returns. */
  withPoolIn<T>(_tx: Transaction, name: string, work: (unit: PoolUnit) => Promise<T>): Promise<T> {
    return this.withPool(name, work);
  }

  async dynamicPoolNames() {
    return this.all()
      .filter((s) => s.pool.dynamicRate)
      .map((s) => s.pool.name);
  }

  async accounts() {
    return this.all().map((s) => ({ name: s.pool.name, account: s.pool.account }));
  }

  async registrations(poolId: string) {
    return [...this.byId(poolId).registrations]
      .sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime())
      .map((r) => ({ ...r }));
  }

  async books(poolId: string) {
    return booksOf(this.byId(poolId));
  }

  async endowment(poolId: string) {
    const s = this.byId(poolId);
    return s.endowed ? s.endowment : 0n;
  }

  async unknownDeposits(poolId: string) {
    const sums = new Map<number, Planck>();
    for (const d of this.byId(poolId).deposits)
      if (d.denom === null) sums.set(d.assetId ?? -1, (sums.get(d.assetId ?? -1) ?? 0n) + d.amount);
    return [...sums].map(([assetId, amount]) => ({ assetId, amount }));
  }

  async periodRates(poolId: string, fromIndex: number) {
    return this.byId(poolId)
      .periodRates.filter((r) => r.periodIndex >= fromIndex)
      .sort((a, b) => a.periodIndex - b.periodIndex || (a.denom < b.denom ? -1 : 1))
      .map((r) => ({ ...r }));
  }

  async periodDeposits(poolId: string, index: number) {
    return periodDepositsOf(this.byId(poolId), index);
  }

  async lines(poolId: string, page: PageRequest): Promise<Page<PoolLineView>> {
    const before = page.after === null ? Infinity : Number(page.after);
    const rows = this.byId(poolId)
      .lines.filter((l) => Number(l.id) < before)
      .sort((a, b) => Number(b.id) - Number(a.id))
      .slice(0, page.limit + 1);
    const items = rows.slice(0, page.limit).map(({ transferId: _, ...view }) => structuredClone(view));
    return { items, next: rows.length > page.limit ? items[items.length - 1]!.id : null };
  }

  async owedByBeneficiary(poolId: string) {
    const owed = new Map<string, { address: string; denom: string; amount: bigint; note: string | null }>();
    const lines = this.byId(poolId).lines.filter((l) => l.status !== 'paid');
    for (const l of lines.sort((a, b) => Number(a.id) - Number(b.id))) {
      const key = `${l.address}/${l.denom}`;
      const o = owed.get(key) ?? { address: l.address, denom: l.denom, amount: 0n, note: null };
      o.amount += l.amount;
      o.note = l.note ?? o.note;
      owed.set(key, o);
    }
    return [...owed.values()].sort((a, b) => (a.address + a.denom < b.address + b.denom ? -1 : 1));
  }

  async bookChecks(poolId: string) {
    return [...this.byId(poolId).bookChecks.values()]
      .sort((a, b) => (a.denom < b.denom ? -1 : 1))
      .map((c) => structuredClone(c));
  }

  async saveBookChecks(poolId: string, checks: BookCheck[]) {
    const s = this.byId(poolId);
    for (const c of checks) s.bookChecks.set(c.denom, structuredClone(c));
  }

  async allBookChecks() {
    return this.all().flatMap((s) =>
      [...s.bookChecks.values()].map((check) => ({ pool: s.pool.name, check: structuredClone(check) })),
    );
  }

  // ------------------------------------------------------------ test hooks (the chain's side)

  /** The pool's account appears on chain (what the account batch's events set). */
  setAccount(name: string, account: Address, endowment: Planck = 0n): void {
    const s = this.states.get(name)!;
    s.pool.account = account;
    s.endowment = endowment;
    s.endowed = endowment > 0n;
  }

  /** Every payout line of the pool, oldest first, with its status. */
  allLines(name: string): StoredLine[] {
    return structuredClone(this.states.get(name)!.lines);
  }

  /** A payment batch takes the owed lines (status `sending`); returns their ids. */
  send(name: string, ids?: string[]): string[] {
    const taken: string[] = [];
    for (const l of this.states.get(name)!.lines)
      if (l.status === 'owed' && (!ids || ids.includes(l.id))) {
        l.status = 'sending';
        l.note = null;
        taken.push(l.id);
      }
    return taken;
  }

  /** The batch's outcome for these lines: paid, or owed again with the chain's error. */
  settle(name: string, ids: string[], outcome: { ok: true } | { ok: false; error: string }): void {
    for (const l of this.states.get(name)!.lines)
      if (ids.includes(l.id) && l.status === 'sending') {
        if (outcome.ok) l.status = 'paid';
        else Object.assign(l, { status: 'owed', note: `transfer failed: ${outcome.error}` });
      }
  }

  private all(): PoolState[] {
    return [...this.states.values()].sort((a, b) => Number(a.pool.id) - Number(b.pool.id));
  }

  private byId(poolId: string): PoolState {
    const s = [...this.states.values()].find((x) => x.pool.id === poolId);
    if (!s) throw new Error(`no pool ${poolId}`);
    return s;
  }
}

/** Token and role registries for the pools' use-cases: tokens by denom, roles with members. */
export class FakePoolRegistries implements PoolRegistries {
  readonly tokenMap = new Map<string, { kind: 'native' | 'asset'; assetId: number | null; decimals: number }>([
    ['KSM', { kind: 'native', assetId: null, decimals: 12 }],
    ['USDT', { kind: 'asset', assetId: 1984, decimals: 6 }],
  ]);
  readonly roles = new Map<string, Set<Address>>();

  role(name: string, ...members: Address[]): this {
    const set = this.roles.get(name) ?? new Set<Address>();
    for (const m of members) set.add(m);
    this.roles.set(name, set);
    return this;
  }

  async tokens() {
    return new Map(this.tokenMap);
  }
  async roleExists(name: string) {
    return this.roles.has(name);
  }
  async rolesOf(address: Address) {
    return [...this.roles].filter(([, m]) => m.has(address)).map(([r]) => r);
  }
  async membersOf(roles: string[]) {
    return [...new Set(roles.flatMap((r) => [...(this.roles.get(r) ?? [])]))];
  }
}

/** A codec that knows a fixed set of addresses (anything else is not of this network). */
export const fakeCodec = (known: Iterable<string>): AddressCodec => {
  const set = new Set(known);
  return { normalize: (a) => (set.has(a) ? a : null) };
};

/** Addresses the fake codec knows. */
export const TEST_ADDRESSES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'mallory'] as const;

let envelopeSeq = 0;

/** A signed envelope as the fake authorize reads it: the payload, a placeholder signature. */
export function signedBy(address: string, fields: Record<string, unknown>, nonce?: string): SignedEnvelopeInput {
  return {
    payload: {
      ...fields,
      address,
      nonce: nonce ?? `nonce-${String(++envelopeSeq).padStart(16, '0')}`,
      expiresAt: '2030-01-01T00:05:00Z',
    },
    signature: '0x00',
  };
}

/** Trusts the payload's address and nonce (the wallet protocol has its own tests). */
export const fakeAuthorize: Authorize = (action, envelope) => {
  const payload = envelope.payload as Record<string, unknown>;
  const address = String(payload.address);
  const nonce = String(payload.nonce);
  return {
    action,
    address,
    nonce,
    expiresAt: new Date(String(payload.expiresAt)),
    payload,
    nonceUse: { address, nonce, action },
  };
};

export interface PoolHarness {
  deps: PoolDeps;
  pools: InMemoryPoolRepository;
  registries: FakePoolRegistries;
  clock: TestClock;
  /** Unix seconds now. */
  now(): number;
  /** A transfer of `amount` into the pool's account, booked as the indexer books it. */
  deposit(pool: string, denom: string, amount: bigint): Promise<number>;
}

let blockSeq = 0;

/** Pools over the in-memory repository, fake registries (KSM native, USDT asset 1984), a test clock. */
export function poolHarness(start = new Date('2030-01-01T00:00:00Z')): PoolHarness {
  const registries = new FakePoolRegistries();
  const pools = new InMemoryPoolRepository(undefined, registries);
  const clock = new TestClock(start);
  const deps: PoolDeps = {
    authorize: fakeAuthorize,
    pools,
    registries,
    codec: fakeCodec(TEST_ADDRESSES),
    clock,
  };
  return {
    deps,
    pools,
    registries,
    clock,
    now: () => Math.floor(clock.now().getTime() / 1000),
    async deposit(pool, denom, amount) {
      const p = (await pools.byName(pool))!;
      let account = p.account;
      if (!account) pools.setAccount(pool, (account = `account-of-${pool}`), 1n);
      const token = registries.tokenMap.get(denom)!;
      return bookPoolDeposits({ pools, registries, operator: 'operator', clock }, [
        {
          token: token.kind === 'native' ? { kind: 'native' } : { kind: 'asset', assetId: token.assetId! },
          from: 'dave',
          to: account,
          amount,
          blockHash: `0xblock${++blockSeq}`,
          blockNumber: blockSeq,
          eventIndex: 1,
          extrinsicIndex: 1,
        },
      ]);
    },
  };
}
