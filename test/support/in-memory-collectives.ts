/**
 * An in-memory CollectiveRepository that behaves like the PostgreSQL one (the contract suite in
 * collective-repository.contract.ts runs against both): one lock per collective, every change of
 * a unit committed together or not at all, nonces spent in the change, a lock per stash so that
 * two collectives never both take one, rewards booked once per (block hash, event key), sums
 * counted from the rewards and transfers. Plus hooks for the chain's and the batches' side.
 */
import { conflict, notFound } from '../../src/domain/errors.js';
import type { Transaction } from '../../src/domain/governance/proposal.repository.js';
import type {
  CollectiveRepository,
  CollectiveUnit,
  ContributionWrite,
} from '../../src/domain/collectives/collective.repository.js';
import type {
  Breach,
  CollectiveSettings,
  CollectiveStatus,
  CollectiveTokenSums,
  CollectiveTransferStatus,
  CollectiveTransferView,
  Contributor,
  Distribution,
  NewCollectiveTransfer,
  PayeeChange,
  RewardBooking,
  RewardDestination,
  StakingCollective,
} from '../../src/domain/collectives/types.js';
import type { BookCheck } from '../../src/domain/shared/book-check.js';
import type { Page, PageRequest } from '../../src/domain/shared/page.js';
import type { Address, Planck } from '../../src/domain/shared/types.js';
import type { NonceUse } from '../../src/domain/wallet/authorize.js';
import { InMemoryNonces } from './in-memory-governance.js';

interface StoredReward extends RewardBooking {
  id: string;
}

/** A transfer as stored, with what the batches' side sets (the endowment has kind endow). */
export interface StoredCollectiveTransfer extends Omit<CollectiveTransferView, 'kind'> {
  kind: CollectiveTransferView['kind'] | 'endow';
  /** The token on chain, fixed when the transfer is stored (null: native). */
  assetId: number | null;
}

/** Everything one collective holds; a unit works on a copy that replaces it when the change commits. */
interface CollectiveState {
  collective: StakingCollective;
  contributors: Contributor[];
  breaches: Breach[];
  payeeChanges: PayeeChange[];
  rewards: StoredReward[];
  transfers: StoredCollectiveTransfer[];
  distributions: Distribution[];
  bookChecks: Map<string, BookCheck>;
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

/**
 * Locks on stashes held until the change that took them ends, like
 * `pg_advisory_xact_lock`: a second change of the same stash waits, then sees what the first
 * committed.
 */
class StashLocks {
  private readonly held = new Map<Address, { owner: object; released: Promise<void> }>();

  async take(stash: Address, owner: object, release: (() => void)[]): Promise<void> {
    for (;;) {
      const current = this.held.get(stash);
      if (!current) break;
      if (current.owner === owner) return;
      await current.released;
    }
    let done!: () => void;
    const released = new Promise<void>((resolve) => (done = resolve));
    this.held.set(stash, { owner, released });
    release.push(() => {
      this.held.delete(stash);
      done();
    });
  }
}

const rewardKey = (r: { block: { hash: string }; eventKey: string }) => `${r.block.hash}\u0000${r.eventKey}`;

const copy = <T>(v: T): T => structuredClone(v);

function emptySums(): CollectiveTokenSums {
  return { received: 0n, returned: 0n, donations: 0n, forPools: 0n, toPools: 0n, donationsSent: 0n, paidOut: 0n };
}

function sumsOf(state: CollectiveState): Map<string, CollectiveTokenSums> {
  const sums = new Map<string, CollectiveTokenSums>();
  const of = (denom: string) => {
    let s = sums.get(denom);
    if (!s) sums.set(denom, (s = emptySums()));
    return s;
  };
  for (const r of state.rewards) {
    const s = of(r.denom);
    s.received += r.amount;
    s.returned += r.returned;
    s.donations += r.donation;
    s.forPools += r.forPools;
  }
  for (const t of state.transfers) {
    const s = of(t.denom);
    if (t.kind === 'pool' && t.status !== 'failed') s.toPools += t.amount;
    if (t.kind === 'donation' && t.status !== 'failed') s.donationsSent += t.amount;
    if (t.kind !== 'endow' && t.status === 'paid') s.paidOut += t.amount;
  }
  return sums;
}

/** Newest first, `after` the id of the last row of the previous page. */
function newestFirst<R extends { id: string }, T>(rows: R[], page: PageRequest, view: (r: R) => T): Page<T> {
  const before = page.after === null ? Infinity : Number(page.after);
  const kept = rows
    .filter((r) => Number(r.id) < before)
    .sort((a, b) => Number(b.id) - Number(a.id))
    .slice(0, page.limit + 1);
  const items = kept.slice(0, page.limit);
  return { items: items.map(view), next: kept.length > page.limit ? items[items.length - 1]!.id : null };
}

const byId = (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id);

class InMemoryCollectiveUnit implements CollectiveUnit {
  readonly collective: StakingCollective;
  /** Undone when the change rolls back. */
  readonly undo: (() => void)[] = [];
  /** Run when the change ends, committed or not (the stash locks). */
  readonly release: (() => void)[] = [];
  /** Reward keys this change books (made visible to others on commit). */
  readonly bookedKeys = new Set<string>();

  constructor(
    readonly state: CollectiveState,
    private readonly repo: InMemoryCollectiveRepository,
  ) {
    this.collective = copy(state.collective);
  }

  async spendNonce(use: NonceUse) {
    this.undo.push(this.repo.nonces.spend(use));
  }

  async contributors() {
    return [...this.state.contributors].sort(byId).map(copy);
  }

  async saveContribution(write: ContributionWrite) {
    await this.repo.takeStash(write.address, this.state.collective.name, this, this.release);
    this.repo.writeContribution(this.state, write);
  }

  async setTerms(address: Address, terms: { locking: number; donation: string; donationLock: boolean }) {
    const c = this.state.contributors.find((x) => x.address === address);
    if (!c) throw new Error(`no contributor ${address}`); // Prisma's update throws too
    Object.assign(c, { locking: terms.locking, donation: terms.donation, donationLock: terms.donationLock });
  }

  async endContribution(address: Address, status: 'released' | 'breached', reason: string, at: Date) {
    const c = this.state.contributors.find((x) => x.address === address && x.status === 'counting');
    if (!c) return;
    Object.assign(c, { status, endedReason: reason, endedAt: new Date(at), bonds: [] });
  }

  async addBreach(breach: Breach) {
    this.state.breaches.push(copy(breach));
  }

  async queuePayeeChange(change: {
    stash: Address;
    kind: 'set' | 'restore';
    payee: RewardDestination | null;
    at: Date;
  }) {
    this.state.payeeChanges.push({
      id: this.repo.nextId(),
      collective: this.state.collective.name,
      stash: change.stash,
      kind: change.kind,
      payee: copy(change.payee),
      status: 'pending',
      error: null,
    });
  }

  async sums() {
    return sumsOf(this.state);
  }

  async bookReward(reward: RewardBooking) {
    const key = rewardKey(reward);
    if (this.repo.bookedRewards.has(key) || this.bookedKeys.has(key)) return false;
    this.bookedKeys.add(key);
    this.state.rewards.push({ ...copy(reward), id: this.repo.nextId() });
    return true;
  }

  async addTransfers(transfers: NewCollectiveTransfer[], at: Date) {
    const assetIds = transfers.map((t) => this.repo.assetIdOf(t.denom));
    transfers.forEach((t, i) =>
      this.state.transfers.push({
        ...copy(t),
        assetId: assetIds[i]!,
        id: this.repo.nextId(),
        status: 'owed',
        error: null,
        createdAt: new Date(at),
      }),
    );
  }

  async recordDistribution(distribution: Omit<Distribution, 'id'>) {
    const id = this.repo.nextId();
    this.state.distributions.push({ ...copy(distribution), id });
    this.state.collective.lastDistro = distribution.at;
    return id;
  }

  async updateSettings(settings: CollectiveSettings) {
    this.state.collective = { ...this.state.collective, ...copy(settings) };
  }

  async setPaused(paused: boolean) {
    this.state.collective.paused = paused;
  }

  async setStatus(status: CollectiveStatus, reachedMinimumAt: Date | null) {
    this.state.collective.status = status;
    if (this.state.collective.reachedMinimumAt === null && reachedMinimumAt !== null)
      this.state.collective.reachedMinimumAt = new Date(reachedMinimumAt);
  }

  async markRemoved(reason: string, at: Date) {
    Object.assign(this.state.collective, { status: 'removed', removedAt: new Date(at), removedReason: reason });
  }
}

export class InMemoryCollectiveRepository implements CollectiveRepository {
  private readonly states = new Map<string, CollectiveState>();
  private readonly locks = new Mutex();
  private readonly stashLocks = new StashLocks();
  private lastId = 0;
  readonly bookedRewards = new Set<string>();

  /**
   * `tokens`: the registry's denoms with their asset id (null: native), where transfers look their
   * token up as the PostgreSQL repository does (a denom it does not list: the native token
   * delisted meanwhile); without it any denom is native.
   */
  constructor(
    readonly nonces = new InMemoryNonces(),
    private readonly tokens?: ReadonlyMap<string, number | null>,
  ) {}

  /** The token on chain of a transfer in `denom`. */
  assetIdOf(denom: string): number | null {
    if (!this.tokens) return null;
    return this.tokens.get(denom) ?? null;
  }

  /** Row ids, one sequence for every table (PostgreSQL's have one each: only their order matters). */
  nextId(): string {
    return String(++this.lastId);
  }

  /** Takes the stash's lock for `owner`'s change, then refuses it when it counts in another collective. */
  async takeStash(stash: Address, collective: string, owner: object, release: (() => void)[]): Promise<void> {
    await this.stashLocks.take(stash, owner, release);
    for (const s of this.states.values())
      if (
        s.collective.name !== collective &&
        s.contributors.some((c) => c.address === stash && c.status === 'counting')
      )
        throw conflict('STASH_COMMITTED', `${stash} is committed to the collective ${s.collective.name}`, {
          stash,
          collective: s.collective.name,
        });
  }

  /** The upsert of saveContribution on a collective's state. */
  writeContribution(state: CollectiveState, write: ContributionWrite): void {
    const bonds = write.bonds.map((b) => ({ ...b })).sort((a, b) => (a.denom < b.denom ? -1 : 1));
    const row = state.contributors.find((c) => c.address === write.address);
    if (!row) {
      state.contributors.push({
        id: this.nextId(),
        address: write.address,
        locking: 0,
        donation: '0',
        donationLock: false,
        status: 'counting',
        endedReason: null,
        endedAt: null,
        joinedAt: new Date(write.at),
        previousPayee: copy(write.previousPayee),
        bonds,
      });
      return;
    }
    if (row.status !== 'counting') row.joinedAt = new Date(write.at);
    Object.assign(row, { status: 'counting', endedReason: null, endedAt: null, bonds });
    if (write.previousPayee !== null) row.previousPayee = copy(write.previousPayee);
  }

  async create(
    input: {
      name: string;
      creator: Address;
      settings: CollectiveSettings;
      bondingDeadline: number;
      contribution: ContributionWrite;
      at: Date;
    },
    nonce: NonceUse,
  ) {
    const giveBack = this.nonces.spend(nonce);
    const owner = {};
    const release: (() => void)[] = [];
    try {
      if (this.states.has(input.name)) throw conflict('NAME_TAKEN', `the name ${input.name} is taken`);
      await this.takeStash(input.contribution.address, input.name, owner, release);
      // Checked again: another create of the name may have committed while this one waited.
      if (this.states.has(input.name)) throw conflict('NAME_TAKEN', `the name ${input.name} is taken`);
      const id = this.nextId();
      const collective: StakingCollective = {
        ...copy(input.settings),
        id,
        name: input.name,
        creator: input.creator,
        paused: false,
        status: 'inactive',
        bondingDeadline: input.bondingDeadline,
        reachedMinimumAt: null,
        lastDistro: null,
        removedAt: null,
        removedReason: null,
        account: null,
        accountIndex: Number(id) % 65_536,
        accountError: null,
        endowment: 0n,
        endowed: false,
        createdAt: new Date(input.at),
      };
      const state: CollectiveState = {
        collective,
        contributors: [],
        breaches: [],
        payeeChanges: [],
        rewards: [],
        transfers: [],
        distributions: [],
        bookChecks: new Map(),
      };
      this.writeContribution(state, input.contribution);
      state.payeeChanges.push({
        id: this.nextId(),
        collective: input.name,
        stash: input.creator,
        kind: 'set',
        payee: null,
        status: 'pending',
        error: null,
      });
      this.states.set(input.name, state);
      return copy(collective);
    } catch (e) {
      giveBack();
      throw e;
    } finally {
      for (const r of release) r();
    }
  }

  async byName(name: string) {
    const s = this.states.get(name);
    return s ? copy(s.collective) : null;
  }

  async namesByAccount(accounts: Address[]) {
    const wanted = new Set(accounts);
    return new Map(
      this.all()
        .filter((s) => s.collective.account !== null && wanted.has(s.collective.account))
        .map((s) => [s.collective.account!, s.collective.name] as const),
    );
  }

  async names(page: PageRequest): Promise<Page<string>> {
    const rows = this.all()
      .map((s) => s.collective.name)
      .filter((n) => page.after === null || n > page.after)
      .sort((a, b) => (a < b ? -1 : 1))
      .slice(0, page.limit + 1);
    const items = rows.slice(0, page.limit);
    return { items, next: rows.length > page.limit ? items[items.length - 1]! : null };
  }

  async namesOf(address: Address, roles: string[]) {
    return this.all()
      .filter(
        ({ collective: c, contributors }) =>
          c.creator === address ||
          c.ownersWhitelist.accounts.includes(address) ||
          c.ownersWhitelist.roles.some((r) => roles.includes(r)) ||
          c.depositWhitelist.accounts.includes(address) ||
          c.depositWhitelist.roles.some((r) => roles.includes(r)) ||
          contributors.some((x) => x.address === address),
      )
      .map((s) => s.collective.name);
  }

  async countingCollectiveOf(stash: Address) {
    return (await this.countingOf([stash])).get(stash) ?? null;
  }

  async countingOf(stashes: Address[]) {
    const wanted = new Set(stashes);
    const out = new Map<Address, string>();
    for (const s of this.all())
      for (const c of s.contributors)
        if (c.status === 'counting' && wanted.has(c.address)) out.set(c.address, s.collective.name);
    return out;
  }

  async liveNames() {
    return this.all()
      .filter((s) => s.collective.status !== 'removed')
      .map((s) => s.collective.name);
  }

  withCollective<T>(name: string, work: (unit: CollectiveUnit) => Promise<T>): Promise<T> {
    return this.locks.with(name, async () => {
      const state = this.states.get(name);
      if (!state) throw notFound('COLLECTIVE_NOT_FOUND', `no staking collective named ${name}`);
      // The unit works on a copy: a change that throws leaves the collective as it was.
      const unit = new InMemoryCollectiveUnit(copy(state), this);
      try {
        const result = await work(unit);
        this.states.set(name, unit.state);
        for (const key of unit.bookedKeys) this.bookedRewards.add(key);
        return result;
      } catch (e) {
        for (const undo of unit.undo.reverse()) undo();
        throw e;
      } finally {
        for (const r of unit.release) r();
      }
    });
  }

  /** The enactment's transaction is not joined: the change commits when `work` returns. */
  withCollectiveIn<T>(_tx: Transaction, name: string, work: (unit: CollectiveUnit) => Promise<T>): Promise<T> {
    return this.withCollective(name, work);
  }

  async contributors(collectiveId: string) {
    return [...this.byId(collectiveId).contributors].sort(byId).map(copy);
  }

  async breaches(collectiveId: string) {
    return this.byId(collectiveId).breaches.map(copy);
  }

  async sums(collectiveId: string) {
    return sumsOf(this.byId(collectiveId));
  }

  async distributions(collectiveId: string, page: PageRequest) {
    return newestFirst(this.byId(collectiveId).distributions, page, copy);
  }

  async transfers(collectiveId: string, page: PageRequest): Promise<Page<CollectiveTransferView>> {
    // The operator's endowment is not a transfer out of the account.
    const rows = this.byId(collectiveId).transfers.filter((t) => t.kind !== 'endow');
    return newestFirst(rows, page, ({ assetId: _, ...view }) => copy(view) as CollectiveTransferView);
  }

  async rewards(collectiveId: string, page: PageRequest): Promise<Page<RewardBooking>> {
    return newestFirst(this.byId(collectiveId).rewards, page, ({ id: _, ...r }) => copy(r));
  }

  async accounts() {
    return this.all().map((s) => ({
      id: s.collective.id,
      name: s.collective.name,
      account: s.collective.account,
      endowment: s.collective.endowed ? s.collective.endowment : 0n,
    }));
  }

  async bookChecks(collectiveId: string) {
    return [...this.byId(collectiveId).bookChecks.values()].sort((a, b) => (a.denom < b.denom ? -1 : 1)).map(copy);
  }

  async saveBookChecks(collectiveId: string, checks: BookCheck[]) {
    const s = this.byId(collectiveId);
    for (const c of checks) s.bookChecks.set(c.denom, copy(c));
  }

  async allBookChecks() {
    return this.all().flatMap((s) =>
      [...s.bookChecks.values()].map((check) => ({ collective: s.collective.name, check: copy(check) })),
    );
  }

  // ------------------------------------------------------------ test hooks (the chain's and the batches' side)

  /** The collective's account appears on chain, endowed with `endowment` (what the account batch sets). */
  setAccount(name: string, account: Address, endowment: Planck = 0n): void {
    const c = this.state(name).collective;
    Object.assign(c, { account, endowment, endowed: endowment > 0n, accountError: null });
  }

  /** Every transfer of the collective, oldest first, with its status. */
  allTransfers(name: string): StoredCollectiveTransfer[] {
    return copy(this.state(name).transfers);
  }

  /** A batch's outcome for these transfers (all when `ids` is absent): the status and error given. */
  setTransferStatus(name: string, status: CollectiveTransferStatus, ids?: string[], error: string | null = null): void {
    for (const t of this.state(name).transfers) if (!ids || ids.includes(t.id)) Object.assign(t, { status, error });
  }

  /** The operator's endowment of the account as the batches store it (kind endow, paid by default). */
  addEndowTransfer(
    name: string,
    denom: string,
    amount: Planck,
    status: CollectiveTransferStatus = 'paid',
    at = new Date(0),
  ): void {
    this.state(name).transfers.push({
      id: this.nextId(),
      kind: 'endow',
      address: this.state(name).collective.account ?? 'operator',
      poolName: null,
      denom,
      amount,
      assetId: null,
      distributionId: null,
      proposalId: null,
      status,
      error: null,
      createdAt: new Date(at),
    });
  }

  /** Every payee change queued, of one collective or of all, oldest first. */
  payeeChanges(name?: string): PayeeChange[] {
    const states = name === undefined ? this.all() : [this.state(name)];
    return copy(states.flatMap((s) => s.payeeChanges).sort(byId));
  }

  /** A payee batch's outcome for these changes (all when `ids` is absent). */
  setPayeeChangeStatus(status: PayeeChange['status'], ids?: string[], error: string | null = null): void {
    for (const s of this.states.values())
      for (const p of s.payeeChanges) if (!ids || ids.includes(p.id)) Object.assign(p, { status, error });
  }

  private state(name: string): CollectiveState {
    const s = this.states.get(name);
    if (!s) throw new Error(`no collective ${name}`);
    return s;
  }

  private all(): CollectiveState[] {
    return [...this.states.values()].sort((a, b) => Number(a.collective.id) - Number(b.collective.id));
  }

  private byId(collectiveId: string): CollectiveState {
    const s = [...this.states.values()].find((x) => x.collective.id === collectiveId);
    if (!s) throw new Error(`no collective ${collectiveId}`);
    return s;
  }
}
