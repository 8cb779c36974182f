import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainConnection } from '../../../src/chain/connection.js';
import { PolkadotNominationWriter } from '../../../src/chain/nomination-writer.js';
import { DomainError } from '../../../src/domain/errors.js';
import type { NominationItem, TrackResult } from '../../../src/domain/ports.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';

const OPERATOR_SEED = '//Writer//Operator';

let chain: DevChain;
let conn: ChainConnection;
let writer: PolkadotNominationWriter;
let operator: KeyringPair;
const pair = (uri: string) => chain.keyring.addFromUri(uri);
const targets = () => [pair('//Alice//stash').address, pair('//Bob//stash').address];
const nonceOf = async (address: string) => (await chain.api.query.system.account(address)).nonce.toNumber();
const nominationsOf = async (address: string) =>
  ((await chain.api.query.staking.nominators(address)).toJSON() as { targets: string[] } | null)?.targets ?? null;

/** The user's side of opting in: sign the setup call data the service handed out. */
async function optIn(stash: KeyringPair, bondKsm: bigint | null): Promise<void> {
  await chain.fund([stash.address], 1_000);
  const setup = writer.buildSetupCall({
    operator: operator.address,
    bondValue: bondKsm === null ? null : bondKsm * KSM,
  });
  // Call data is a call, not an extrinsic: the wallet wraps it (api.tx(hex) would decode an extrinsic).
  const outcome = await chain.submit(chain.api.tx(chain.api.createType('Call', setup.callData)), stash);
  expect(outcome.error).toBeNull();
}

beforeAll(async () => {
  chain = await startDevChain({ runtime: 'relay' });
  conn = await ChainConnection.connect({ endpoints: [chain.endpoint] });
  writer = await PolkadotNominationWriter.create(conn, { operatorSeed: OPERATOR_SEED, pollIntervalMs: 250 });
  operator = pair(OPERATOR_SEED);
  await chain.fund([operator.address], 1_000);
});

afterAll(async () => {
  await conn?.close();
  await chain?.close();
});

describe('buildSetupCall', () => {
  it('hands out call data that, signed by the user, bonds and adds the Staking proxy', async () => {
    const user = pair('//Writer//Setup');
    await optIn(user, 50n);
    const proxies = (await chain.api.query.proxy.proxies(user.address)).toJSON() as [
      { delegate: string; proxyType: string; delay: number }[],
      unknown,
    ];
    expect(proxies[0]).toEqual([{ delegate: operator.address, proxyType: 'Staking', delay: 0 }]);
    const ledger = (await chain.api.query.staking.ledger(user.address)).toJSON() as { active: number | string };
    expect(BigInt(ledger.active)).toBe(50n * KSM);
  });

  it('describes what the wallet signs, with the amount in KSM', () => {
    const setup = writer.buildSetupCall({ operator: operator.address, bondValue: 12_500_000_000_000n });
    expect(setup.callData).toMatch(/^0x[0-9a-f]+$/);
    expect(setup.callHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(setup.description[0]).toContain('Bond 12.5 KSM');
    expect(setup.description.join(' ')).toContain(operator.address);
    expect(writer.buildSetupCall({ operator: operator.address, bondValue: null }).description.join(' ')).not.toContain(
      'Bond',
    );
  });
});

describe('packNominations', () => {
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
    await optIn(a!, 100n);
    await optIn(b!, 100n);
    await optIn(noBond!, null);
    await optIn(revoked!, 100n);
    const items: NominationItem[] = [a!, b!, noBond!, revoked!].map((s) => ({ stash: s.address, targets: targets() }));

    const signed = await writer.signNominationBatch(items);
    expect(signed.mortalPeriod).toBe(64);
    const removal = await chain.submit(chain.api.tx.proxy.removeProxy(operator.address, 'Staking', 0), revoked!);
    expect(removal.error).toBeNull();
    const nonceBefore = await nonceOf(operator.address);
    expect(signed.nonce).toBe(nonceBefore);

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

  it('gives consecutive nonces to batches signed concurrently', async () => {
    const item = { stash: pair('//Writer//A').address, targets: targets() };
    const [first, second] = await Promise.all([writer.signNominationBatch([item]), writer.signNominationBatch([item])]);
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

  it('refuses to sign or send in read-only mode', async () => {
    const readOnly = await PolkadotNominationWriter.create(conn, { operatorSeed: null });
    expect(readOnly.operatorAddress()).toBeNull();
    const error = await readOnly.signNominationBatch([]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('OPERATOR_MISSING');
  });
});
