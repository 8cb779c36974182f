import type { KeyringPair } from '@polkadot/keyring/types';
import type { Codec } from '@polkadot/types/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainConnection } from '../../../src/chain/connection.js';
import { callFactoryFromApi } from '../../../src/chain/nomination-calls.js';
import { PolkadotNominationWriter } from '../../../src/chain/nomination-writer.js';
import { DomainError } from '../../../src/domain/errors.js';
import type { NominationItem, TrackResult } from '../../../src/domain/ports/extrinsics.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';

const OPERATOR_SEED = '//Writer//Operator';
/** The index each runtime gives the `Staking` proxy type: the service encodes it by name. */
const STAKING_PROXY_INDEX = { 'asset-hub': 8, relay: 3 } as const;

describe.each(['asset-hub', 'relay'] as const)('on the %s runtime', (runtime) => {
  let chain: DevChain;
  let conn: ChainConnection;
  let writer: PolkadotNominationWriter;
  let operator: KeyringPair;
  const pair = (uri: string) => chain.keyring.addFromUri(uri);
  /** Two validators of the chain's genesis (relay: //Alice//stash and //Bob//stash). */
  let validators: [string, string];
  const targets = () => [...validators];
  const freeOf = async (address: string) => (await chain.api.query.system.account(address)).data.free.toBigInt();
  const nonceOf = async (address: string) => (await chain.api.query.system.account(address)).nonce.toNumber();
  const nominationsOf = async (address: string) =>
    ((await chain.api.query.staking.nominators(address)).toJSON() as { targets: string[] } | null)?.targets ?? null;

  /** The user's side of opting in: sign the setup call data the service handed out. */
  async function optIn(stash: KeyringPair, bondKsm: bigint | null): Promise<void> {
    await chain.fund([stash.address], 1_000);
    await signSetup(stash, bondKsm);
  }

  async function signSetup(stash: KeyringPair, bondKsm: bigint | null): Promise<void> {
    const setup = writer.buildSetupCall({
      operator: operator.address,
      bondValue: bondKsm === null ? null : bondKsm * KSM,
    });
    // Call data is a call, not an extrinsic: the wallet wraps it (api.tx(hex) would decode an extrinsic).
    const outcome = await chain.submit(chain.api.tx(chain.api.createType('Call', setup.callData)), stash);
    expect(outcome.error).toBeNull();
  }

  beforeAll(async () => {
    // Manual: blocks are built whenever extrinsics wait, and never while a storage edit (fund) is applied.
    chain = await startDevChain({ runtime, mode: 'Manual' });
    conn = await ChainConnection.connect({ endpoints: [chain.endpoint] });
    writer = await PolkadotNominationWriter.create(conn, { operatorSeed: OPERATOR_SEED, pollIntervalMs: 250 });
    operator = pair(OPERATOR_SEED);
    await chain.fund([operator.address], 1_000);
    const keys = await chain.api.query.staking.validators.keys();
    validators = [0, 1].map((i) => chain.keyring.encodeAddress(keys[i]!.args[0].toU8a(), 2)) as [string, string];
  });

  afterAll(async () => {
    await conn?.close();
    await chain?.close();
  });

  describe('buildSetupCall', () => {
    it('hands out call data that, signed by the user, bonds and adds the Staking proxy', async () => {
      const user = pair('//Writer//Setup');
      // The proxy type goes in by name and comes out as this runtime's index.
      const { callData } = writer.buildSetupCall({ operator: operator.address, bondValue: 50n * KSM });
      const [, addProxy] = chain.api.createType('Call', callData).args[0] as unknown as Codec[];
      const { section, method, args } = addProxy as unknown as { section: string; method: string; args: Codec[] };
      expect(`${section}.${method}`).toBe('proxy.addProxy');
      expect([...args[1]!.toU8a()]).toEqual([STAKING_PROXY_INDEX[runtime]]);

      await optIn(user, 50n);
      const proxies = (await chain.api.query.proxy.proxies(user.address)).toJSON() as [
        { delegate: string; proxyType: string; delay: number }[],
        number | string,
      ];
      expect(proxies[0]).toEqual([{ delegate: operator.address, proxyType: 'Staking', delay: 0 }]);
      const ledger = (await chain.api.query.staking.ledger(user.address)).toJSON() as { active: number | string };
      expect(BigInt(ledger.active)).toBe(50n * KSM);
      const { data } = await chain.api.query.system.account(user.address);
      const proxyDeposit = BigInt(proxies[1]);
      expect(proxyDeposit).toBeGreaterThan(0n);
      if (runtime === 'asset-hub') {
        // staking-async holds the bond: it is reserved, next to the proxy deposit.
        expect(data.reserved.toBigInt()).toBe(50n * KSM + proxyDeposit);
      } else {
        // pallet-staking locks the bond where it is: only the proxy deposit is reserved.
        expect(data.reserved.toBigInt()).toBe(proxyDeposit);
        expect(data.frozen.toBigInt()).toBe(50n * KSM);
      }
    });

    it('describes what the wallet signs, with the amount in KSM', () => {
      const setup = writer.buildSetupCall({ operator: operator.address, bondValue: 12_500_000_000_000n });
      expect(setup.callData).toMatch(/^0x[0-9a-f]+$/);
      expect(setup.callHash).toMatch(/^0x[0-9a-f]{64}$/);
      expect(setup.description[0]).toContain('Bond 12.5 KSM');
      expect(setup.description.join(' ')).toContain(operator.address);
      expect(
        writer.buildSetupCall({ operator: operator.address, bondValue: null }).description.join(' '),
      ).not.toContain('Bond');
    });
  });

  describe('packNominations', () => {
    /**
     * Batches of proxied nominate(24), by what binds: on Asset Hub proof size (about 71 KB each against
     * 75% of 8 MiB), on the relay ref time (about 1.8 ms each against 75% of 1.48 s; no proof limit).
     */
    const FULL_BATCHES = {
      'asset-hub': { items: 200, sizes: [87, 87, 26] },
      relay: { items: 700, sizes: [610, 90] },
    }[runtime];

    it("fills each batch up to 75% of what one extrinsic may use, by the runtime's own weights", async () => {
      const account = (n: number) => {
        const id = new Uint8Array(32).fill(7);
        [id[0], id[1]] = [n & 255, n >> 8];
        return chain.keyring.encodeAddress(id, 2);
      };
      const manyTargets = Array.from({ length: 24 }, (_, i) => account(60_000 + i));
      const items = Array.from({ length: FULL_BATCHES.items }, (_, i) => ({ stash: account(i), targets: manyTargets }));
      const groups = await writer.packNominations(items);
      expect(groups.flat()).toEqual(items);

      const { api } = chain;
      const limit = api.consts.system.blockWeights.perClass.normal.maxExtrinsic.unwrap();
      const cap = (v: bigint) => (v * 75n) / 100n;
      const fits = async (batch: NominationItem[]) => {
        const tx = api.tx.utility.forceBatch(
          batch.map((i) => api.tx.proxy.proxy(i.stash, 'Staking', api.tx.staking.nominate(i.targets))),
        );
        const { weight } = await tx.paymentInfo(operator.address);
        return (
          weight.refTime.toBigInt() <= cap(limit.refTime.toBigInt()) &&
          weight.proofSize.toBigInt() <= cap(limit.proofSize.toBigInt()) &&
          // The signature, era, nonce and tip are below 256 bytes.
          BigInt(tx.method.encodedLength) + 256n <= cap(api.consts.system.blockLength.max.normal.toBigInt())
        );
      };
      for (const group of groups) expect(await fits(group)).toBe(true);
      // Every batch but the last is full: one more item would not fit.
      for (const group of groups.slice(0, -1)) expect(await fits([...group, items[0]!])).toBe(false);
      expect(groups.map((g) => g.length)).toEqual(FULL_BATCHES.sizes);
    });

    it('keeps a few items in one batch, in order', async () => {
      const items = [1, 2, 3].map((n) => ({ stash: pair(`//Writer//Pack${n}`).address, targets: targets() }));
      await expect(writer.packNominations(items)).resolves.toEqual([items]);
    });

    it('splits by the configured cap, also in read-only mode', async () => {
      const capped = await PolkadotNominationWriter.create(conn, { operatorSeed: null, maxItemsPerBatch: 2 });
      const items = [1, 2, 3, 4, 5].map((n) => ({ stash: pair(`//Writer//Pack${n}`).address, targets: targets() }));
      await expect(capped.packNominations(items)).resolves.toEqual([
        items.slice(0, 2),
        items.slice(2, 4),
        items.slice(4),
      ]);
    });
  });

  describe('signNominationBatch + sendAndTrack', () => {
    it('reports each item of one extrinsic: success, NotController (no bond) and NotProxy (proxy removed after signing)', async () => {
      const [a, b, noBond, revoked] = ['//Writer//A', '//Writer//B', '//Writer//NoBond', '//Writer//Revoked'].map(
        pair,
      ) as KeyringPair[];
      // One storage edit for the four, then their setups (different signers) in the same block.
      await chain.fund(
        [a!, b!, noBond!, revoked!].map((s) => s.address),
        1_000,
      );
      await Promise.all([
        signSetup(a!, 100n),
        signSetup(b!, 100n),
        signSetup(noBond!, null),
        signSetup(revoked!, 100n),
      ]);
      const items: NominationItem[] = [a!, b!, noBond!, revoked!].map((s) => ({
        stash: s.address,
        targets: targets(),
      }));

      const signed = await writer.signNominationBatch(items);
      expect(signed.mortalPeriod).toBe(64);
      const removal = await chain.submit(chain.api.tx.proxy.removeProxy(operator.address, 'Staking', 0), revoked!);
      expect(removal.error).toBeNull();
      const nonceBefore = await nonceOf(operator.address);
      expect(signed.nonce).toBe(nonceBefore);
      const operatorFreeBefore = await freeOf(operator.address);

      const result = await writer.sendAndTrack(signed, items.length);
      expect(result).toMatchObject({
        kind: 'included',
        outcomes: [
          { ok: true },
          { ok: true },
          { ok: false, error: 'staking.NotController' },
          { ok: false, error: 'proxy.NotProxy' },
        ],
        extrinsicError: null,
      });
      const included = result as Extract<TrackResult, { kind: 'included' }>;
      expect(included.fee).toBeGreaterThan(0n);
      // The fee recorded is what the operator paid (TransactionFeePaid's actual fee).
      expect(operatorFreeBefore - (await freeOf(operator.address))).toBe(included.fee);
      const block = await chain.api.rpc.chain.getBlock(included.block.hash);
      expect(block.block.extrinsics[included.extrinsicIndex]!.hash.toHex()).toBe(signed.hash);
      expect(await nominationsOf(a!.address)).toEqual(targets());
      expect(await nominationsOf(b!.address)).toEqual(targets());
      expect(await nominationsOf(revoked!.address)).toBeNull();
      expect(await nonceOf(operator.address)).toBe(nonceBefore + 1);

      // After a crash the same signed extrinsic is tracked again: same answer, nothing sent twice.
      await expect(writer.sendAndTrack(signed, items.length)).resolves.toEqual(result);
      expect(await nonceOf(operator.address)).toBe(nonceBefore + 1);
    });

    it('is refused anything but staking through the Staking proxy: a transfer fails alone with system.CallFiltered', async () => {
      const stash = pair('//Writer//Filtered');
      await optIn(stash, 100n);
      const signed = await writer.signOperatorCall('proxy filter probe', (api) => {
        const f = callFactoryFromApi(api);
        return f('utility', 'forceBatch', [
          f('proxy', 'proxy', stash.address, 'Staking', f('balances', 'transferKeepAlive', operator.address, KSM)),
          f('proxy', 'proxy', stash.address, 'Staking', f('staking', 'setPayee', 'Stash')),
        ]);
      });
      const freeBefore = (await chain.api.query.system.account(stash.address)).data.free.toBigInt();
      await expect(writer.sendAndTrack(signed, 2)).resolves.toMatchObject({
        kind: 'included',
        outcomes: [{ ok: false, error: 'system.CallFiltered' }, { ok: true }],
        extrinsicError: null,
      });
      expect((await chain.api.query.system.account(stash.address)).data.free.toBigInt()).toBe(freeBefore);
      expect((await chain.api.query.staking.payee(stash.address)).toHuman()).toBe('Stash');
    });

    // Tracking and nonces do not depend on the staking pallet: they run on Asset Hub only, where Kusama stakers are.
    if (runtime === 'asset-hub')
      it('finds an extrinsic that reached the chain before the crash (submitted, never tracked)', async () => {
        const stash = pair('//Writer//Crash');
        await optIn(stash, 100n);
        const signed = await writer.signNominationBatch([{ stash: stash.address, targets: targets().slice(0, 1) }]);
        const nonceBefore = await nonceOf(operator.address);
        await chain.api.rpc.author.submitExtrinsic(signed.hex);
        await chain.newBlock();
        expect(await nonceOf(operator.address)).toBe(nonceBefore + 1);

        const result = await writer.sendAndTrack(signed, 1);
        expect(result).toMatchObject({ kind: 'included', outcomes: [{ ok: true }] });
        expect(await nonceOf(operator.address)).toBe(nonceBefore + 1);
      });

    if (runtime === 'asset-hub')
      it('gives consecutive nonces to batches signed concurrently', async () => {
        const item = { stash: pair('//Writer//A').address, targets: targets() };
        const [first, second] = await Promise.all([
          writer.signNominationBatch([item]),
          writer.signNominationBatch([item]),
        ]);
        expect(second.nonce).toBe(first.nonce + 1);
        expect((await writer.sendAndTrack(first, 1)).kind).toBe('included');
        expect((await writer.sendAndTrack(second, 1)).kind).toBe('included');
      });

    it('reports expired when the mortality passed before sending, and reuses the nonce afterwards', async () => {
      const shortLived = await PolkadotNominationWriter.create(conn, {
        operatorSeed: OPERATOR_SEED,
        mortalPeriod: 4,
        pollIntervalMs: 250,
      });
      const item = { stash: pair('//Writer//B').address, targets: targets().slice(1) };
      const signed = await shortLived.signNominationBatch([item]);
      expect(signed.mortalPeriod).toBe(4);
      const nonceBefore = await nonceOf(operator.address);
      await chain.newBlock(signed.mortalPeriod + 2);

      await expect(shortLived.sendAndTrack(signed, 1)).resolves.toEqual({ kind: 'expired' });
      expect(await nonceOf(operator.address)).toBe(nonceBefore);

      const resigned = await shortLived.signNominationBatch([item]);
      expect(resigned.nonce).toBe(signed.nonce);
      await expect(shortLived.sendAndTrack(resigned, 1)).resolves.toMatchObject({
        kind: 'included',
        outcomes: [{ ok: true }],
      });
    });

    if (runtime === 'asset-hub')
      it('refuses to sign or send in read-only mode', async () => {
        const readOnly = await PolkadotNominationWriter.create(conn, { operatorSeed: null });
        expect(readOnly.operatorAddress()).toBeNull();
        const error = await readOnly.signNominationBatch([]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('OPERATOR_MISSING');
      });

    if (runtime === 'asset-hub')
      it("knows the operator's address without its key (the API process), and refuses an address that is not the seed's", async () => {
        const operatorAddress = chain.keyring.addFromUri(OPERATOR_SEED).address;
        const apiSide = await PolkadotNominationWriter.create(conn, { operatorSeed: null, operatorAddress });
        expect(apiSide.operatorAddress()).toBe(operatorAddress);
        const error = await apiSide.signNominationBatch([]).catch((e: unknown) => e);
        expect((error as DomainError).code).toBe('OPERATOR_MISSING');
        // The same account in another network's format is refused, and so is another account.
        await expect(
          PolkadotNominationWriter.create(conn, {
            operatorSeed: null,
            operatorAddress: chain.keyring.encodeAddress(chain.keyring.decodeAddress(operatorAddress), 0),
          }),
        ).rejects.toThrow(/OPERATOR_ADDRESS/);
        await expect(
          PolkadotNominationWriter.create(conn, {
            operatorSeed: OPERATOR_SEED,
            operatorAddress: chain.keyring.addFromUri('//Someone//Else').address,
          }),
        ).rejects.toThrow(/not the account of OPERATOR_SEED/);
        const both = await PolkadotNominationWriter.create(conn, { operatorSeed: OPERATOR_SEED, operatorAddress });
        expect(both.operatorAddress()).toBe(operatorAddress);
      });
  });
});
