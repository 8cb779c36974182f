import { encodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { decodeTransfers, type TransferRecordLike } from '../../../src/chain/transfer-events.js';
import { assetHubRuntime } from '../../support/chain-metadata.js';
import { offlineEvent, record } from './offline-events.js';

const ah = assetHubRuntime();
const addr = (fill: number) => encodeAddress(new Uint8Array(32).fill(fill), 2);
const [user, pool, other, pot] = [1, 2, 3, 4].map(addr) as [string, string, string, string];
const ev = (section: string, method: string, ...values: unknown[]) => offlineEvent(ah, section, method, values);
const rec = (phase: number | null | 'final', section: string, method: string, ...values: unknown[]) =>
  record(ah, phase, ev(section, method, ...values)) as unknown as TransferRecordLike;
const block = { hash: `0x${'ab'.repeat(32)}`, number: 77 };
const at = { blockHash: block.hash, blockNumber: 77 };

describe('decodeTransfers (Kusama Asset Hub 2003000 events)', () => {
  it('reports KSM transfers, asset transfers and mints with their event and extrinsic indices, in order', () => {
    const records = [
      rec(null, 'balances', 'Transfer', pot, other, 500n),
      rec(2, 'balances', 'Withdraw', user, 10n),
      rec(2, 'balances', 'Transfer', user, pool, 7_000n),
      rec(2, 'assets', 'Transferred', 1984, user, pool, 1_234n),
      rec(2, 'foreignAssets', 'Transferred', { parents: 1, interior: 'Here' }, user, pool, 9n),
      rec(3, 'assets', 'Issued', 1984, pool, 66n),
      rec(3, 'utility', 'ItemCompleted'),
      rec('final', 'balances', 'Deposit', other, 3n),
    ];
    expect(decodeTransfers(records, block, 2)).toEqual([
      { token: { kind: 'native' }, from: pot, to: other, amount: 500n, ...at, eventIndex: 0, extrinsicIndex: null },
      { token: { kind: 'native' }, from: user, to: pool, amount: 7_000n, ...at, eventIndex: 2, extrinsicIndex: 2 },
      {
        token: { kind: 'asset', assetId: 1984 },
        from: user,
        to: pool,
        amount: 1_234n,
        ...at,
        eventIndex: 3,
        extrinsicIndex: 2,
      },
      {
        token: { kind: 'asset', assetId: 1984 },
        from: null,
        to: pool,
        amount: 66n,
        ...at,
        eventIndex: 5,
        extrinsicIndex: 3,
      },
    ]);
  });

  it('encodes addresses with the given prefix', () => {
    const [transfer] = decodeTransfers([rec(1, 'balances', 'Transfer', user, pool, 1n)], block, 0);
    expect(transfer!.to).toBe(encodeAddress(new Uint8Array(32).fill(2), 0));
  });

  it('finds nothing in a block without transfers', () => {
    expect(decodeTransfers([rec(1, 'utility', 'BatchCompleted')], block, 2)).toEqual([]);
  });
});
