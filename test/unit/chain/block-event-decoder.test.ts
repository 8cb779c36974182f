import { createKeyMulti, encodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { decodeBlock, type EventRecordLike } from '../../../src/chain/block-event-decoder.js';
import type { ChainEvent } from '../../../src/domain/ports/chain-events.js';
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
  decodeBlock({ extrinsics, records, prefix: 2, operator: op, accounts: new Set(accounts) }).events;

describe('decodeBlock on a block built from Kusama Asset Hub metadata', () => {
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
    const { events } = decodeBlock({
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
    const { events } = decodeBlock({
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
    const { events: polkadot } = decodeBlock({
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

describe("decodeBlock: a delegator's calls that can change its delegation", () => {
  const multisig = (who: string[], threshold: number) => encodeAddress(createKeyMulti(who, threshold), 2);
  // B and C as co-signers of the helper: M1 (threshold 1), M2 (threshold 2).
  const M1 = multisig([helper!, B!], 1);
  const M2 = multisig([helper!, C!], 2);
  const weight = { refTime: 1, proofSize: 1 };
  const timepoint = { height: 5, index: 1 };
  const callHash = `0x${'ab'.repeat(32)}`;
  const decodeWith = (xs: ReturnType<typeof extrinsic>[], rs: EventRecordLike[], accounts: string[], op = operator!) =>
    decodeBlock({ extrinsics: xs, records: rs, prefix: 2, operator: op, accounts: new Set(accounts) });
  const brief = (events: ChainEvent[]) => events.map((e) => [e.key, e.kind, e.account, e.detail]);

  it('records setPayee and removeProxies inside a batch, and watches the stash', () => {
    const { events, watch } = decodeWith(
      [
        extrinsic(
          ah,
          B!,
          f('utility', 'batch', [f('staking', 'setPayee', { Account: C }), f('proxy', 'removeProxies')]),
          0,
        ),
      ],
      [0, 0]
        .map(() => record(ah, 0, ev('utility', 'ItemCompleted')))
        .concat(record(ah, 0, ev('utility', 'BatchCompleted'))),
      [B!],
    );
    expect(brief(events)).toEqual([
      ['x0.0', 'account_changed', B, { call: 'staking.setPayee', payee: 'Account', payeeAccount: C }],
      ['x0.1', 'proxies_removed', B, { call: 'removeProxies' }],
    ]);
    expect(watch).toEqual([B]);
  });

  it('watches the stash of bondExtra, unbond, addProxy and removeProxy, which their own events record', () => {
    const { events, watch } = decodeWith(
      [
        extrinsic(ah, helper!, proxied(A!, f('staking', 'bondExtra', 5n)), 0),
        extrinsic(
          ah,
          C!,
          f('utility', 'batchAll', [
            f('staking', 'unbond', 1n),
            f('proxy', 'addProxy', helper, 'Staking', 0),
            f('proxy', 'removeProxy', operator, 'Staking', 0),
          ]),
          1,
        ),
      ],
      [
        record(ah, 0, ev('staking', 'Bonded', A, 5n)),
        record(ah, 0, ev('proxy', 'ProxyExecuted', ok)),
        record(ah, 1, ev('staking', 'Unbonded', C, 1n)),
        record(ah, 1, ev('utility', 'ItemCompleted')),
        record(ah, 1, ev('proxy', 'ProxyAdded', C, helper, 'Staking', 0)),
        record(ah, 1, ev('utility', 'ItemCompleted')),
        record(ah, 1, ev('proxy', 'ProxyRemoved', C, operator, 'Staking', 0)),
        record(ah, 1, ev('utility', 'ItemCompleted')),
        record(ah, 1, ev('utility', 'BatchCompleted')),
      ],
      [A!, C!],
    );
    // No call-decoded duplicate of what an event already records.
    expect(events.map((e) => [e.key, e.kind, e.account])).toEqual([
      ['e0', 'bonded', A],
      ['e2', 'unbonded', C],
      ['e4', 'proxy_added', C],
      ['e6', 'proxy_removed', C],
    ]);
    expect(watch).toEqual([A, C]);
  });

  it('runs multisig.asMultiThreshold1 as the multisig account', () => {
    const { events, watch } = decodeWith(
      [extrinsic(ah, helper!, f('multisig', 'asMultiThreshold1', [B], f('proxy', 'removeProxies')), 0)],
      [],
      [M1],
    );
    expect(brief(events)).toEqual([['x0.0', 'proxies_removed', M1, { call: 'removeProxies' }]]);
    expect(events[0]!.signer).toBe(helper);
    expect(watch).toEqual([M1]);
  });

  it("records multisig.asMulti's call on the final approval only, and watches the multisig on every one", () => {
    const asMulti = (call: ReturnType<typeof f>) =>
      f('multisig', 'asMulti', 2, [C], timepoint, proxied(A!, call), weight);
    const first = extrinsic(ah, helper!, asMulti(f('staking', 'setPayee', 'Stash')), 0);
    const last = extrinsic(ah, helper!, asMulti(f('staking', 'setPayee', 'Stash')), 1);
    const executed = (result: unknown) => ev('multisig', 'MultisigExecuted', helper, timepoint, M2, callHash, result);
    // A (a pure proxy of M2, say) has its payee set by the multisig through proxy.proxy.
    const accounts = [A!, M2];
    const pending = decodeWith([first], [record(ah, 0, ev('multisig', 'NewMultisig', helper, M2, callHash))], accounts);
    expect(pending).toEqual({ events: [], watch: [A] });

    const ran = decodeWith(
      [first, last],
      [
        record(ah, 0, ev('multisig', 'NewMultisig', helper, M2, callHash)),
        record(ah, 1, ev('proxy', 'ProxyExecuted', ok)),
        record(ah, 1, executed(ok)),
      ],
      accounts,
    );
    expect(brief(ran.events)).toEqual([['x1.0', 'account_changed', A, { call: 'staking.setPayee', payee: 'Stash' }]]);
    expect(ran.watch).toEqual([M2, A]);

    // The multisig executed, but the call failed inside it: nothing recorded, still watched.
    const failedInside = decodeWith([last], [record(ah, 0, executed(failed))], accounts);
    expect(failedInside).toEqual({ events: [], watch: [M2, A] });
  });

  it('records the call of asMulti as the multisig itself when it is the tracked account', () => {
    const { events, watch } = decodeWith(
      [extrinsic(ah, helper!, f('multisig', 'asMulti', 2, [C], timepoint, f('staking', 'chill'), weight), 0)],
      [record(ah, 0, ev('multisig', 'MultisigExecuted', helper, timepoint, M2, callHash, ok))],
      [M2],
    );
    expect(brief(events)).toEqual([['x0.0', 'nominations_changed', M2, { call: 'chill', targets: '' }]]);
    expect(watch).toEqual([M2]);
  });

  it('watches a tracked multisig that executed a call the walker did not see (MultisigExecuted)', () => {
    const { events, watch } = decodeWith(
      [extrinsic(ah, null, f('timestamp', 'set', 1), 0)],
      [record(ah, null, ev('multisig', 'MultisigExecuted', helper, timepoint, M2, callHash, ok))],
      [M2],
    );
    expect(events).toEqual([]);
    expect(watch).toEqual([M2]);
  });

  it('watches the stash of a call that failed, and records nothing of it', () => {
    const { events, watch } = decodeWith(
      [
        extrinsic(
          ah,
          A!,
          f('utility', 'batchAll', [f('staking', 'unbond', 1n), f('staking', 'setPayee', 'Staked')]),
          0,
        ),
      ],
      [record(ah, 0, ev('system', 'ExtrinsicFailed', moduleError, {}))],
      [A!],
    );
    expect(events).toEqual([]);
    expect(watch).toEqual([A]);
  });

  it('records a kick for the kicked tracked nominators, not for the validator', () => {
    const { events, watch } = decodeWith(
      [extrinsic(ah, validator!, f('staking', 'kick', [{ Id: B }, { Id: C }, { Id: A }]), 0)],
      [record(ah, 0, ev('staking', 'Kicked', B, validator)), record(ah, 0, ev('staking', 'Kicked', A, validator))],
      [A!, B!, validator!],
    );
    expect(brief(events)).toEqual([
      ['x0.0', 'account_changed', B, { call: 'staking.kick' }],
      ['x0.2', 'account_changed', A, { call: 'staking.kick' }],
    ]);
    expect(watch).toEqual([B, A]);
  });

  it("leaves out the operator's own calls, but never a delegator's", () => {
    const own = extrinsic(
      ah,
      operator!,
      f('utility', 'forceBatch', [proxied(A!, f('staking', 'setPayee', 'Stash'))]),
      0,
    );
    const users = extrinsic(ah, A!, f('staking', 'setPayee', 'Stash'), 1);
    const rs = [
      record(ah, 0, ev('proxy', 'ProxyExecuted', ok)),
      record(ah, 0, ev('utility', 'ItemCompleted')),
      record(ah, 0, ev('utility', 'BatchCompleted')),
    ];
    expect(decodeWith([own], rs, [A!])).toEqual({ events: [], watch: [] });
    const both = decodeWith([own, users], rs, [A!]);
    expect(brief(both.events)).toEqual([['x1.0', 'account_changed', A, { call: 'staking.setPayee', payee: 'Stash' }]]);
    expect(both.watch).toEqual([A]);
  });

  it('follows utility.ifElse: the fallback ran when the main call failed', () => {
    const call = f('utility', 'ifElse', f('staking', 'nominate', [t1]), f('proxy', 'removeProxies'));
    const { events, watch } = decodeWith(
      [extrinsic(ah, B!, call, 0)],
      [record(ah, 0, ev('utility', 'IfElseFallbackCalled', moduleError))],
      [B!],
    );
    expect(brief(events)).toEqual([['x0.1', 'proxies_removed', B, { call: 'removeProxies' }]]);
    expect(watch).toEqual([B]);
  });

  it('watches nobody it was not asked about', () => {
    const { watch } = decodeWith([extrinsic(ah, C!, f('proxy', 'removeProxies'), 0)], [], [A!]);
    expect(watch).toEqual([]);
  });
});
