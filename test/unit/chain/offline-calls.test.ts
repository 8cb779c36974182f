import type { Call } from '@polkadot/types/interfaces';
import { encodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import {
  buildNominationBatchCall,
  buildPayoutCall,
  buildSetupBatchCall,
  nominateViaProxyCall,
} from '../../../src/chain/nomination-calls.js';
import { buildOfflineNominationBatch, decodeCall, type OfflineRuntime } from '../../../src/chain/offline-calls.js';
import { assetHubRuntime, relayKusamaRuntime } from '../../support/chain-metadata.js';

const addr = (fill: number) => encodeAddress(new Uint8Array(32).fill(fill), 2);
const stash = addr(1);
const operator = addr(2);
const targets = [addr(10), addr(11), addr(12), addr(13)];

function roundTrip(runtime: OfflineRuntime, call: Call): Call {
  const decoded = decodeCall(runtime, call.toHex());
  expect(decoded.toHex()).toBe(call.toHex());
  return decoded;
}

const index = (runtime: OfflineRuntime, section: string, method: string) => {
  const call = runtime.decorated.tx[section]![method]!;
  return Array.from(call.callIndex);
};

describe('calls built offline against Kusama Asset Hub 2003000', () => {
  const ah = assetHubRuntime();

  it('has the call indices of the live runtime (Staking pallet 89)', () => {
    expect(index(ah, 'staking', 'bond')).toEqual([89, 0]);
    expect(index(ah, 'staking', 'nominate')).toEqual([89, 5]);
    expect(index(ah, 'staking', 'payoutStakersByPage')).toEqual([89, 26]);
  });

  it('encodes proxy.proxy(stash, Staking, nominate(targets)) and decodes it back', () => {
    const decoded = roundTrip(ah, nominateViaProxyCall(ah.calls, { stash, targets }));
    expect([decoded.section, decoded.method]).toEqual(['proxy', 'proxy']);
    const [real, proxyType, inner] = decoded.args as unknown as [
      { toString(): string },
      { unwrap(): { type: string } },
      Call,
    ];
    expect(real.toString()).toBe(stash);
    expect(proxyType.unwrap().type).toBe('Staking');
    expect([inner.section, inner.method, Array.from(inner.callIndex)]).toEqual(['staking', 'nominate', [89, 5]]);
    const encodedTargets = (inner.args[0] as unknown as { toString(): string }[]).map((t) => t.toString());
    expect(encodedTargets).toEqual(targets);
  });

  it('encodes the forceBatch of nominations with one item per stash, in order', () => {
    const items = [1, 2, 3].map((n) => ({ stash: addr(n), targets }));
    const batch = roundTrip(ah, buildOfflineNominationBatch(ah, items));
    expect([batch.section, batch.method]).toEqual(['utility', 'forceBatch']);
    const inner = batch.args[0] as unknown as Call[];
    expect(inner.map((c) => (c.args[0] as unknown as { toString(): string }).toString())).toEqual(
      items.map((i) => i.stash),
    );
    // A batch grows by exactly one item's encoding per item (plus the compact count).
    const one = buildNominationBatchCall(ah.calls, items.slice(0, 1)).encodedLength;
    const itemLength = nominateViaProxyCall(ah.calls, items[0]!).encodedLength;
    expect(batch.encodedLength - one).toBe(2 * itemLength);
  });

  it('encodes the setup batch: bond(value, Staked) then addProxy(operator, Staking, 0)', () => {
    const setup = roundTrip(ah, buildSetupBatchCall(ah.calls, { operator, bondValue: 5_000_000_000_000n }));
    expect([setup.section, setup.method]).toEqual(['utility', 'batchAll']);
    const [bond, addProxy] = setup.args[0] as unknown as Call[];
    expect([bond!.section, bond!.method, bond!.args[0]!.toString(), bond!.args[1]!.toString()]).toEqual([
      'staking',
      'bond',
      '5000000000000',
      'Staked',
    ]);
    expect([addProxy!.section, addProxy!.method]).toEqual(['proxy', 'addProxy']);
    expect(addProxy!.args.map((a) => a.toString())).toEqual([operator, 'Staking', '0']);
  });

  it('omits the bond when the stash is already bonded', () => {
    const setup = buildSetupBatchCall(ah.calls, { operator, bondValue: null });
    expect((setup.args[0] as unknown as Call[]).map((c) => c.method)).toEqual(['addProxy']);
  });

  it('encodes payoutStakersByPage(validator, era, page)', () => {
    const payout = roundTrip(ah, buildPayoutCall(ah.calls, ah.capabilities.payoutCall, stash, 8_000, 1));
    expect([payout.method, Array.from(payout.callIndex)]).toEqual(['payoutStakersByPage', [89, 26]]);
    expect(payout.args.map((a) => a.toString())).toEqual([stash, '8000', '1']);
  });
});

describe('calls built offline against the Kusama relay metadata', () => {
  const relay = relayKusamaRuntime();

  it('uses the relay pallet indices and its Staking proxy type', () => {
    const call = roundTrip(relay, nominateViaProxyCall(relay.calls, { stash, targets }));
    expect(Array.from(call.callIndex)).toEqual([30, 0]);
    const inner = call.args[2] as unknown as Call;
    expect(Array.from(inner.callIndex)).toEqual([6, 5]);
    const proxyType = (call.args[1] as unknown as { unwrap(): { toU8a(): Uint8Array } }).unwrap();
    // Staking is variant 3 on the relay chain, 8 on Asset Hub: names, never indices.
    expect(Array.from(proxyType.toU8a())).toEqual([3]);
  });

  it('refuses a call the runtime does not have', () => {
    expect(() => relay.calls('staking', 'noSuchCall')).toThrow('the runtime has no call staking.noSuchCall');
  });
});
