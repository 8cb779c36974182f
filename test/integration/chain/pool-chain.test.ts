import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolkadotChainEventSource } from '../../../src/chain/chain-event-source.js';
import { ChainConnection } from '../../../src/chain/connection.js';
import { PolkadotNominationWriter } from '../../../src/chain/nomination-writer.js';
import { PolkadotPoolAccountWriter } from '../../../src/chain/pool-account-writer.js';
import { PolkadotPoolChainReader } from '../../../src/chain/pool-chain-reader.js';
import { PolkadotPoolTransferWriter } from '../../../src/chain/pool-transfer-writer.js';
import type { PoolToken, PoolTransferItem } from '../../../src/domain/pools/pool-chain.js';
import type { TrackResult } from '../../../src/domain/ports/extrinsics.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';

const OPERATOR_SEED = '//Pools//Operator';
/** An asset id no genesis asset uses. */
const ASSET_ID = 4_242;
const ASSET: PoolToken = { kind: 'asset', assetId: ASSET_ID };
const NATIVE: PoolToken = { kind: 'native' };
/** Kusama Asset Hub's existential deposit (README of ../shared/chain). */
const ED = 3_333_333n;

type Included = Extract<TrackResult, { kind: 'included' }>;

describe('pools on Kusama Asset Hub', () => {
  let chain: DevChain;
  let conn: ChainConnection;
  let operatorWriter: PolkadotNominationWriter;
  let accounts: PolkadotPoolAccountWriter;
  let transfers: PolkadotPoolTransferWriter;
  let reader: PolkadotPoolChainReader;
  let source: PolkadotChainEventSource;
  let operator: KeyringPair;
  let issuer: KeyringPair;
  let nextIndex = 0;

  const pair = (uri: string) => chain.keyring.addFromUri(uri);
  const freeOf = async (address: string) => (await chain.api.query.system.account(address)).data.free.toBigInt();
  const assetOf = async (address: string) => {
    const entry = await chain.api.query.assets.account(ASSET_ID, address);
    return entry.isSome ? entry.unwrap().balance.toBigInt() : 0n;
  };

  /** Signs, sends and tracks one pool transfer batch; it must be included. */
  async function runTransfers(items: PoolTransferItem[]): Promise<Included> {
    const signed = await transfers.signPoolTransferBatch(items);
    const result = await transfers.sendAndTrack(signed, items.length);
    expect(result.kind).toBe('included');
    return result as Included;
  }

  /** `count` new pool accounts of the operator, created in one batch. */
  async function createPools(count: number): Promise<string[]> {
    const indices = Array.from({ length: count }, () => nextIndex++);
    const signed = await accounts.signCreatePureBatch(indices);
    const result = (await accounts.sendAndTrack(signed, indices.length)) as Included;
    expect(result).toMatchObject({ kind: 'included', outcomes: indices.map(() => ({ ok: true })) });
    const created = await accounts.pureAccountsCreated(result.block, result.extrinsicIndex);
    expect([...created.keys()].sort((a, b) => a - b)).toEqual(indices);
    return indices.map((i) => created.get(i)!);
  }

  /** New pools endowed with the existential deposit by the operator. */
  async function endowedPools(count: number): Promise<string[]> {
    const pools = await createPools(count);
    const result = await runTransfers(pools.map((to) => ({ kind: 'endow', to, amount: ED })));
    expect(result.outcomes.every((o) => o.ok)).toBe(true);
    return pools;
  }

  /** The `system.events` indices of the block's `section.method` events that name `account`. */
  async function eventIndices(blockHash: string, section: string, method: string, account: string): Promise<number[]> {
    const records = await (await chain.api.at(blockHash)).query.system.events();
    return records.flatMap((r, i) =>
      r.event.section === section && r.event.method === method && r.event.data.some((d) => d.toString() === account)
        ? [i]
        : [],
    );
  }

  /** The index in its block of the one extrinsic `signer` signed there. */
  async function extrinsicIndexOf(blockHash: string, signer: string): Promise<number> {
    const { block } = await chain.api.rpc.chain.getBlock(blockHash);
    const indices = block.extrinsics.flatMap((x, i) => (x.isSigned && x.signer.toString() === signer ? [i] : []));
    expect(indices).toHaveLength(1);
    return indices[0]!;
  }

  beforeAll(async () => {
    chain = await startDevChain({ runtime: 'asset-hub', mode: 'Manual' });
    conn = await ChainConnection.connect({ endpoints: [chain.endpoint] });
    operatorWriter = await PolkadotNominationWriter.create(conn, { operatorSeed: OPERATOR_SEED, pollIntervalMs: 250 });
    accounts = new PolkadotPoolAccountWriter(conn, operatorWriter);
    transfers = new PolkadotPoolTransferWriter(conn, operatorWriter);
    reader = new PolkadotPoolChainReader(conn);
    operator = pair(OPERATOR_SEED);
    issuer = pair('//Pools//Issuer');
    source = new PolkadotChainEventSource(conn, { operatorAddress: operator.address });
    await chain.fund([operator.address, issuer.address], 1_000);
    // An asset like the registry's: minimum balance 1, 6 decimals, minted by its issuer.
    const { api } = chain;
    const created = await chain.submit(
      api.tx.utility.batchAll([
        api.tx.assets.create(ASSET_ID, issuer.address, 1),
        api.tx.assets.setMetadata(ASSET_ID, 'Pool Test Token', 'PTT', 6),
        api.tx.assets.mint(ASSET_ID, issuer.address, 1_000_000_000n),
      ]),
      issuer,
    );
    expect(created.error).toBeNull();
  });

  afterAll(async () => {
    await conn?.close();
    await chain?.close();
  });

  describe('reads', () => {
    it('reads the existential deposit and an asset (minimum, decimals, symbol), each at a block', async () => {
      const head = await chain.head();
      const ed = await reader.existentialDeposit();
      expect(ed.value).toBe(ED);
      expect(ed.at.number).toBeGreaterThanOrEqual(head);
      const asset = await reader.asset(ASSET_ID);
      expect(asset.value).toEqual({
        assetId: ASSET_ID,
        minBalance: 1n,
        decimals: 6,
        symbol: 'PTT',
        status: 'Live',
        isSufficient: false,
      });
      expect((await reader.assetExists(ASSET_ID)).value).toBe(true);
      expect((await reader.assetMinBalance(ASSET_ID)).value).toBe(1n);
      expect((await reader.assetExists(ASSET_ID + 1)).value).toBe(false);
      expect((await reader.assetMinBalance(ASSET_ID + 1)).value).toBeNull();
      expect((await reader.asset(ASSET_ID + 1)).value).toBeNull();
    });

    it('reads balances per account and token (0 where none), and whether an account holds a token', async () => {
      const empty = pair('//Pools//Empty').address;
      const { at, value } = await reader.balances([issuer.address, empty], [NATIVE, ASSET]);
      const block = await chain.api.rpc.chain.getBlockHash(at.number);
      expect(block.toHex()).toBe(at.hash);
      expect(value).toEqual([
        { account: issuer.address, token: NATIVE, amount: await freeOf(issuer.address) },
        { account: issuer.address, token: ASSET, amount: 1_000_000_000n },
        { account: empty, token: NATIVE, amount: 0n },
        { account: empty, token: ASSET, amount: 0n },
      ]);
      expect((await reader.holdsAnything(issuer.address, NATIVE)).value).toBe(true);
      expect((await reader.holdsAnything(issuer.address, ASSET)).value).toBe(true);
      expect((await reader.holdsAnything(empty, NATIVE)).value).toBe(false);
      expect((await reader.holdsAnything(empty, ASSET)).value).toBe(false);
      // Holding the native token says nothing of an asset.
      expect((await reader.holdsAnything(operator.address, ASSET)).value).toBe(false);
    });
  });

  describe('pool accounts', () => {
    it('creates two pure proxies of the operator in one batch and reads their addresses from its events', async () => {
      const pools = await createPools(2);
      expect(new Set(pools).size).toBe(2);
      for (const pool of pools) {
        const [proxies] = (await chain.api.query.proxy.proxies(pool)).toJSON() as [
          { delegate: string; proxyType: string; delay: number }[],
          unknown,
        ];
        expect(proxies).toEqual([{ delegate: operator.address, proxyType: 'Any', delay: 0 }]);
      }
    });

    it('refuses indices that repeat or are not u16 before signing', async () => {
      const nonce = (await chain.api.query.system.account(operator.address)).nonce.toNumber();
      await expect(accounts.signCreatePureBatch([7, 7])).rejects.toThrow(/repeat/);
      await expect(accounts.signCreatePureBatch([65_536])).rejects.toThrow(/u16/);
      await expect(accounts.signCreatePureBatch([])).rejects.toThrow(/no pure/);
      // Nothing was signed: the next batch takes the chain's next nonce.
      const signed = await accounts.signCreatePureBatch([nextIndex++]);
      expect(signed.nonce).toBe(nonce);
      await expect(accounts.sendAndTrack(signed, 1)).resolves.toMatchObject({ kind: 'included' });
    });
  });

  describe('deposits', () => {
    it("decodes a user's KSM and asset deposits into a pool, and a mint to it, with their event indices", async () => {
      const [pool] = (await endowedPools(1)) as [string];
      expect(await freeOf(pool)).toBe(ED);
      const user = pair('//Pools//Depositor');
      await chain.fund([user.address], 100);
      const { api } = chain;
      const sent = await chain.submit(api.tx.assets.transfer(ASSET_ID, user.address, 5_000n), issuer);
      expect(sent.error).toBeNull();

      const deposit = await chain.submit(
        api.tx.utility.batchAll([
          api.tx.balances.transferKeepAlive(pool, 7n * KSM),
          api.tx.assets.transferKeepAlive(ASSET_ID, pool, 1_234n),
        ]),
        user,
      );
      expect(deposit.error).toBeNull();
      const { block, transfers: found } = await source.blockEvents(deposit.blockNumber, new Set());
      expect(block.hash).toBe(deposit.blockHash);
      const [native] = await eventIndices(deposit.blockHash, 'balances', 'Transfer', pool);
      const [asset] = await eventIndices(deposit.blockHash, 'assets', 'Transferred', pool);
      const at = {
        blockHash: deposit.blockHash,
        blockNumber: deposit.blockNumber,
        extrinsicIndex: await extrinsicIndexOf(deposit.blockHash, user.address),
      };
      const toPool = found!.filter((t) => t.to === pool);
      expect(toPool).toEqual([
        { token: NATIVE, from: user.address, to: pool, amount: 7n * KSM, ...at, eventIndex: native },
        { token: ASSET, from: user.address, to: pool, amount: 1_234n, ...at, eventIndex: asset },
      ]);
      expect(native).toBeLessThan(asset!);

      const minted = await chain.submit(api.tx.assets.mint(ASSET_ID, pool, 66n), issuer);
      const [issued] = await eventIndices(minted.blockHash, 'assets', 'Issued', pool);
      const { transfers: mints } = await source.blockEvents(minted.blockNumber, new Set());
      expect(mints!.filter((t) => t.to === pool)).toEqual([
        {
          token: ASSET,
          from: null,
          to: pool,
          amount: 66n,
          blockHash: minted.blockHash,
          blockNumber: minted.blockNumber,
          eventIndex: issued,
          extrinsicIndex: await extrinsicIndexOf(minted.blockHash, issuer.address),
        },
      ]);
      const balances = await reader.balances([pool], [NATIVE, ASSET]);
      expect(balances.value.map((b) => b.amount)).toEqual([ED + 7n * KSM, 1_300n]);
    });
  });

  describe('payments from a pool', () => {
    it('pays KSM and the asset to two recipients; items that cannot be paid fail alone with their error', async () => {
      const [pool, other] = (await endowedPools(2)) as [string, string];
      // The pool holds 10 KSM above the deposit and 1,000 of the asset.
      await chain.fund([pool], 10);
      const { api } = chain;
      expect((await chain.submit(api.tx.assets.transfer(ASSET_ID, pool, 1_000n), issuer)).error).toBeNull();
      const [r1, r2, fresh, freshForAsset] = [
        '//Pools//R1',
        '//Pools//R2',
        '//Pools//Fresh',
        '//Pools//FreshAsset',
      ].map((u) => pair(u).address) as [string, string, string, string];
      await chain.fund([r1, r2], 1);
      const before = {
        pool: await freeOf(pool),
        other: await freeOf(other),
        r1: await freeOf(r1),
        r2Asset: await assetOf(r2),
        operator: await freeOf(operator.address),
      };
      expect(before.pool).toBe(ED + 10n * KSM);

      const items: PoolTransferItem[] = [
        { kind: 'pay', from: pool, to: r1, token: NATIVE, amount: 2n * KSM },
        { kind: 'pay', from: pool, to: r2, token: ASSET, amount: 300n },
        // Below the existential deposit, to an account that holds nothing.
        { kind: 'pay', from: pool, to: fresh, token: NATIVE, amount: ED - 1n },
        // More than the pool holds (keep-alive: it must keep its deposit).
        { kind: 'pay', from: pool, to: r1, token: NATIVE, amount: 9n * KSM },
        // A non-sufficient asset to an account with no KSM.
        { kind: 'pay', from: pool, to: freshForAsset, token: ASSET, amount: 5n },
        // All the asset it still holds: asset payments may empty the pool's holding (the native
        // endowment keeps the account alive), so nothing of a deposit is stranded.
        { kind: 'pay', from: pool, to: r2, token: ASSET, amount: 700n },
        // From an account the operator does not control.
        { kind: 'pay', from: r1, to: r2, token: NATIVE, amount: KSM },
        // From the other pool, which holds only its deposit.
        { kind: 'pay', from: other, to: r1, token: NATIVE, amount: 1n },
        { kind: 'pay', from: pool, to: r1, token: NATIVE, amount: 3n * KSM },
      ];
      const result = await runTransfers(items);
      expect(result.extrinsicError).toBeNull();
      // A proxied transfer's failure is the item's error (ProxyExecuted(Err)); the proxy's own is too.
      expect(result.outcomes).toEqual([
        { ok: true },
        { ok: true },
        { ok: false, error: 'Token.BelowMinimum' },
        { ok: false, error: 'Token.FundsUnavailable' },
        { ok: false, error: 'Token.CannotCreate' },
        { ok: true },
        { ok: false, error: 'proxy.NotProxy' },
        // Keep-alive: sending anything would take the account below its existential deposit.
        { ok: false, error: 'Token.NotExpendable' },
        { ok: true },
      ]);

      expect(await freeOf(pool)).toBe(before.pool - 5n * KSM);
      expect(await freeOf(r1)).toBe(before.r1 + 5n * KSM);
      expect(await assetOf(r2)).toBe(before.r2Asset + 1_000n);
      expect(await assetOf(pool)).toBe(0n);
      expect(await freeOf(fresh)).toBe(0n);
      expect(await assetOf(freshForAsset)).toBe(0n);
      expect(await freeOf(other)).toBe(before.other);
      // The operator pays the fee, the pools pay nothing but what they send.
      expect(before.operator - (await freeOf(operator.address))).toBe(result.fee);

      // What the reads show afterwards is what the chain holds.
      const read = await reader.balances([pool, r2], [NATIVE, ASSET]);
      expect(read.value.map((b) => b.amount)).toEqual([
        before.pool - 5n * KSM,
        0n,
        await freeOf(r2),
        before.r2Asset + 1_000n,
      ]);
    });

    it('pays an existing holder less than the minimum', async () => {
      const [pool] = (await endowedPools(1)) as [string];
      await chain.fund([pool], 1);
      const holder = pair('//Pools//Holder').address;
      await chain.fund([holder], 1);
      expect((await reader.holdsAnything(holder, NATIVE)).value).toBe(true);
      const before = await freeOf(holder);
      const result = await runTransfers([{ kind: 'pay', from: pool, to: holder, token: NATIVE, amount: 1n }]);
      expect(result.outcomes).toEqual([{ ok: true }]);
      expect(await freeOf(holder)).toBe(before + 1n);
    });
  });

  describe('packPoolTransfers', () => {
    it("fills each batch up to 75% of what one extrinsic may use, by the runtime's own weights", async () => {
      const account = (n: number) => {
        const id = new Uint8Array(32).fill(9);
        [id[0], id[1]] = [n & 255, n >> 8];
        return chain.keyring.encodeAddress(id, 2);
      };
      const pool = account(65_000);
      const items: PoolTransferItem[] = Array.from({ length: 3_000 }, (_, i): PoolTransferItem => {
        if (i % 3 === 0) return { kind: 'endow', to: account(i), amount: ED };
        return {
          kind: 'pay',
          from: pool,
          to: account(i),
          token: i % 3 === 1 ? NATIVE : ASSET,
          amount: 1_000n + BigInt(i),
        };
      });
      const groups = await transfers.packPoolTransfers(items);
      expect(groups.flat()).toEqual(items);
      expect(groups.length).toBeGreaterThan(1);
      const { api } = chain;
      const limit = api.consts.system.blockWeights.perClass.normal.maxExtrinsic.unwrap();
      const cap = (v: bigint) => (v * 75n) / 100n;
      const call = (item: PoolTransferItem) => {
        if (item.kind === 'endow') return api.tx.balances.transferKeepAlive(item.to, item.amount);
        const inner =
          item.token.kind === 'native'
            ? api.tx.balances.transferKeepAlive(item.to, item.amount)
            : api.tx.assets.transfer(item.token.assetId, item.to, item.amount);
        return api.tx.proxy.proxy(item.from, 'Any', inner);
      };
      for (const group of groups) {
        const tx = api.tx.utility.forceBatch(group.map(call));
        const { weight } = await tx.paymentInfo(operator.address);
        expect(weight.refTime.toBigInt()).toBeLessThanOrEqual(cap(limit.refTime.toBigInt()));
        expect(weight.proofSize.toBigInt()).toBeLessThanOrEqual(cap(limit.proofSize.toBigInt()));
        expect(BigInt(tx.method.encodedLength) + 256n).toBeLessThanOrEqual(
          cap(api.consts.system.blockLength.max.normal.toBigInt()),
        );
      }
      // A few items stay in one batch; a cap splits them.
      await expect(transfers.packPoolTransfers(items.slice(0, 3))).resolves.toEqual([items.slice(0, 3)]);
      const capped = new PolkadotPoolTransferWriter(conn, operatorWriter, { maxItemsPerBatch: 2 });
      await expect(capped.packPoolTransfers(items.slice(0, 3))).resolves.toEqual([
        items.slice(0, 2),
        items.slice(2, 3),
      ]);
    });
  });
});
