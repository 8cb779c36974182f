import { u8aToHex } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSetupBatchCall, type CallFactory } from '../../../src/chain/nomination-calls.js';
import { setupCallEncoder } from '../../../src/chain/setup-call-encoder.js';
import { ASSET_HUB_METADATA, assetHubRuntime, relayKusamaRuntime } from '../../support/chain-metadata.js';

const operator = encodeAddress(new Uint8Array(32).fill(7), 2);
const U128_MAX = 2n ** 128n - 1n;

const runtimes: [string, () => { calls: CallFactory }][] = [
  ['Kusama Asset Hub 2003000', () => assetHubRuntime()],
  ['Kusama Asset Hub 2000003', () => assetHubRuntime(ASSET_HUB_METADATA.kusamaDec2025)],
  ['Polkadot Asset Hub 2003000', () => assetHubRuntime(ASSET_HUB_METADATA.polkadot, 0)],
  ['the Kusama relay', () => relayKusamaRuntime()],
];

describe.each(runtimes)('the setup call encoded without the registry, on %s', (_, runtime) => {
  const { calls } = runtime();
  const encode = setupCallEncoder(calls, operator)!;
  const registry = (bondValue: bigint | null) => buildSetupBatchCall(calls, { operator, bondValue });

  it('is the registry call, byte for byte, with its hash, without a bond', () => {
    expect(encode).not.toBeNull();
    const expected = registry(null);
    const encoded = encode(null);
    expect(u8aToHex(encoded.bytes)).toBe(expected.toHex());
    expect(u8aToHex(encoded.hash)).toBe(expected.hash.toHex());
  });

  it('is the registry call, byte for byte, with its hash, for any bond up to 2^128 - 1', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U128_MAX }), (bondValue) => {
        const expected = registry(bondValue);
        const encoded = encode(bondValue);
        expect(u8aToHex(encoded.bytes)).toBe(expected.toHex());
        expect(u8aToHex(encoded.hash)).toBe(expected.hash.toHex());
      }),
      { numRuns: 200 },
    );
    for (const bondValue of [0n, 1n, 63n, 64n, 2n ** 32n - 1n, 2n ** 32n, 12_500_000_000_000n, U128_MAX]) {
      expect(u8aToHex(encode(bondValue).bytes)).toBe(registry(bondValue).toHex());
    }
  });

  it('differs per operator', () => {
    const other = encodeAddress(new Uint8Array(32).fill(8), 2);
    expect(u8aToHex(setupCallEncoder(calls, other)!(5n).bytes)).toBe(
      buildSetupBatchCall(calls, { operator: other, bondValue: 5n }).toHex(),
    );
    expect(u8aToHex(setupCallEncoder(calls, other)!(5n).bytes)).not.toBe(u8aToHex(encode(5n).bytes));
  });
});

describe('setupCallEncoder', () => {
  it('declines a runtime whose bond is not laid out as (compact value, payee), leaving it to the registry', () => {
    const { calls } = assetHubRuntime();
    // A bond whose value is not its first compact argument: the template cannot find the value.
    const reordered: CallFactory = (section, method, ...args) =>
      section === 'staking' && method === 'bond'
        ? calls('staking', 'bondExtra', (args[0] as bigint) + 1n)
        : calls(section, method, ...args);
    expect(setupCallEncoder(reordered, operator)).toBeNull();
  });
});
