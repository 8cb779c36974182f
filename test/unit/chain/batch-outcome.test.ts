import { describe, expect, it } from 'vitest';
import { decodeBatchOutcome, NO_ITEM_EVENT, type BatchEvent } from '../../../src/chain/batch-outcome.js';

describe('decodeBatchOutcome', () => {
  it('reads the event order seen on the dev runtime (KUSAMA.md): ok, inner failure, proxy failure', () => {
    const events: BatchEvent[] = [
      { kind: 'proxyExecuted', error: null },
      { kind: 'itemCompleted' },
      { kind: 'proxyExecuted', error: 'staking.NotController' },
      { kind: 'itemCompleted' },
      { kind: 'itemFailed', error: 'proxy.NotProxy' },
      { kind: 'feePaid', fee: 1_234_567n },
    ];
    expect(decodeBatchOutcome(events, 3)).toEqual({
      outcomes: [{ ok: true }, { ok: false, error: 'staking.NotController' }, { ok: false, error: 'proxy.NotProxy' }],
      fee: 1_234_567n,
      extrinsicError: null,
    });
  });

  it('does not carry a proxy error over to the next item', () => {
    const events: BatchEvent[] = [
      { kind: 'proxyExecuted', error: 'staking.BadTarget' },
      { kind: 'itemCompleted' },
      { kind: 'itemCompleted' },
    ];
    expect(decodeBatchOutcome(events, 2).outcomes).toEqual([{ ok: false, error: 'staking.BadTarget' }, { ok: true }]);
  });

  it('fails every item with the extrinsic error when the extrinsic failed', () => {
    const events: BatchEvent[] = [{ kind: 'extrinsicFailed', error: 'BadOrigin' }];
    expect(decodeBatchOutcome(events, 2)).toEqual({
      outcomes: [
        { ok: false, error: 'BadOrigin' },
        { ok: false, error: 'BadOrigin' },
      ],
      fee: null,
      extrinsicError: 'BadOrigin',
    });
  });

  it('marks items without a closing event instead of inventing success', () => {
    const events: BatchEvent[] = [{ kind: 'proxyExecuted', error: null }, { kind: 'itemCompleted' }];
    expect(decodeBatchOutcome(events, 2).outcomes).toEqual([{ ok: true }, { ok: false, error: NO_ITEM_EVENT }]);
  });
});
