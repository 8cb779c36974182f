/**
 * The pools' payments and reconciliation on PostgreSQL, with the chain faked behind its ports:
 * accounts created (and read again after a crash), endowed once, owed lines grouped into one
 * transfer per beneficiary and token, amounts below the minimum kept owed, outcomes recorded per
 * item, a stored signed batch resumed without re-planning, and the books compared with the chain.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FAILED_PAYMENT_RETRY_MS,
  PrismaPoolAccountStore,
  PrismaPoolPaymentStore,
} from '../../../src/db/pool-batches.repository.js';
import { PrismaPoolRepository } from '../../../src/db/pool.repository.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { SignerFenceRepository } from '../../../src/db/signer-fence.repository.js';
import type { ChainToken } from '../../../src/domain/ports/chain-events.js';
import type { SignedExtrinsic, TrackResult } from '../../../src/domain/ports/extrinsics.js';
import type {
  PoolAccountWriter,
  PoolChainReader,
  PoolTransferItem,
  PoolTransferWriter,
} from '../../../src/domain/pools/pool-chain.js';
import { runPoolPayments } from '../../../src/domain/pools/pool-payments.use-case.js';
import { reconcilePools } from '../../../src/domain/pools/reconcile-pools.use-case.js';
import type { PayoutLine } from '../../../src/domain/pools/types.js';
import type { SigningLock } from '../../../src/domain/shared/signing-lock.js';
import { contractSettings } from '../../support/pool-repository.contract.js';
import { FakePoolRegistries } from '../../support/in-memory-pools.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let repo: PrismaPoolRepository;

beforeAll(async () => {
  db = await createTestDatabase('pool_payments');
  prisma = createPrismaClient(db.url);
  repo = new PrismaPoolRepository(prisma);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

beforeEach(async () => {
  await prisma.poolPayoutLine.deleteMany();
  await prisma.poolTransfer.deleteMany();
  await prisma.spendingPool.deleteMany();
  await prisma.operatorBatch.deleteMany();
});

const ED = 10n;
const ASSET_MIN = 5n;
const USDT: ChainToken = { kind: 'asset', assetId: 1984 };
const block = (n: number) => ({ hash: `0xblock${n}`, number: n });
let signatures = 0;
const signature = (): SignedExtrinsic => ({
  hash: `0x${randomBytes(32).toString('hex')}`,
  hex: '0x00',
  nonce: signatures++,
  signedAt: block(1),
  mortalPeriod: 64,
});
const included = (outcomes: TrackResult extends infer R ? (R extends { outcomes: infer O } ? O : never) : never) =>
  ({ kind: 'included', block: block(9), extrinsicIndex: 2, outcomes, fee: 1n, extrinsicError: null }) as TrackResult;

/** Every chain port the payments use, scripted and counted. */
class FakeChain {
  signedAccounts: number[][] = [];
  accountReads = 0;
  /** Throws on the next read of the created accounts (a crash after the inclusion was recorded). */
  crashOnAccountRead = false;
  signedTransfers: PoolTransferItem[][] = [];
  tracked: string[] = [];
  /** Throws on the next tracking (a crash after the signature was stored). */
  crashOnTrack = false;
  /** The next tracking reports the extrinsic expired (never included: signed again). */
  expireOnTrack = false;
  /** An item's outcome; ok unless it says otherwise. */
  outcome: (item: PoolTransferItem) => { ok: true } | { ok: false; error: string } = () => ({ ok: true });
  /** Who already holds a token (may receive less than its minimum). */
  holders = new Set<string>();
  balances = new Map<string, bigint>();
  private pending = new Map<string, PoolTransferItem[]>();

  private operator = {
    operatorAddress: () => 'operator',
    discard: () => undefined,
  };

  accountWriter: PoolAccountWriter = {
    ...this.operator,
    signCreatePureBatch: async (indices) => {
      this.signedAccounts.push(indices);
      return signature();
    },
    sendAndTrack: async (_signed, count) => included(Array.from({ length: count }, () => ({ ok: true }))),
    pureAccountsCreated: async (_block, _index) => {
      this.accountReads++;
      if (this.crashOnAccountRead) {
        this.crashOnAccountRead = false;
        throw new Error('crashed before reading the accounts');
      }
      return new Map(this.signedAccounts.flat().map((i) => [i, `pure-${i}`]));
    },
  };

  writer: PoolTransferWriter = {
    ...this.operator,
    packPoolTransfers: async (items) => [items],
    signPoolTransferBatch: async (items) => {
      this.signedTransfers.push(items);
      const signed = signature();
      this.pending.set(signed.hash, items);
      return signed;
    },
    sendAndTrack: async (signed) => {
      this.tracked.push(signed.hash);
      if (this.crashOnTrack) {
        this.crashOnTrack = false;
        throw new Error('crashed after signing');
      }
      if (this.expireOnTrack) {
        this.expireOnTrack = false;
        return { kind: 'expired' };
      }
      return included(this.pending.get(signed.hash)!.map((i) => this.outcome(i)));
    },
  };

  reader: PoolChainReader = {
    existentialDeposit: async () => ({ at: block(9), value: ED }),
    asset: async () => ({ at: block(9), value: null }),
    assetExists: async () => ({ at: block(9), value: true }),
    assetMinBalance: async () => ({ at: block(9), value: ASSET_MIN }),
    balances: async (accounts, tokens) => ({
      at: block(9),
      value: tokens.map((token) => ({
        account: accounts[0]!,
        token,
        amount: this.balances.get(token.kind === 'native' ? 'native' : `asset:${token.assetId}`) ?? 0n,
      })),
    }),
    holdsAnything: async (address, token) => ({
      at: block(9),
      value: this.holders.has(`${address}:${token.kind}`),
    }),
  };
}

const fences = () => new SignerFenceRepository(prisma);
const lock = (): SigningLock => ({
  hold: async (account, work) => work({ account, token: await fences().take(account) }),
});

function deps(chain: FakeChain) {
  return {
    store: new PrismaPoolPaymentStore(prisma),
    accounts: new PrismaPoolAccountStore(prisma),
    chain: chain.reader,
    writer: chain.writer,
    accountWriter: chain.accountWriter,
    registries: new FakePoolRegistries(),
    lock: lock(),
  };
}

let nonceSeq = 0;
async function pool(name: string, account: string | null = null) {
  const p = await repo.create(
    { name, creator: 'carol', settings: contractSettings(), at: new Date() },
    { address: 'carol', nonce: `payments-${++nonceSeq}-${randomBytes(4).toString('hex')}`, action: 'pool.create' },
  );
  if (account) await prisma.spendingPool.update({ where: { name }, data: { account, endowed: true, endowment: ED } });
  return p;
}
const line = (address: string, denom: string, amount: bigint): PayoutLine => ({
  address,
  denom,
  amount,
  kind: 'claim',
  accruedFrom: null,
  accruedTo: null,
  proposalId: null,
});
const owe = (name: string, lines: PayoutLine[]) => repo.withPool(name, (u) => u.addLines(lines, new Date()));
const linesOf = (poolId: string) =>
  prisma.poolPayoutLine.findMany({ where: { poolId: BigInt(poolId) }, orderBy: { id: 'asc' } });

describe('runPoolPayments', () => {
  it('creates the accounts, reads them again after a crash, and endows each once', async () => {
    const a = await pool('alpha');
    const b = await pool('beta');
    const chain = new FakeChain();
    chain.crashOnAccountRead = true;
    await expect(runPoolPayments(deps(chain))).rejects.toThrow('crashed before reading');
    expect((await repo.byName('alpha'))?.account).toBeNull();

    const report = await runPoolPayments(deps(chain));
    expect(chain.signedAccounts).toEqual([[a.accountIndex, b.accountIndex]]); // never signed twice
    expect(chain.accountReads).toBe(2);
    expect(report.accountsCreated).toBe(2);
    expect((await repo.byName('alpha'))?.account).toBe(`pure-${a.accountIndex}`);
    expect((await repo.byName('beta'))?.account).toBe(`pure-${b.accountIndex}`);
    // Endowed in the same run, from the operator, with the existential deposit.
    expect(chain.signedTransfers).toEqual([
      [
        { kind: 'endow', to: `pure-${a.accountIndex}`, amount: ED },
        { kind: 'endow', to: `pure-${b.accountIndex}`, amount: ED },
      ],
    ]);
    expect(await repo.endowment(a.id)).toBe(ED);
    expect(await repo.endowment(b.id)).toBe(ED);

    await runPoolPayments(deps(chain));
    expect(chain.signedAccounts).toHaveLength(1);
    expect(chain.signedTransfers).toHaveLength(1);
  });

  it('pays one transfer per beneficiary and token, keeps a too small amount owed, and records each outcome', async () => {
    const p = await pool('gamma', 'pool-gamma');
    await owe('gamma', [
      line('alice', 'KSM', 100n),
      line('alice', 'KSM', 50n),
      line('alice', 'USDT', 3n), // below the asset's minimum, alice holds none: kept owed
      line('bob', 'KSM', 7n), // below the existential deposit, but bob's account exists
      line('erin', 'KSM', 40n), // fails on chain
    ]);
    const chain = new FakeChain();
    chain.holders.add('bob:native');
    chain.outcome = (i) =>
      i.kind === 'pay' && i.to === 'erin' ? { ok: false, error: 'Token.FundsUnavailable' } : { ok: true };

    const report = await runPoolPayments(deps(chain));
    expect(report).toMatchObject({ batches: 1, paid: 2, failed: 1, keptOwed: 1 });
    expect(chain.signedTransfers).toEqual([
      [
        { kind: 'pay', from: 'pool-gamma', to: 'alice', token: { kind: 'native' }, amount: 150n },
        { kind: 'pay', from: 'pool-gamma', to: 'bob', token: { kind: 'native' }, amount: 7n },
        { kind: 'pay', from: 'pool-gamma', to: 'erin', token: { kind: 'native' }, amount: 40n },
      ],
    ]);
    const lines = await linesOf(p.id);
    const view = lines.map((l) => [l.address, l.denom, l.amount.toFixed(0), l.status]);
    expect(view).toEqual([
      ['alice', 'KSM', '100', 'paid'],
      ['alice', 'KSM', '50', 'paid'],
      ['alice', 'USDT', '3', 'owed'],
      ['bob', 'KSM', '7', 'paid'],
      ['erin', 'KSM', '40', 'owed'],
    ]);
    expect(lines[0]!.transferId).toBe(lines[1]!.transferId);
    expect(lines[2]!.note).toMatch(/below the minimum balance 5 of USDT/);
    expect(lines[4]).toMatchObject({ transferId: null, note: 'transfer failed: Token.FundsUnavailable' });
    const transfers = await prisma.poolTransfer.findMany({ orderBy: { id: 'asc' } });
    expect(transfers.map((t) => [t.address, t.amount.toFixed(0), t.status, t.error])).toEqual([
      ['alice', '150', 'paid', null],
      ['bob', '7', 'paid', null],
      ['erin', '40', 'failed', 'Token.FundsUnavailable'],
    ]);
    expect((await repo.books(p.id)).get('KSM')).toMatchObject({ paid: 157n, owed: 40n });

    // A refused payment waits before the next try (its fee is the operator's) …
    chain.outcome = () => ({ ok: true });
    expect(await runPoolPayments(deps(chain))).toMatchObject({ batches: 0, paid: 0, failed: 0, keptOwed: 1 });
    expect(chain.signedTransfers).toHaveLength(1);
    // … then is tried again; the small one waits until alice holds USDT.
    await prisma.poolTransfer.updateMany({
      where: { status: 'failed' },
      data: { createdAt: new Date(Date.now() - FAILED_PAYMENT_RETRY_MS - 60_000) },
    });
    const again = await runPoolPayments(deps(chain));
    expect(again).toMatchObject({ batches: 1, paid: 1, failed: 0, keptOwed: 1 });
    expect(chain.signedTransfers[1]).toEqual([
      { kind: 'pay', from: 'pool-gamma', to: 'erin', token: { kind: 'native' }, amount: 40n },
    ]);
    chain.holders.add('alice:asset');
    await runPoolPayments(deps(chain));
    expect(chain.signedTransfers[2]).toEqual([
      { kind: 'pay', from: 'pool-gamma', to: 'alice', token: USDT, amount: 3n },
    ]);
    expect((await linesOf(p.id)).every((l) => l.status === 'paid')).toBe(true);
  });

  it('resumes a stored signed batch after a crash without planning it again: nothing paid twice', async () => {
    const p = await pool('delta', 'pool-delta');
    await owe('delta', [line('alice', 'KSM', 100n)]);
    const chain = new FakeChain();
    chain.crashOnTrack = true;
    await expect(runPoolPayments(deps(chain))).rejects.toThrow('crashed after signing');
    expect((await linesOf(p.id)).map((l) => l.status)).toEqual(['sending']);
    expect(await prisma.operatorBatch.findMany({ where: { purpose: 'pool-payments' } })).toMatchObject([
      { status: 'signed' },
    ]);
    // Meanwhile more is owed to alice: a separate transfer, after the stored one.
    await owe('delta', [line('alice', 'KSM', 5n)]);
    chain.holders.add('alice:native');

    const report = await runPoolPayments(deps(chain));
    expect(report).toMatchObject({ batches: 2, paid: 2, failed: 0 });
    // The stored signature was tracked again, not re-signed.
    expect(chain.tracked[0]).toBe(chain.tracked[1]);
    expect(chain.signedTransfers.map((items) => items.map((i) => i.amount))).toEqual([[100n], [5n]]);
    expect((await linesOf(p.id)).map((l) => l.status)).toEqual(['paid', 'paid']);
    expect(await prisma.poolTransfer.count({ where: { poolId: BigInt(p.id) } })).toBe(2);
    expect((await repo.books(p.id)).get('KSM')).toMatchObject({ paid: 105n, owed: 0n });
  });
  it('re-signs a stored asset transfer as the same asset after its token left the registry', async () => {
    const p = await pool('epsilon', 'pool-epsilon');
    await owe('epsilon', [line('alice', 'USDT', 70n)]);
    const chain = new FakeChain();
    chain.holders.add('alice:asset');
    chain.crashOnTrack = true;
    await expect(runPoolPayments(deps(chain))).rejects.toThrow('crashed after signing');
    // USDT is delisted meanwhile, and the stored signature expires: the batch is signed again.
    const d = deps(chain);
    d.registries.tokenMap.delete('USDT');
    chain.expireOnTrack = true;

    await runPoolPayments(d);
    // Never the asset's amount in KSM: the transfer keeps the token it was planned with.
    expect(chain.signedTransfers).toHaveLength(2);
    expect(chain.signedTransfers[1]).toEqual([
      { kind: 'pay', from: 'pool-epsilon', to: 'alice', token: USDT, amount: 70n },
    ]);
    expect((await linesOf(p.id)).map((l) => l.status)).toEqual(['paid']);
  });
});

describe('reconcilePools', () => {
  it('stores the difference between the books and the chain per token', async () => {
    const p = await pool('omega', 'pool-omega');
    await pool('nowhere'); // no account yet: not checked
    let event = 0;
    const deposit = (denom: string | null, amount: bigint) =>
      repo.withPool('omega', (u) =>
        u.bookDeposit(
          {
            denom,
            assetId: denom === null ? 4242 : null,
            amount,
            from: 'dave',
            block: { hash: `0xomega${p.id}`, number: 5 },
            eventIndex: ++event,
          },
          null,
          new Date(),
        ),
      );
    await deposit('KSM', 1000n);
    await deposit('USDT', 50n);
    await deposit(null, 7n);
    await owe('omega', [line('alice', 'KSM', 300n), line('bob', 'KSM', 100n)]);
    await prisma.poolPayoutLine.updateMany({
      where: { poolId: BigInt(p.id), address: 'alice' },
      data: { status: 'paid' },
    });

    const chain = new FakeChain();
    // deposited − paid + the endowment, and 5 planck sent outside the indexer's view.
    chain.balances.set('native', 1000n - 300n + ED + 5n);
    chain.balances.set('asset:1984', 50n);
    const at = new Date('2030-02-01T00:00:00Z');
    const result = await reconcilePools({
      pools: repo,
      chain: chain.reader,
      registries: new FakePoolRegistries(),
      clock: { now: () => at },
    });
    expect(result).toEqual({ pools: 1, differences: 2 });
    const checks = await repo.bookChecks(p.id);
    expect(checks.map((c) => [c.denom, c.chainBalance, c.expected, c.difference])).toEqual(
      [
        ['KSM', 715n, 710n, 5n],
        ['USDT', 50n, 50n, 0n],
        ['asset:4242', 0n, 7n, -7n],
      ].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)),
    );
    expect(checks[0]).toMatchObject({ at: block(9), checkedAt: at });
  });
});
