import type { ApiPromise } from '@polkadot/api';
import type { Call } from '@polkadot/types/interfaces';
import type { PayoutItem } from '../domain/ports/payouts.js';
import { buildPayoutCall, type CallFactory } from './nomination-calls.js';

export type PayoutCallKind = 'payoutStakersByPage' | 'payoutStakers';

/** `payoutStakersByPage` where the runtime pays by page; `payoutStakers` (next unpaid page) on older ones. */
export function payoutCallKind(api: Pick<ApiPromise, 'tx'>): PayoutCallKind {
  const staking = api.tx.staking as Record<string, unknown> | undefined;
  return staking?.payoutStakersByPage ? 'payoutStakersByPage' : 'payoutStakers';
}

/** One item's payout call. */
export function payoutItemCall(f: CallFactory, kind: PayoutCallKind, item: PayoutItem): Call {
  return buildPayoutCall(f, kind, item.validator, item.era, item.page);
}

/**
 * `utility.forceBatch` of one payout per item: anyone may pay, and a page someone else paid
 * meanwhile fails alone (`staking.AlreadyClaimed`) without stopping the others.
 */
export function buildPayoutBatchCall(f: CallFactory, kind: PayoutCallKind, items: PayoutItem[]): Call {
  return f(
    'utility',
    'forceBatch',
    items.map((item) => payoutItemCall(f, kind, item)),
  );
}
