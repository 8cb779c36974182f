import { encodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { decodeBlockEvents, type EventRecordLike } from '../../../src/chain/block-event-decoder.js';
import type { ChainEvent } from '../../../src/domain/ports.js';
import { assetHubRuntime } from '../../support/chain-metadata.js';
import { extrinsic, offlineEvent, record } from './offline-events.js';

const ah = assetHubRuntime();
const f = ah.calls;
const addr = (fill: number) => encodeAddress(new Uint8Array(32).fill(fill), 2);
const [A, B, C, helper, operator, validator, payer, t1, t2] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(addr) as string[];
const ev = (section: string, method: string, ...values: unknown[]) => offlineEvent(ah, section, method, values);
const hash = (fill: number) => `0x${fill.toString(16).padStart(2, '0').repeat(32)}`;
const proxied = (real: string, call: ReturnType<typeof f>) => f('proxy', 'proxy', real, null, call);
const moduleError = { Module: { index: 89, error: '0x05000000' } };
const ok = { Ok: null };
const failed = { Err: moduleError };

const extrinsics = [
  extrinsic(ah, null, f('timestamp', 'set', 1), 0),
  extrinsic(ah, payer!, f('staking', 'payoutStakersByPage', validator, 12, 1), 1),
  extrinsic(ah, operator!, f('utility', 'forceBatch', [proxied(A!, f('staking', 'nominate', [t1]))]), 2),
  extrinsic(
    ah,
    helper!,
    f('utility', 'forceBatch', [
      proxied(A!, f('staking', 'nominate', [t1, t2])),
      proxied(B!, f('staking', 'nominate', [t1])),
      proxied(C!, f('staking', 'chill')),
    ]),
    3,
  ),
  extrinsic(ah, A!, f('utility', 'batchAll', [f('staking', 'bondExtra', 5n), f('staking', 'nominate', [t2])]), 4),
  extrinsic(ah, A!, f('staking', 'chill'), 5),
  extrinsic(ah, B!, f('proxy', 'addProxy', helper, 'Staking', 0), 6),
];

const records: EventRecordLike[] = [
  record(ah, 1, ev('staking', 'PayoutStarted', 12, validator, 1, null)),
  record(ah, 1, ev('staking', 'Rewarded', validator, 'Staked', 10n)),
  record(ah, 1, ev('staking', 'Rewarded', A, { Account: B }, 20n)),
  record(ah, 1, ev('staking', 'Rewarded', C, 'Stash', 30n)),
  record(ah, 2, ev('proxy', 'ProxyExecuted', ok)),
  record(ah, 2, ev('utility', 'ItemCompleted')),
  record(ah, 2, ev('utility', 'BatchCompleted')),
  record(ah, 3, ev('proxy', 'ProxyExecuted', ok)),
  record(ah, 3, ev('utility', 'ItemCompleted')),
  record(ah, 3, ev('proxy', 'ProxyExecuted', failed)),
  record(ah, 3, ev('utility', 'ItemCompleted')),
  record(ah, 3, ev('utility', 'ItemFailed', moduleError)),
  record(ah, 3, ev('utility', 'BatchCompletedWithErrors')),
  record(ah, 4, ev('system', 'ExtrinsicFailed', moduleError, {})),
  record(ah, 5, ev('staking', 'Chilled', A)),
  record(ah, 6, ev('proxy', 'ProxyAdded', B, helper, 'Staking', 0)),
  record(ah, 'final', ev('staking', 'Bonded', B, 7n)),
];

const common = { amount: null, era: null, validator: null };
const decode = (accounts: string[], op: string | null = operator!) =>
  decodeBlockEvents({ extrinsics, records, prefix: 2, operator: op, accounts: new Set(accounts) });

describe('decodeBlockEvents on a block built from Kusama Asset Hub metadata', () => {
  it('reports the events and nomination changes of the accounts asked about, in chain order', () => {
    const events = decode([A!, B!]);
    expect(events).toEqual<ChainEvent[]>([
      {
        key: 'e2',
        kind: 'rewarded',
        account: A!,
        extrinsicIndex: 1,
        extrinsicHash: hash(1),
        signer: payer!,
        amount: 20n,
        era: 12,
        validator: validator!,
        detail: { dest: 'Account', destAccount: B!, page: '1' },
      },
      {
        key: 'x3.0',
        kind: 'nominations_changed',
        account: A!,
        extrinsicIndex: 3,
        extrinsicHash: hash(3),
        signer: helper!,
        ...common,
        detail: { call: 'nominate', targets: `${t1},${t2}` },
      },
      {
        key: 'e14',
        kind: 'chilled',
        account: A!,
        extrinsicIndex: 5,
        extrinsicHash: hash(5),
        signer: A!,
        ...common,
        detail: {},
      },
      {
        key: 'x5.0',
        kind: 'nominations_changed',
        account: A!,
        extrinsicIndex: 5,
        extrinsicHash: hash(5),
        signer: A!,
        ...common,
        detail: { call: 'chill', targets: '' },
      },
      {
        key: 'e15',
        kind: 'proxy_added',
        account: B!,
        extrinsicIndex: 6,
        extrinsicHash: hash(6),
        signer: B!,
        ...common,
        detail: { delegate: helper!, proxyType: 'Staking', delay: '0' },
      },
      {
        key: 'e16',
        kind: 'bonded',
        account: B!,
        extrinsicIndex: null,
        extrinsicHash: null,
        signer: null,
        ...common,
        amount: 7n,
        detail: {},
      },
    ]);
  });

  it('reports no call that failed inside its proxy or batch item', () => {
    const events = decode([B!, C!]).filter((e) => e.kind === 'nominations_changed');
    // B's nomination failed inside its proxy (ProxyExecuted Err), C's proxy call failed (ItemFailed).
    expect(events).toEqual([]);
    expect(decode([C!]).map((e) => [e.key, e.kind, e.detail.dest])).toEqual([['e3', 'rewarded', 'Stash']]);
  });

  it("reports the operator's nominations when no operator is configured, and skips them otherwise", () => {
    const keys = (op: string | null) =>
      decode([A!], op)
        .filter((e) => e.kind === 'nominations_changed')
        .map((e) => e.key);
    expect(keys(operator!)).toEqual(['x3.0', 'x5.0']);
    expect(keys(null)).toEqual(['x2.0', 'x3.0', 'x5.0']);
  });

  it('leaves era and validator empty for a reward without PayoutStarted in its extrinsic', () => {
    const orphan = [record(ah, 3, ev('staking', 'Rewarded', A, 'Staked', 5n))];
    const events = decodeBlockEvents({
      extrinsics,
      records: [...records.slice(0, 1), ...orphan],
      prefix: 2,
      operator: null,
      accounts: new Set([A!]),
    });
    expect(events.filter((e) => e.kind === 'rewarded')).toMatchObject([{ key: 'e1', era: null, validator: null }]);
  });

  it('reports proxy.removeProxies, which emits no event, direct or nested, only when it ran', () => {
    const calls = [
      extrinsic(ah, B!, f('proxy', 'removeProxies'), 0),
      extrinsic(ah, C!, f('utility', 'batchAll', [f('staking', 'chill'), f('proxy', 'removeProxies')]), 1),
      extrinsic(ah, A!, f('proxy', 'removeProxies'), 2),
    ];
    const events = decodeBlockEvents({
      extrinsics: calls,
      records: [record(ah, 2, ev('system', 'ExtrinsicFailed', moduleError, {}))],
      prefix: 2,
      operator: null,
      accounts: new Set([A!, B!, C!]),
    });
    expect(events.map((e) => [e.key, e.kind, e.account, e.detail])).toEqual([
      ['x0.0', 'proxies_removed', B, { call: 'removeProxies' }],
      ['x1.0', 'nominations_changed', C, { call: 'chill', targets: '' }],
      ['x1.1', 'proxies_removed', C, { call: 'removeProxies' }],
    ]);
  });

  it('encodes every address with the prefix given', () => {
    const polkadot = decodeBlockEvents({
      extrinsics,
      records,
      prefix: 0,
      operator: null,
      accounts: new Set([encodeAddress(new Uint8Array(32).fill(2), 0)]),
    });
    expect(polkadot.map((e) => e.kind)).toEqual(['proxy_added', 'bonded']);
    expect(polkadot[0]!.detail.delegate).toBe(encodeAddress(new Uint8Array(32).fill(4), 0));
  });
});
