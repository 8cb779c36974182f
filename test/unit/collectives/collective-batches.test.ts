/**
 * runCollectiveBatches with small fakes of its ports: the order of a run (accounts, endowments,
 * transfers, then reward destinations), the user's choice winning before every signature, a stored
 * signature resumed (and only watched when some change in it may no longer go out), transfers kept
 * owed when they cannot be paid, outcomes per item.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type {
  CollectiveAccountItem,
  CollectiveAccountStore,
  CollectivePayeeStore,
  CollectiveTransferItem,
  CollectiveTransferStore,
  OwedTransferGroup,
  PayeeCall,
  PayeeItem,
  PayeeWriter,
  PendingPayeeChange,
} from '../../../src/domain/collectives/collective-batches.js';
import {
  payeeSkipReason,
  runCollectiveBatches,
  type CollectiveBatchDeps,
} from '../../../src/domain/collectives/collective-batches.use-case.js';
import type { StakeView } from '../../../src/domain/collectives/collective-chain.js';
import type { PayeeChange, RewardDestination } from '../../../src/domain/collectives/types.js';
import type { PoolTransferItem, PoolTransferWriter } from '../../../src/domain/pools/pool-chain.js';
import type { ItemOutcome, SignedExtrinsic, TrackResult } from '../../../src/domain/ports/extrinsics.js';
import type { BatchStore, ItemResult, OpenBatch } from '../../../src/domain/shared/batch-pipeline.js';
import type { PureProxyWriter } from '../../../src/domain/shared/operator-accounts.js';

const ED = 10n;
const block = (n: number) => ({ hash: `0xblock${n}`, number: n });

// ------------------------------------------------------------------ the operator's signer, shared by every writer

type Signed =
  | { kind: 'accounts'; indices: number[] }
  | { kind: 'transfers'; items: PoolTransferItem[] }
  | { kind: 'payees'; calls: PayeeCall[] };

class FakeOperator {
  address: string | null = 'operator';
  signed: Signed[] = [];
  tracked: { hash: string; submit: boolean }[] = [];
  /** Throws on the next tracking: a crash after the signature was stored. */
  crashOnTrack = false;
  /** A stored signature watched without submitting it never lands (it was never out). */
  private bySignature = new Map<string, Signed>();
  transferOutcome: (item: PoolTransferItem) => ItemOutcome = () => ({ ok: true });
  payeeOutcome: (call: PayeeCall) => ItemOutcome = () => ({ ok: true });

  private sign(what: Signed): SignedExtrinsic {
    this.signed.push(what);
    const hash = `0xsig${this.signed.length}`;
    this.bySignature.set(hash, what);
    return { hash, hex: '0x00', nonce: this.signed.length, signedAt: block(1), mortalPeriod: 64 };
  }

  private base = {
    operatorAddress: () => this.address,
    discard: () => undefined,
    sendAndTrack: async (
      signed: SignedExtrinsic,
      count: number,
      options: { submit?: boolean } = {},
    ): Promise<TrackResult> => {
      this.tracked.push({ hash: signed.hash, submit: options.submit ?? true });
      if (this.crashOnTrack) {
        this.crashOnTrack = false;
        throw new Error('crashed after signing');
      }
      if (options.submit === false) return { kind: 'expired' };
      const what = this.bySignature.get(signed.hash)!;
      const outcomes =
        what.kind === 'accounts'
          ? what.indices.map(() => ({ ok: true }) as const)
          : what.kind === 'transfers'
            ? what.items.map((i) => this.transferOutcome(i))
            : what.calls.map((c) => this.payeeOutcome(c));
      expect(outcomes).toHaveLength(count);
      return { kind: 'included', block: block(9), extrinsicIndex: 2, outcomes, fee: 1n, extrinsicError: null };
    },
  };

  accountWriter: PureProxyWriter = {
    ...this.base,
    signCreatePureBatch: async (indices) => this.sign({ kind: 'accounts', indices }),
    pureAccountsCreated: async () =>
      new Map(
        this.signed.flatMap((s) => (s.kind === 'accounts' ? s.indices.map((i) => [i, `pure-${i}`] as const) : [])),
      ),
  };

  transferWriter: PoolTransferWriter = {
    ...this.base,
    packPoolTransfers: async (items) => [items],
    signPoolTransferBatch: async (items) => this.sign({ kind: 'transfers', items }),
  };

  payeeWriter: PayeeWriter = {
    ...this.base,
    packPayeeCalls: async (calls) => [calls],
    signPayeeBatch: async (calls) => this.sign({ kind: 'payees', calls }),
  };

  ofKind<K extends Signed['kind']>(kind: K): Extract<Signed, { kind: K }>[] {
    return this.signed.filter((s): s is Extract<Signed, { kind: K }> => s.kind === kind);
  }
}

// ------------------------------------------------------------------ the stores

/** The batches' side every store shares: stored, signed, included once. */
class FakeBatches<Item> implements BatchStore<Item> {
  batches = new Map<
    string,
    { status: 'planned' | 'signed' | 'included'; items: Item[]; signed: SignedExtrinsic | null; note?: string }
  >();
  private next = 1;

  protected store(items: Item[]): OpenBatch<Item> {
    const id = `${this.next++}`;
    this.batches.set(id, { status: 'planned', items, signed: null });
    return { id, status: 'planned', items };
  }

  async openBatches(): Promise<OpenBatch<Item>[]> {
    return [...this.batches]
      .filter(([, b]) => b.status !== 'included')
      .map(([id, b]) => ({ id, status: b.status as 'planned' | 'signed', items: b.items }));
  }

  async signedExtrinsic(id: string) {
    return this.batches.get(id)!.signed;
  }

  async markSigned(id: string, signed: SignedExtrinsic, items: Item[]) {
    Object.assign(this.batches.get(id)!, { status: 'signed', signed, items });
    this.signedItems(items);
  }

  async closeEmpty(id: string, reason: string) {
    Object.assign(this.batches.get(id)!, { status: 'included', note: reason });
  }

  async recordOutcome(id: string, _included: unknown, results: ItemResult<Item>[]) {
    const b = this.batches.get(id)!;
    if (b.status === 'included') return;
    b.status = 'included';
    this.outcomes(results);
  }

  protected signedItems(_items: Item[]): void {}
  protected outcomes(_results: ItemResult<Item>[]): void {}
}

interface Collective {
  id: string;
  name: string;
  accountIndex: number;
  account: string | null;
  accountBatch: string | null;
  endowed: boolean;
}

class World {
  collectives: Collective[] = [];
  changes: (Omit<PayeeChange, 'collective'> & { collectiveId: string })[] = [];
  transfers: {
    id: string;
    collectiveId: string;
    kind: string;
    address: string;
    denom: string;
    /** The token on chain, fixed when owed (null: native). */
    assetId: number | null;
    amount: bigint;
    status: string;
    error: string | null;
    retryOf: string | null;
  }[] = [];
  private ids = 1;

  collective(name: string, account: string | null = null, endowed = account !== null): Collective {
    const c = {
      id: `c${this.ids++}`,
      name,
      accountIndex: this.collectives.length,
      account,
      accountBatch: null,
      endowed,
    };
    this.collectives.push(c);
    return c;
  }

  byId = (id: string) => this.collectives.find((c) => c.id === id)!;
  byName = (name: string) => this.collectives.find((c) => c.name === name)!;

  queue(collective: string, stash: string, kind: 'set' | 'restore', payee: RewardDestination | null = null) {
    this.changes.push({
      id: `p${this.ids++}`,
      collectiveId: this.byName(collective).id,
      stash,
      kind,
      payee,
      status: 'pending',
      error: null,
    });
  }

  owe(
    collective: string,
    address: string,
    amount: bigint,
    denom = 'KSM',
    kind = 'return',
    assetId: number | null = null,
  ) {
    const id = `t${this.ids++}`;
    this.transfers.push({
      id,
      collectiveId: this.byName(collective).id,
      kind,
      address,
      denom,
      assetId,
      amount,
      status: 'owed',
      error: null,
      retryOf: null,
    });
    return id;
  }

  change = (stash: string) => this.changes.filter((c) => c.stash === stash).map((c) => [c.kind, c.status, c.error]);
}

class FakeAccountStore extends FakeBatches<CollectiveAccountItem> implements CollectiveAccountStore {
  constructor(private w: World) {
    super();
  }
  async withoutAccount(limit: number) {
    return this.w.collectives
      .filter((c) => c.account === null && c.accountBatch === null)
      .slice(0, limit)
      .map((c) => ({ collectiveId: c.id, index: c.accountIndex }));
  }
  async plan(items: CollectiveAccountItem[]) {
    const batch = this.store(items);
    for (const i of items) this.w.byId(i.collectiveId).accountBatch = batch.id;
    return batch;
  }
  async awaitingAccounts() {
    return [...this.batches]
      .filter(([, b]) => b.status === 'included')
      .map(([batchId, b]) => ({
        batchId,
        block: block(9),
        extrinsicIndex: 2,
        items: b.items.filter((i) => this.w.byId(i.collectiveId).account === null),
      }))
      .filter((b) => b.items.length > 0);
  }
  async setAccounts(batchId: string, accounts: Map<number, string>) {
    for (const c of this.w.collectives)
      if (c.accountBatch === batchId && accounts.has(c.accountIndex)) c.account = accounts.get(c.accountIndex)!;
  }
}

class FakePayeeStore extends FakeBatches<PayeeItem> implements CollectivePayeeStore {
  constructor(private w: World) {
    super();
  }
  private row = (id: string) => this.w.changes.find((c) => c.id === id)!;
  async pending(limit: number): Promise<PendingPayeeChange[]> {
    return this.w.changes
      .filter((c) => c.status === 'pending')
      .filter(
        (c) => c.kind === 'restore' || (this.w.byId(c.collectiveId).account && this.w.byId(c.collectiveId).endowed),
      )
      .slice(0, limit)
      .map((c) => ({
        changeId: c.id,
        collective: this.w.byId(c.collectiveId).name,
        collectiveAccount: this.w.byId(c.collectiveId).account,
        stash: c.stash,
        kind: c.kind,
        payee: c.payee,
      }));
  }
  async plan(items: PayeeItem[]) {
    for (const i of items) Object.assign(this.row(i.changeId), { status: 'planned', payee: i.call.payee });
    return this.store(items);
  }
  async skip(skips: { changeId: string; reason: string }[]) {
    for (const s of skips) Object.assign(this.row(s.changeId), { status: 'skipped', error: s.reason });
  }
  protected override signedItems(items: PayeeItem[]) {
    for (const i of items) this.row(i.changeId).status = 'sent';
  }
  protected override outcomes(results: ItemResult<PayeeItem>[]) {
    for (const r of results)
      Object.assign(this.row(r.item.changeId), { status: r.ok ? 'done' : 'failed', error: r.error });
  }
}

class FakeTransferStore extends FakeBatches<CollectiveTransferItem> implements CollectiveTransferStore {
  constructor(private w: World) {
    super();
  }
  private row = (id: string) => this.w.transfers.find((t) => t.id === id)!;
  async owedGroups(limit: number): Promise<OwedTransferGroup[]> {
    const groups = new Map<string, OwedTransferGroup>();
    for (const t of this.w.transfers.filter((r) => r.status === 'owed').slice(0, limit)) {
      const c = this.w.byId(t.collectiveId);
      if (!c.account || !c.endowed) continue;
      const key = `${c.id}/${t.address}/${t.denom}/${t.assetId}`;
      const g: OwedTransferGroup = groups.get(key) ?? {
        collectiveId: c.id,
        collective: c.name,
        account: c.account,
        address: t.address,
        denom: t.denom,
        token: t.assetId === null ? ({ kind: 'native' } as const) : ({ kind: 'asset', assetId: t.assetId } as const),
        amount: 0n,
        transferIds: [],
      };
      g.amount += t.amount;
      g.transferIds.push(t.id);
      groups.set(key, g);
    }
    return [...groups.values()];
  }
  async unendowed() {
    return this.w.collectives
      .filter((c) => c.account && !c.endowed)
      .filter(
        (c) =>
          !this.w.transfers.some(
            (t) => t.collectiveId === c.id && t.kind === 'endow' && ['planned', 'sent'].includes(t.status),
          ),
      )
      .map((c) => ({ collectiveId: c.id, account: c.account! }));
  }
  async plan(items: Parameters<CollectiveTransferStore['plan']>[0]) {
    const kept: CollectiveTransferItem[] = items.map((item) => {
      if (item.kind === 'endow') {
        const id = this.w.owe(
          this.w.byId(item.collectiveId).name,
          item.transfer.to,
          item.transfer.amount,
          item.denom,
          'endow',
        );
        this.row(id).status = 'planned';
        return { transferIds: [id], transfer: item.transfer };
      }
      for (const id of item.group.transferIds) this.row(id).status = 'planned';
      return { transferIds: item.group.transferIds, transfer: item.transfer };
    });
    return this.store(kept);
  }
  async noteOwed(group: OwedTransferGroup, note: string) {
    for (const id of group.transferIds) this.row(id).error = note;
  }
  protected override signedItems(items: CollectiveTransferItem[]) {
    for (const id of items.flatMap((i) => i.transferIds)) this.row(id).status = 'sent';
  }
  protected override outcomes(results: ItemResult<CollectiveTransferItem>[]) {
    for (const r of results)
      for (const id of r.item.transferIds) {
        const t = Object.assign(this.row(id), { status: r.ok ? 'paid' : 'failed', error: r.error });
        if (t.kind === 'endow' && r.ok) this.w.byId(t.collectiveId).endowed = true;
      }
  }
}

// ------------------------------------------------------------------ the harness

let w: World;
let op: FakeOperator;
let views: Map<string, StakeView>;
let statuses: Map<string, string>;
let counting: Map<string, string>;
let holders: Set<string>;
let stakeReads: number;
let payees: FakePayeeStore;
let transfers: FakeTransferStore;
let accounts: FakeAccountStore;

/** A stash that is an active delegation, bonded, proxied to the operator, its payee as given. */
function stash(address: string, payee: RewardDestination = { kind: 'Staked' }, countsIn: string | null = null) {
  views.set(address, { stash: address, active: 100n, payee, operatorProxy: true });
  statuses.set(address, 'active');
  if (countsIn) counting.set(address, countsIn);
}

function deps(): CollectiveBatchDeps {
  return {
    accounts,
    payees,
    transfers,
    accountWriter: op.accountWriter,
    transferWriter: op.transferWriter,
    payeeWriter: op.payeeWriter,
    chain: {
      existentialDeposit: async () => ({ at: block(9), value: ED }),
      asset: async () => ({ at: block(9), value: null }),
      assetMinBalance: async () => ({ at: block(9), value: 1n }),
      holdsAnything: async (address, token) => ({ at: block(9), value: holders.has(`${address}:${token.kind}`) }),
    },
    stakes: {
      stakes: async (list, operator) => {
        stakeReads++;
        expect(operator).toBe('operator');
        return {
          at: block(9),
          value: new Map(list.flatMap((s) => (views.has(s) ? [[s, views.get(s)!] as const] : []))),
        };
      },
    },
    registries: { nativeDenom: async () => 'KSM' },
    delegations: {
      statusesOf: async (list) =>
        new Map(list.flatMap((s) => (statuses.has(s) ? [[s, statuses.get(s)! as never] as const] : []))),
    },
    collectives: {
      countingOf: async (list) =>
        new Map(list.flatMap((s) => (counting.has(s) ? [[s, counting.get(s)!] as const] : []))),
    },
    lock: { hold: (account, work) => work({ account, token: 1n }) },
  };
}

beforeEach(() => {
  w = new World();
  op = new FakeOperator();
  views = new Map();
  statuses = new Map();
  counting = new Map();
  holders = new Set();
  stakeReads = 0;
  payees = new FakePayeeStore(w);
  transfers = new FakeTransferStore(w);
  accounts = new FakeAccountStore(w);
});

const account = (address: string): RewardDestination => ({ kind: 'Account', account: address });

describe('runCollectiveBatches', () => {
  it('does nothing without an operator key (read-only mode)', async () => {
    w.collective('garden');
    op.address = null;
    const report = await runCollectiveBatches(deps());
    expect(Object.values(report).every((n) => n === 0)).toBe(true);
    expect(op.signed).toEqual([]);
  });

  it("creates an account, endows it, then sets the waiting stash's payee to it, all in one run", async () => {
    const c = w.collective('garden');
    stash('alice', { kind: 'Staked' }, 'garden');
    w.queue('garden', 'alice', 'set');

    const report = await runCollectiveBatches(deps());
    expect(report).toMatchObject({ accountsCreated: 1, transferBatches: 1, paid: 1, payeeBatches: 1, payeesDone: 1 });
    const pure = `pure-${c.accountIndex}`;
    expect(op.signed).toEqual([
      { kind: 'accounts', indices: [c.accountIndex] },
      { kind: 'transfers', items: [{ kind: 'endow', to: pure, amount: ED }] },
      { kind: 'payees', calls: [{ stash: 'alice', payee: account(pure) }] },
    ]);
    expect(w.transfers).toMatchObject([{ kind: 'endow', denom: 'KSM', status: 'paid' }]);
    expect(w.change('alice')).toEqual([['set', 'done', null]]);

    // Nothing is signed again.
    await runCollectiveBatches(deps());
    expect(op.signed).toHaveLength(3);
  });

  it('keeps a set waiting while its account is not endowed; a restore goes out meanwhile', async () => {
    w.collective('garden');
    w.collective('orchard', 'pure-o');
    stash('alice', { kind: 'Staked' }, 'garden');
    stash('bob', account('pure-o'));
    w.queue('garden', 'alice', 'set');
    w.queue('orchard', 'bob', 'restore', { kind: 'Stash' });
    op.transferOutcome = () => ({ ok: false, error: 'balances.InsufficientBalance' }); // the endowment fails

    const report = await runCollectiveBatches(deps());
    expect(report).toMatchObject({ accountsCreated: 1, failed: 1, payeesDone: 1 });
    expect(op.ofKind('payees')).toEqual([{ kind: 'payees', calls: [{ stash: 'bob', payee: { kind: 'Stash' } }] }]);
    expect(w.change('alice')).toEqual([['set', 'pending', null]]);
  });

  describe('reward destinations: the user choice wins', () => {
    it('skips, with the reason, every change that may no longer go out, and sends the rest', async () => {
      w.collective('garden', 'pure-g');
      stash('ok-set', { kind: 'Staked' }, 'garden');
      stash('left', { kind: 'Staked' }, 'garden');
      statuses.set('left', 'opted_out');
      stash('unproxied', { kind: 'Staked' }, 'garden');
      views.get('unproxied')!.operatorProxy = false;
      stash('unbonded', { kind: 'Staked' }, 'garden');
      views.get('unbonded')!.active = null;
      stash('released'); // counts nowhere any more
      stash('elsewhere', { kind: 'Staked' }, 'orchard');
      stash('ok-restore', account('pure-g'));
      stash('chose-another', account('their-own'));
      for (const s of ['ok-set', 'left', 'unproxied', 'unbonded', 'released', 'elsewhere']) w.queue('garden', s, 'set');
      w.queue('garden', 'ok-restore', 'restore', { kind: 'Staked' });
      w.queue('garden', 'chose-another', 'restore', { kind: 'Staked' });

      const report = await runCollectiveBatches(deps());
      expect(report).toMatchObject({ payeeBatches: 1, payeesDone: 2, payeesSkipped: 6 });
      expect(op.ofKind('payees')[0]!.calls).toEqual([
        { stash: 'ok-set', payee: account('pure-g') },
        { stash: 'ok-restore', payee: { kind: 'Staked' } },
      ]);
      const status = Object.fromEntries(w.changes.map((c) => [c.stash, [c.status, c.error]]));
      expect(status).toEqual({
        'ok-set': ['done', null],
        left: ['skipped', expect.stringMatching(/delegation is opted_out, not active/)],
        unproxied: ['skipped', expect.stringMatching(/no longer holds the stash's Staking proxy/)],
        unbonded: ['skipped', 'the stash is no longer bonded'],
        released: ['skipped', "the stash's contribution to garden no longer counts"],
        elsewhere: ['skipped', "the stash's contribution to garden no longer counts"],
        'ok-restore': ['done', null],
        'chose-another': [
          'skipped',
          expect.stringMatching(/no longer the collective's account \(the user chose another\)/),
        ],
      });
    });

    it('takes the items of one batch in order: a restore after a set of the same stash is checked against that set', async () => {
      // Alice left orchard (whose account still gets her rewards on chain) and joined garden.
      w.collective('garden', 'pure-g');
      w.collective('orchard', 'pure-o');
      stash('alice', account('pure-o'), 'garden');
      w.queue('garden', 'alice', 'set');
      w.queue('orchard', 'alice', 'restore', { kind: 'Staked' });
      expect(await runCollectiveBatches(deps())).toMatchObject({ payeesSkipped: 1 });
      // Once the set ran, her destination is garden's: orchard's restore would undo it, so it stays home.
      expect(op.ofKind('payees')[0]!.calls).toEqual([{ stash: 'alice', payee: account('pure-g') }]);
    });

    it('closes a batch whose every change was skipped, signing nothing', async () => {
      w.collective('garden', 'pure-g');
      stash('alice', { kind: 'Staked' }, 'garden');
      statuses.set('alice', 'revoked');
      w.queue('garden', 'alice', 'set');
      const report = await runCollectiveBatches(deps());
      expect(report).toMatchObject({ payeeBatches: 0, payeesSkipped: 1 });
      expect(op.signed).toEqual([]);
      expect([...payees.batches.values()]).toMatchObject([
        { status: 'included', note: 'every change was skipped before signing' },
      ]);
    });

    it("records the chain's error of a change that failed", async () => {
      w.collective('garden', 'pure-g');
      stash('alice', { kind: 'Staked' }, 'garden');
      w.queue('garden', 'alice', 'set');
      op.payeeOutcome = () => ({ ok: false, error: 'proxy.NotProxy' });
      expect(await runCollectiveBatches(deps())).toMatchObject({ payeesFailed: 1 });
      expect(w.change('alice')).toEqual([['set', 'failed', 'proxy.NotProxy']]);
    });

    it('resumes a stored signature after a crash: re-sent while all may go, only watched once one may not', async () => {
      w.collective('garden', 'pure-g');
      stash('alice', { kind: 'Staked' }, 'garden');
      stash('bob', { kind: 'Staked' }, 'garden');
      w.queue('garden', 'alice', 'set');
      w.queue('garden', 'bob', 'set');
      op.crashOnTrack = true;
      await expect(runCollectiveBatches(deps())).rejects.toThrow('crashed after signing');
      expect(w.changes.map((c) => c.status)).toEqual(['sent', 'sent']);

      // Bob removes the proxy meanwhile: the stored signature is watched, never submitted again;
      // it expires unseen, and the batch is signed anew without bob.
      views.get('bob')!.operatorProxy = false;
      const report = await runCollectiveBatches(deps());
      expect(op.tracked.map((t) => t.submit)).toEqual([true, false, true]);
      expect(op.tracked[1]!.hash).toBe(op.tracked[0]!.hash);
      expect(op.ofKind('payees').map((s) => s.calls.map((c) => c.stash))).toEqual([['alice', 'bob'], ['alice']]);
      expect(report).toMatchObject({ payeesDone: 1, payeesSkipped: 1 });
      expect(w.change('bob')).toEqual([['set', 'skipped', expect.stringMatching(/Staking proxy/)]]);
    });

    it('re-sends a stored signature as it is while every change in it may still go out', async () => {
      w.collective('garden', 'pure-g');
      stash('alice', { kind: 'Staked' }, 'garden');
      w.queue('garden', 'alice', 'set');
      op.crashOnTrack = true;
      await expect(runCollectiveBatches(deps())).rejects.toThrow('crashed after signing');
      await runCollectiveBatches(deps());
      expect(op.tracked).toEqual([op.tracked[0], { hash: op.tracked[0]!.hash, submit: true }]);
      expect(op.ofKind('payees')).toHaveLength(1);
      expect(w.change('alice')).toEqual([['set', 'done', null]]);
    });

    it('reads nothing of the chain when no change is pending', async () => {
      w.collective('garden', 'pure-g');
      await runCollectiveBatches(deps());
      expect(stakeReads).toBe(0);
    });
  });

  describe('transfers', () => {
    it('groups owed transfers per collective, address and token into one call each, and records each outcome', async () => {
      w.collective('garden', 'pure-g');
      w.collective('orchard', 'pure-o');
      w.owe('garden', 'pool-a', 300n, 'KSM', 'pool');
      w.owe('garden', 'alice', 40n);
      w.owe('garden', 'pool-a', 20n, 'KSM', 'donation');
      w.owe('orchard', 'pool-a', 70n, 'KSM', 'pool');
      w.owe('garden', 'erin', 50n);
      op.transferOutcome = (i) =>
        i.kind === 'pay' && i.to === 'erin' ? { ok: false, error: 'Token.FundsUnavailable' } : { ok: true };

      const report = await runCollectiveBatches(deps());
      expect(report).toMatchObject({ transferBatches: 1, paid: 4, failed: 1, keptOwed: 0 });
      const pay = (from: string, to: string, amount: bigint) => ({
        kind: 'pay',
        from,
        to,
        token: { kind: 'native' },
        amount,
      });
      expect(op.ofKind('transfers')[0]!.items).toEqual([
        pay('pure-g', 'pool-a', 320n),
        pay('pure-g', 'alice', 40n),
        pay('pure-o', 'pool-a', 70n),
        pay('pure-g', 'erin', 50n),
      ]);
      expect(w.transfers.map((t) => [t.address, t.status, t.error])).toEqual([
        ['pool-a', 'paid', null],
        ['alice', 'paid', null],
        ['pool-a', 'paid', null],
        ['pool-a', 'paid', null],
        ['erin', 'failed', 'Token.FundsUnavailable'],
      ]);
    });

    it('keeps owed, with a note, what is below the minimum for an account that holds none', async () => {
      w.collective('garden', 'pure-g');
      w.owe('garden', 'alice', ED - 1n); // holds nothing: kept
      w.owe('garden', 'bob', ED - 1n); // exists: paid
      holders.add('bob:native');
      const report = await runCollectiveBatches(deps());
      expect(report).toMatchObject({ paid: 1, keptOwed: 1 });
      expect(w.transfers.map((t) => [t.address, t.status, t.error])).toEqual([
        [
          'alice',
          'owed',
          `${ED - 1n} planck is below the minimum balance ${ED} of KSM for an account that holds none: kept owed until more accrues`,
        ],
        ['bob', 'paid', null],
      ]);
      // Once more accrues, the two amounts go together.
      w.owe('garden', 'alice', 1n);
      await runCollectiveBatches(deps());
      expect(op.ofKind('transfers').at(-1)!.items).toEqual([
        { kind: 'pay', from: 'pure-g', to: 'alice', token: { kind: 'native' }, amount: ED },
      ]);
    });

    it('pays in the token fixed when the transfer was owed, even once the registry dropped it, reading no registry', async () => {
      w.collective('garden', 'pure-g');
      w.owe('garden', 'alice', 5n, 'USDT', 'donation', 1984);
      let registryReads = 0;
      await runCollectiveBatches({ ...deps(), registries: { nativeDenom: async () => (registryReads++, 'KSM') } });
      expect(registryReads).toBe(0);
      expect(op.ofKind('transfers')[0]!.items).toEqual([
        { kind: 'pay', from: 'pure-g', to: 'alice', token: { kind: 'asset', assetId: 1984 }, amount: 5n },
      ]);
    });

    it('resumes a stored transfer batch after a crash by tracking the same signature: nothing paid twice', async () => {
      w.collective('garden', 'pure-g');
      w.owe('garden', 'alice', 100n);
      op.crashOnTrack = true;
      await expect(runCollectiveBatches(deps())).rejects.toThrow('crashed after signing');
      w.owe('garden', 'alice', 5n);
      holders.add('alice:native');
      const report = await runCollectiveBatches(deps());
      expect(report).toMatchObject({ transferBatches: 2, paid: 2 });
      expect(op.tracked[1]!.hash).toBe(op.tracked[0]!.hash);
      expect(op.ofKind('transfers').map((s) => s.items.map((i) => i.amount))).toEqual([[100n], [5n]]);
    });
  });
});

describe('payeeSkipReason', () => {
  const view: StakeView = { stash: 's', active: 1n, payee: { kind: 'Staked' }, operatorProxy: true };
  const set = { kind: 'set' as const, collective: 'garden', collectiveAccount: 'pure-g' };
  const restore = { ...set, kind: 'restore' as const };
  const ok = { delegation: 'active', view, countingIn: 'garden', payeeNow: account('pure-g') };

  it('lets a set of a counting contribution and a restore of the collective destination go', () => {
    expect(payeeSkipReason(set, ok)).toBeNull();
    expect(payeeSkipReason(restore, { ...ok, countingIn: null })).toBeNull();
  });

  it('refuses a stash NDeST does not know as active, or without the proxy, or unbonded', () => {
    expect(payeeSkipReason(set, { ...ok, delegation: null })).toMatch(/unknown to NDeST, not active/);
    expect(payeeSkipReason(restore, { ...ok, delegation: 'manual' })).toMatch(/manual, not active/);
    expect(payeeSkipReason(set, { ...ok, view: null })).toMatch(/Staking proxy/);
    expect(payeeSkipReason(set, { ...ok, view: { ...view, active: null } })).toBe('the stash is no longer bonded');
  });

  it('refuses a restore once the user chose another destination, or when the collective never had an account', () => {
    for (const payeeNow of [{ kind: 'Staked' } as const, account('pure-x'), null])
      expect(payeeSkipReason(restore, { ...ok, payeeNow })).toMatch(/user chose another/);
    expect(payeeSkipReason({ ...restore, collectiveAccount: null }, ok)).toMatch(/user chose another/);
  });

  it('refuses a restore of a stash that contributes to the collective again (released, then back before it went out)', () => {
    expect(payeeSkipReason(restore, ok)).toMatch(/contributes to garden again/);
    expect(payeeSkipReason(restore, { ...ok, countingIn: 'orchard' })).toBeNull();
  });
});
