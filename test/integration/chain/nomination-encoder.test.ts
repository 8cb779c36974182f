import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainConnection } from '../../../src/chain/connection.js';
import { nominationEncoderFor, NominationEncoder } from '../../../src/chain/nomination-encoder.js';
import { PolkadotNominationWriter } from '../../../src/chain/nomination-writer.js';
import { signCallBytes } from '../../../src/chain/signer-unit.js';
import type { NominationItem } from '../../../src/domain/ports/extrinsics.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';

const OPERATOR_SEED = '//Encoder//Operator';

/**
 * The encoder's bytes against `api.tx` on both executing runtimes, and a batch signed from those
 * bytes against one signed by polkadot-js (ed25519: deterministic signatures, so the two signed
 * extrinsics must be the same bytes), then one the writer signs, sent and executed.
 */
describe.each(['asset-hub', 'relay'] as const)('the nomination encoder on the %s runtime', (runtime) => {
  let chain: DevChain;
  let conn: ChainConnection;
  let encoder: NominationEncoder;
  const account = (n: number) => {
    const id = new Uint8Array(32).fill(3);
    [id[0], id[1], id[2]] = [n & 255, (n >> 8) & 255, 77];
    return chain.keyring.encodeAddress(id, 2);
  };
  const sample = (): NominationItem[] =>
    Array.from({ length: 40 }, (_, i) => ({
      stash: account(i),
      targets: Array.from({ length: 1 + (i % 24) }, (_, t) => account(1_000 + ((i * 3 + t) % 50))),
    }));
  const registryBatch = (items: NominationItem[]) =>
    chain.api.tx.utility.forceBatch(
      items.map((i) => chain.api.tx.proxy.proxy(i.stash, 'Staking', chain.api.tx.staking.nominate(i.targets))),
    );

  beforeAll(async () => {
    chain = await startDevChain({ runtime, mode: 'Manual' });
    conn = await ChainConnection.connect({ endpoints: [chain.endpoint] });
    const made = nominationEncoderFor(chain.api, 'Staking');
    if (!(made instanceof NominationEncoder)) throw made;
    encoder = made;
  });

  afterAll(async () => {
    await conn?.close();
    await chain?.close();
  });

  it("encodes items and their batch as api.tx builds them, from the live runtime's metadata", () => {
    const items = sample();
    for (const item of items) {
      const call = chain.api.tx.proxy.proxy(item.stash, 'Staking', chain.api.tx.staking.nominate(item.targets));
      expect(u8aToHex(encoder.encodeItem(item))).toBe(call.method.toHex());
      expect(encoder.itemLength(item)).toBe(call.method.encodedLength);
    }
    expect(u8aToHex(encoder.encodeBatch(items))).toBe(registryBatch(items).method.toHex());
  });

  it('signs call bytes into the very extrinsic polkadot-js signs from the call', async () => {
    const key: KeyringPair = new Keyring({ type: 'ed25519', ss58Format: 2 }).addFromUri('//Encoder//Ed');
    const head = await chain.api.rpc.chain.getHeader();
    const options = () => ({
      nonce: 7,
      era: chain.api.registry.createType('ExtrinsicEra', { current: head.number.toNumber(), period: 64 }),
      blockHash: head.hash.toHex(),
    });
    const items = sample();
    const reference = registryBatch(items);
    await reference.signAsync(key, options());
    const signed = await signCallBytes(chain.api, key, encoder.encodeBatch(items), options());
    expect(signed.hex).toBe(reference.toHex());
    expect(signed.hash).toBe(reference.hash.toHex());
  });

  it("the writer's signed batch is the registry's call, accepted and executed: the nominations land", async () => {
    const writer = await PolkadotNominationWriter.create(conn, { operatorSeed: OPERATOR_SEED, pollIntervalMs: 250 });
    const operator = chain.keyring.addFromUri(OPERATOR_SEED);
    const stashes = ['//Encoder//A', '//Encoder//B'].map((uri) => chain.keyring.addFromUri(uri));
    await chain.fund([operator.address, ...stashes.map((s) => s.address)], 1_000);
    await Promise.all(
      stashes.map(async (stash) => {
        const setup = writer.buildSetupCall({ operator: operator.address, bondValue: 100n * KSM });
        const outcome = await chain.submit(chain.api.tx(chain.api.createType('Call', setup.callData)), stash);
        expect(outcome.error).toBeNull();
      }),
    );
    const keys = await chain.api.query.staking.validators.keys();
    const validators = [0, 1].map((i) => chain.keyring.encodeAddress(keys[i]!.args[0].toU8a(), 2));
    const items = stashes.map((s, i) => ({ stash: s.address, targets: validators.slice(0, i + 1) }));

    const [group] = await writer.packNominations(items);
    expect(group).toEqual(items);
    const signed = await writer.signNominationBatch(items);
    const decoded = chain.api.createType('Extrinsic', signed.hex);
    expect(decoded.isSigned).toBe(true);
    expect(decoded.signer.toString()).toBe(operator.address);
    expect(decoded.method.toHex()).toBe(registryBatch(items).method.toHex());
    expect(decoded.nonce.toNumber()).toBe(signed.nonce);

    await expect(writer.sendAndTrack(signed, items.length)).resolves.toMatchObject({
      kind: 'included',
      outcomes: [{ ok: true }, { ok: true }],
      extrinsicError: null,
    });
    for (const item of items) {
      const nominations = (await chain.api.query.staking.nominators(item.stash)).toJSON() as { targets: string[] };
      expect(nominations.targets).toEqual(item.targets);
    }
  });
});
