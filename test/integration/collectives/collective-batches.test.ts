/**
 * runCollectiveBatches on PostgreSQL and a local Kusama Asset Hub, as the worker runs it: the
 * collective's account created as a pure proxy and endowed by the operator; contributors' reward
 * destinations set to it through their Staking proxy (a stash whose proxy the user removed is
 * skipped, never sent) and restored on release (not once the user chose another); transfers out
 * of the account to a pool's account and back to a stash, one too small kept owed, one refused by
 * the chain owed again as a new row; a crash after the signed batch went out and before its
 * outcome was recorded resumes without sending anything twice.
 */
import { randomBytes } from 'node:crypto';
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainConnection } from '../../../src/chain/connection.js';
import { PolkadotNominationWriter } from '../../../src/chain/nomination-writer.js';
import { PolkadotPayeeWriter } from '../../../src/chain/payee-writer.js';
import { PolkadotPoolAccountWriter } from '../../../src/chain/pool-account-writer.js';
import { PolkadotPoolChainReader } from '../../../src/chain/pool-chain-reader.js';
import { PolkadotPoolTransferWriter } from '../../../src/chain/pool-transfer-writer.js';
import { PolkadotStakeReader } from '../../../src/chain/stake-reader.js';
import {
  FAILED_PAYMENT_RETRY_MS,
  PrismaCollectiveAccountStore,
  PrismaCollectivePayeeStore,
  PrismaCollectiveTransferStore,
} from '../../../src/db/collective-batches.repository.js';
import { PrismaCollectiveRepository } from '../../../src/db/collective.repository.js';
import { PrismaDelegationRepository } from '../../../src/db/delegation.repository.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { SignerFenceRepository } from '../../../src/db/signer-fence.repository.js';
import {
  runCollectiveBatches,
  type CollectiveBatchDeps,
} from '../../../src/domain/collectives/collective-batches.use-case.js';
import type { NewCollectiveTransfer, RewardDestination } from '../../../src/domain/collectives/types.js';
import type { PoolTransferWriter } from '../../../src/domain/pools/pool-chain.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';
import { collectiveSettings } from '../../support/collective-repository.contract.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

const OPERATOR_SEED = '//CollectiveBatches//Operator';
const PROXY_GONE =
  "the operator no longer holds the stash's Staking proxy: its reward destination is the user's to set";
/** Kusama Asset Hub's existential deposit. */
const ED = 3_333_333n;

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let chain: DevChain;
let conn: ChainConnection;
let repo: PrismaCollectiveRepository;
let deps: CollectiveBatchDeps;
/** The next tracking of a transfer batch throws once the extrinsic is in a finalized block: a crash before recording. */
let crashAfterTransfer = false;
let operator: KeyringPair;
/** Contributes, keeps the Staking proxy. */
let alice: KeyringPair;
/** Contributes, then removes the proxy before the operator sets the destination. */
let bob: KeyringPair;
/** Contributes, then sets another reward destination herself before she is released. */
let carol: KeyringPair;

const pair = (uri: string) => chain.keyring.addFromUri(uri);
const freeOf = async (address: string) => (await chain.api.query.system.account(address)).data.free.toBigInt();
const nonceOf = async (address: string) => (await chain.api.query.system.account(address)).nonce.toNumber();
const payeeOf = async (address: string): Promise<RewardDestination | null> => {
  const { value } = await deps.stakes.stakes([address], null);
  return value.get(address)?.payee ?? null;
};
const collective = () => prisma.stakingCollective.findUniqueOrThrow({ where: { name: 'garden' } });
const changes = async () =>
  (await prisma.collectivePayeeChange.findMany({ orderBy: { id: 'asc' } })).map((c) => [
    c.stash === alice.address ? 'alice' : c.stash === bob.address ? 'bob' : 'carol',
    c.kind,
    c.status,
    c.error,
  ]);
let nonces = 0;
const nonce = (address: string) => ({
  address,
  nonce: `batches-${++nonces}-${randomBytes(6).toString('hex')}`,
  action: 'collective.contribute' as const,
});

/** A stash as a wallet sets it up to opt in: bonded 50 KSM, Staking proxy to the operator; active in NDeST. */
async function delegator(uri: string): Promise<KeyringPair> {
  const user = pair(uri);
  await chain.fund([user.address], 100);
  const outcome = await chain.submit(
    chain.api.tx.utility.batchAll([
      chain.api.tx.staking.bond(50n * KSM, 'Staked'),
      chain.api.tx.proxy.addProxy(operator.address, 'Staking', 0),
    ]),
    user,
  );
  expect(outcome.error).toBeNull();
  await prisma.delegation.create({
    data: { stash: user.address, status: 'active', statusReason: 'test', statusSince: new Date(), targets: [] },
  });
  return user;
}

/** The pools' writer, with the crash the test may ask for. */
function crashingTransfers(real: PolkadotPoolTransferWriter): PoolTransferWriter {
  return {
    operatorAddress: () => real.operatorAddress(),
    discard: (signed) => real.discard(signed),
    packPoolTransfers: (items) => real.packPoolTransfers(items),
    signPoolTransferBatch: (items) => real.signPoolTransferBatch(items),
    sendAndTrack: async (signed, count, options) => {
      const result = await real.sendAndTrack(signed, count, options);
      if (crashAfterTransfer) {
        crashAfterTransfer = false;
        throw new Error('crashed after the batch was included, before its outcome was recorded');
      }
      return result;
    },
  };
}

beforeAll(async () => {
  [db, chain] = await Promise.all([
    createTestDatabase('collective_batches'),
    startDevChain({ runtime: 'asset-hub', mode: 'Manual' }),
  ]);
  prisma = createPrismaClient(db.url);
  repo = new PrismaCollectiveRepository(prisma);
  conn = await ChainConnection.connect({ endpoints: [chain.endpoint] });
  const signer = await PolkadotNominationWriter.create(conn, { operatorSeed: OPERATOR_SEED, pollIntervalMs: 250 });
  operator = pair(OPERATOR_SEED);
  await chain.fund([operator.address], 1_000);
  await prisma.token.create({
    data: { denom: 'KSM', kind: 'native', assetId: null, decimals: 12, rate: '1', staking: true },
  });
  const fences = new SignerFenceRepository(prisma);
  const chainReader = new PolkadotPoolChainReader(conn);
  deps = {
    accounts: new PrismaCollectiveAccountStore(prisma),
    payees: new PrismaCollectivePayeeStore(prisma),
    transfers: new PrismaCollectiveTransferStore(prisma),
    accountWriter: new PolkadotPoolAccountWriter(conn, signer),
    transferWriter: crashingTransfers(new PolkadotPoolTransferWriter(conn, signer)),
    payeeWriter: new PolkadotPayeeWriter(conn, signer),
    chain: chainReader,
    stakes: new PolkadotStakeReader(conn),
    registries: { nativeDenom: async () => 'KSM' },
    delegations: new PrismaDelegationRepository(prisma),
    collectives: repo,
    lock: { hold: async (account, work) => work({ account, token: await fences.take(account) }) },
  };
  [alice, bob, carol] = await Promise.all([
    delegator('//CollectiveBatches//Alice'),
    delegator('//CollectiveBatches//Bob'),
    delegator('//CollectiveBatches//Carol'),
  ]);
});

afterAll(async () => {
  await conn?.close();
  await chain?.close();
  await prisma?.$disconnect();
  await db?.drop();
});

describe('runCollectiveBatches on Kusama Asset Hub', () => {
  it("creates and endows the collective's account, then sets its contributors' reward destination to it; the user's choice wins", async () => {
    const at = new Date();
    const bonds = [{ denom: 'KSM', amount: 20n * KSM }];
    await repo.create(
      {
        name: 'garden',
        creator: alice.address,
        settings: collectiveSettings(),
        bondingDeadline: Math.floor(at.getTime() / 1000) + 86_400,
        contribution: { address: alice.address, bonds, previousPayee: { kind: 'Staked' }, at },
        at,
      },
      { ...nonce(alice.address), action: 'collective.create' },
    );
    await repo.withCollective('garden', async (unit) => {
      for (const stash of [bob, carol])
        await unit.saveContribution({ address: stash.address, bonds, previousPayee: { kind: 'Staked' }, at });
      // Alice's change was queued with the collective it created.
      for (const stash of [bob, carol])
        await unit.queuePayeeChange({ stash: stash.address, kind: 'set', payee: null, at });
    });
    // Bob removes the proxy before the operator acted (the indexer has not seen it yet).
    const removed = await chain.submit(chain.api.tx.proxy.removeProxy(operator.address, 'Staking', 0), bob);
    expect(removed.error).toBeNull();

    const report = await runCollectiveBatches(deps);
    expect(report).toMatchObject({
      accountsCreated: 1,
      transferBatches: 1,
      paid: 1,
      failed: 0,
      payeeBatches: 1,
      payeesDone: 2,
      payeesSkipped: 1,
    });
    const garden = await collective();
    expect(garden).toMatchObject({ endowed: true, endowment: ED, accountError: null });
    const account = garden.account!;
    const [proxies] = (await chain.api.query.proxy.proxies(account)).toJSON() as [unknown[], unknown];
    expect(proxies).toEqual([{ delegate: operator.address, proxyType: 'Any', delay: 0 }]);
    expect(await freeOf(account)).toBe(ED);
    expect(await payeeOf(alice.address)).toEqual({ kind: 'Account', account });
    expect(await payeeOf(carol.address)).toEqual({ kind: 'Account', account });
    expect(await payeeOf(bob.address)).toEqual({ kind: 'Staked' });
    expect(await changes()).toEqual([
      ['alice', 'set', 'done', null],
      ['bob', 'set', 'skipped', PROXY_GONE],
      ['carol', 'set', 'done', null],
    ]);
    // Positions in the signed extrinsic: bob's skipped change left the batch before signing.
    const rows = await prisma.collectivePayeeChange.findMany({ where: { status: 'done' }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.payee, r.itemIndex])).toEqual([
      [{ kind: 'Account', account }, 0],
      [{ kind: 'Account', account }, 1],
    ]);

    // A second run has nothing to do and signs nothing.
    const nonceBefore = await nonceOf(operator.address);
    expect(Object.values(await runCollectiveBatches(deps)).every((n) => n === 0)).toBe(true);
    expect(await nonceOf(operator.address)).toBe(nonceBefore);
  });

  it('pays out of the account to a pool and back to a stash, once, across a crash after the batch went out; keeps owed what cannot be paid', async () => {
    const account = (await collective()).account!;
    await chain.fund([account], 10); // rewards received
    const poolAccount = pair('//CollectiveBatches//Pool').address;
    const empty = pair('//CollectiveBatches//Empty').address;
    const refused = pair('//CollectiveBatches//Refused').address;
    const transfer = (over: Partial<NewCollectiveTransfer>): NewCollectiveTransfer => ({
      kind: 'return',
      address: alice.address,
      poolName: null,
      denom: 'KSM',
      amount: 0n,
      distributionId: null,
      proposalId: null,
      ...over,
    });
    await repo.withCollective('garden', (unit) =>
      unit.addTransfers(
        [
          transfer({ kind: 'pool', address: poolAccount, poolName: 'pool-a', amount: 3n * KSM }),
          transfer({ amount: KSM }),
          transfer({ kind: 'pool', address: poolAccount, poolName: 'pool-a', amount: 2n * KSM }),
          transfer({ address: empty, amount: ED - 1n }), // below the deposit, to an account holding nothing
          transfer({ address: refused, amount: 100n * KSM }), // more than the account holds
        ],
        new Date(),
      ),
    );
    const [aliceBefore, nonceBefore] = [await freeOf(alice.address), await nonceOf(operator.address)];

    crashAfterTransfer = true;
    await expect(runCollectiveBatches(deps)).rejects.toThrow('crashed after the batch was included');
    const stored = await prisma.operatorBatch.findMany({
      where: { purpose: 'collective-transfers', status: 'signed' },
    });
    expect(stored).toHaveLength(1);

    const report = await runCollectiveBatches(deps);
    expect(report).toMatchObject({ transferBatches: 1, paid: 3, failed: 1, keptOwed: 1 });
    // One extrinsic in all: the stored one was found on chain, never signed or sent again.
    expect(await nonceOf(operator.address)).toBe(nonceBefore + 1);
    expect(await freeOf(poolAccount)).toBe(5n * KSM);
    expect((await freeOf(alice.address)) - aliceBefore).toBe(KSM);
    expect(await freeOf(empty)).toBe(0n);
    expect(await freeOf(account)).toBe(ED + 10n * KSM - 6n * KSM);

    const rows = await prisma.collectiveTransfer.findMany({
      where: { kind: { not: 'endow' } },
      orderBy: { id: 'asc' },
    });
    const view = rows.map((r) => [r.address, r.amount.toFixed(0), r.status, r.batchId, r.itemIndex, r.retryOf]);
    const batch = stored[0]!.id;
    expect(view).toEqual([
      [poolAccount, (3n * KSM).toString(), 'paid', batch, 0, null],
      [alice.address, KSM.toString(), 'paid', batch, 1, null],
      [poolAccount, (2n * KSM).toString(), 'paid', batch, 0, null], // the same call as the first: one per address
      [empty, (ED - 1n).toString(), 'owed', null, null, null],
      [refused, (100n * KSM).toString(), 'failed', batch, 2, null],
      [refused, (100n * KSM).toString(), 'owed', null, null, rows[4]!.id],
    ]);
    expect(rows[3]!.error).toMatch(/below the minimum balance 3333333 of KSM for an account that holds none/);
    expect(rows[4]!.error).toMatch(/^(balances|token)\./i);
    expect(rows[5]!.error).toBe(`the previous try (transfer ${rows[4]!.id}) failed: ${rows[4]!.error}`);
    // The books count each amount once: failed rows count nowhere.
    expect((await repo.sums((await collective()).id.toString())).get('KSM')).toMatchObject({
      toPools: 5n * KSM,
      paidOut: 6n * KSM,
    });

    // The retry waits: nothing is signed before FAILED_PAYMENT_RETRY_MS has passed since the failure.
    expect(await runCollectiveBatches(deps)).toMatchObject({ transferBatches: 0, keptOwed: 1 });
    expect(await nonceOf(operator.address)).toBe(nonceBefore + 1);
    await prisma.collectiveTransfer.update({
      where: { id: rows[5]!.id },
      data: { createdAt: new Date(Date.now() - FAILED_PAYMENT_RETRY_MS - 60_000) },
    });
    await chain.fund([account], 100); // more rewards: now it can be paid
    expect(await runCollectiveBatches(deps)).toMatchObject({ transferBatches: 1, paid: 1, keptOwed: 1 });
    expect(await freeOf(refused)).toBe(100n * KSM);
  });

  it("restores a released contributor's destination, not one the user has changed since", async () => {
    // Carol chooses another destination herself (the indexer has not seen it yet).
    expect((await chain.submit(chain.api.tx.staking.setPayee('Stash'), carol)).error).toBeNull();
    const at = new Date();
    await repo.withCollective('garden', async (unit) => {
      for (const stash of [alice, bob, carol]) {
        await unit.endContribution(stash.address, 'released', 'withdrawn', at);
        await unit.queuePayeeChange({ stash: stash.address, kind: 'restore', payee: { kind: 'Staked' }, at });
      }
    });
    const report = await runCollectiveBatches(deps);
    expect(report).toMatchObject({ payeeBatches: 1, payeesDone: 1, payeesSkipped: 2 });
    expect(await payeeOf(alice.address)).toEqual({ kind: 'Staked' });
    expect(await payeeOf(carol.address)).toEqual({ kind: 'Stash' });
    expect((await changes()).slice(3)).toEqual([
      ['alice', 'restore', 'done', null],
      ['bob', 'restore', 'skipped', PROXY_GONE],
      [
        'carol',
        'restore',
        'skipped',
        "the stash's reward destination is no longer the collective's account (the user chose another): left as it is",
      ],
    ]);
  });
});
