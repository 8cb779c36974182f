import { compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallFactory } from '../../../src/chain/nomination-calls.js';
import { buildNominationBatchCall, nominateViaProxyCall } from '../../../src/chain/nomination-calls.js';
import { NominationEncoder, NominationShapeError } from '../../../src/chain/nomination-encoder.js';
import type { OfflineRuntime } from '../../../src/chain/offline-calls.js';
import type { NominationItem } from '../../../src/domain/ports/extrinsics.js';
import { ASSET_HUB_METADATA, assetHubRuntime, relayKusamaRuntime } from '../../support/chain-metadata.js';

const proxyTypeOf = (runtime: OfflineRuntime) => runtime.capabilities.stakingProxyType ?? 'Staking';
const address = fc
  .tuple(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.constantFrom(0, 2, 42, 1000))
  .map(([bytes, prefix]) => encodeAddress(bytes, prefix));
const item: fc.Arbitrary<NominationItem> = fc.record({
  stash: address,
  targets: fc.array(address, { minLength: 0, maxLength: 24 }),
});

const RUNTIMES: [string, () => OfflineRuntime][] = [
  ['Kusama relay (v14, types-support)', relayKusamaRuntime],
  ['Kusama Asset Hub 2003000', () => assetHubRuntime()],
  ['Kusama Asset Hub 2000003', () => assetHubRuntime(ASSET_HUB_METADATA.kusamaDec2025)],
  ['Polkadot Asset Hub 2003000', () => assetHubRuntime(ASSET_HUB_METADATA.polkadot, 0)],
];

describe.each(RUNTIMES)('the nomination encoder on %s', (_, load) => {
  let runtime: OfflineRuntime;
  let encoder: NominationEncoder;
  let proxyType: string;

  beforeAll(async () => {
    await cryptoWaitReady();
    runtime = load();
    proxyType = proxyTypeOf(runtime);
    encoder = NominationEncoder.fromCalls(runtime.calls, proxyType);
  });

  it('encodes every item as the registry does, and knows its length without reading it', () => {
    fc.assert(
      fc.property(item, (it) => {
        const registry = nominateViaProxyCall(runtime.calls, it, proxyType);
        expect(u8aToHex(encoder.encodeItem(it))).toBe(registry.toHex());
        expect(encoder.itemLength(it)).toBe(registry.encodedLength);
      }),
      { numRuns: 300 },
    );
  });

  it('encodes a utility.forceBatch as the registry does, empty or not', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 0, maxLength: 12 }), (items) => {
        const registry = buildNominationBatchCall(runtime.calls, items, proxyType);
        expect(u8aToHex(encoder.encodeBatch(items))).toBe(registry.toHex());
        expect(encoder.batchLength(items)).toBe(registry.encodedLength);
      }),
      { numRuns: 60 },
    );
    expect(encoder.emptyBatchLength()).toBe(buildNominationBatchCall(runtime.calls, [], proxyType).encodedLength);
  });

  it('encodes the count of a batch past 63 and 16383 items (longer compact counts) as the registry does', () => {
    const targets = [1, 2, 3, 4].map((n) => encodeAddress(new Uint8Array(32).fill(n), 2));
    const items = Array.from({ length: 16_400 }, (_, i) => ({
      stash: encodeAddress(
        Uint8Array.from({ length: 32 }, (_, b) => (i * 7 + b * (i >> 8)) & 0xff),
        2,
      ),
      targets,
    }));
    const batch = items.slice(0, 64);
    expect(u8aToHex(encoder.encodeBatch(batch))).toBe(
      buildNominationBatchCall(runtime.calls, batch, proxyType).toHex(),
    );
    // 16,400 items through the registry take minutes: the count's encoding is the registry's compactToU8a.
    const index = buildNominationBatchCall(runtime.calls, [], proxyType).callIndex;
    expect(u8aToHex(encoder.encodeBatch(items))).toBe(
      u8aToHex(u8aConcat(index, compactToU8a(items.length), ...items.map((i) => encoder.encodeItem(i)))),
    );
  });

  it('refuses an address that is not a 32-byte account, when checked and when encoded', () => {
    const good = encodeAddress(new Uint8Array(32).fill(5), 2);
    const corrupt = good.slice(0, 10) + (good[10] === 'a' ? 'b' : 'a') + good.slice(11);
    expect(() => encoder.check({ stash: corrupt, targets: [] })).toThrow(/not a 32-byte SS58 account address/);
    expect(() => encoder.encodeItem({ stash: good, targets: [corrupt] })).toThrow(/checksum/);
    // The registry refuses it too.
    expect(() => nominateViaProxyCall(runtime.calls, { stash: corrupt, targets: [] }, proxyType).toU8a()).toThrow();
  });
});

describe('an encoder for a runtime whose calls are shaped otherwise', () => {
  it('refuses to be made (the service then builds calls through the registry)', () => {
    const relay = relayKusamaRuntime();
    // A proxy.proxy whose `real` is something else than an account: here the stash's nominate call.
    const odd: CallFactory = (section, method, ...args) =>
      section === 'proxy' && method === 'proxy'
        ? relay.calls('utility', 'asDerivative', 0, relay.calls('staking', 'chill'))
        : relay.calls(section, method, ...args);
    expect(() => NominationEncoder.fromCalls(odd, 'Staking')).toThrow(NominationShapeError);
    expect(() => NominationEncoder.fromCalls(relay.calls, 'NoSuchProxyType')).toThrow();
  });
});
