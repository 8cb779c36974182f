import type { Call } from '@polkadot/types/interfaces';
import { encodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { decodeCall } from '../../../src/chain/offline-calls.js';
import { buildCreatePureBatchCall, buildPoolTransferBatchCall } from '../../../src/chain/pool-calls.js';
import type { PoolTransferItem } from '../../../src/domain/pools/pool-chain.js';
import { assetHubRuntime } from '../../support/chain-metadata.js';

const addr = (fill: number) => encodeAddress(new Uint8Array(32).fill(fill), 2);
const [pool, to, other] = [addr(1), addr(2), addr(3)] as [string, string, string];
const ah = assetHubRuntime();
const f = ah.calls;
const name = (c: Call) => `${c.section}.${c.method}`;
const str = (v: unknown) => (v as { toString(): string }).toString();

/** Encoded against the live runtime's metadata and decoded back. */
function roundTrip(call: Call): Call {
  const decoded = decodeCall(ah, call.toHex());
  expect(decoded.toHex()).toBe(call.toHex());
  return decoded;
}

describe('pool calls against Kusama Asset Hub 2003000', () => {
  it('creates pure proxies of type Any, delay 0, one per index, in a forceBatch', () => {
    const batch = roundTrip(buildCreatePureBatchCall(f, [0, 7, 65_535]));
    expect(name(batch)).toBe('utility.forceBatch');
    const items = batch.args[0] as unknown as Call[];
    expect(items.map(name)).toEqual(['proxy.createPure', 'proxy.createPure', 'proxy.createPure']);
    expect(items.map((c) => c.args.map(str))).toEqual([
      ['Any', '0', '0'],
      ['Any', '0', '7'],
      ['Any', '0', '65535'],
    ]);
  });

  it('refuses indices that repeat, are not u16 integers, or none', () => {
    expect(() => buildCreatePureBatchCall(f, [1, 2, 1])).toThrow(/repeat/);
    for (const bad of [-1, 65_536, 1.5]) expect(() => buildCreatePureBatchCall(f, [bad])).toThrow(/u16/);
    expect(() => buildCreatePureBatchCall(f, [])).toThrow(/no pure/);
  });

  it('endows from the operator and pays from the pool by proxy, keep-alive, KSM or an asset', () => {
    const items: PoolTransferItem[] = [
      { kind: 'endow', to: pool, amount: 3_333_333n },
      { kind: 'pay', from: pool, to, token: { kind: 'native' }, amount: 5n },
      { kind: 'pay', from: pool, to: other, token: { kind: 'asset', assetId: 1984 }, amount: 6n },
    ];
    const batch = roundTrip(buildPoolTransferBatchCall(f, items));
    expect(name(batch)).toBe('utility.forceBatch');
    const [endow, native, asset] = batch.args[0] as unknown as [Call, Call, Call];
    expect(name(endow)).toBe('balances.transferKeepAlive');
    expect(endow.args.map(str)).toEqual([pool, '3333333']);
    for (const [call, inner, args] of [
      [native, 'balances.transferKeepAlive', [to, '5']],
      [asset, 'assets.transfer', ['1984', other, '6']],
    ] as const) {
      expect(name(call)).toBe('proxy.proxy');
      const [real, type, proxied] = call.args as unknown as [unknown, unknown, Call];
      expect(str(real)).toBe(pool);
      expect(str(type)).toBe('Any');
      expect(name(proxied)).toBe(inner);
      expect(proxied.args.map(str)).toEqual(args);
    }
  });

  it('refuses an amount that is not positive', () => {
    expect(() => buildPoolTransferBatchCall(f, [{ kind: 'endow', to, amount: 0n }])).toThrow(/not positive/);
  });
});
