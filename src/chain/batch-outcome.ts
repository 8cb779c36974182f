import type { ItemOutcome } from '../domain/ports/extrinsics.js';
import type { Planck } from '../domain/shared/types.js';

/** The events of one extrinsic that matter for a forceBatch of proxied calls, in emission order. */
export type BatchEvent =
  | { kind: 'proxyExecuted'; error: string | null }
  | { kind: 'itemCompleted' }
  | { kind: 'itemFailed'; error: string }
  | { kind: 'extrinsicFailed'; error: string }
  | { kind: 'feePaid'; fee: Planck };

export interface BatchOutcome {
  outcomes: ItemOutcome[];
  fee: Planck | null;
  extrinsicError: string | null;
}

/** Reported for an item when the block shows no event closing it (should not happen with forceBatch). */
export const NO_ITEM_EVENT = 'ndest.NoItemEvent';

/**
 * Item i is the i-th group of events closed by `utility.ItemCompleted` or `utility.ItemFailed`.
 * An item "completes" even when the proxied call failed: then the group holds
 * `proxy.ProxyExecuted` with an Err result, which is the item's outcome.
 */
export function decodeBatchOutcome(events: BatchEvent[], itemCount: number): BatchOutcome {
  let fee: Planck | null = null;
  let extrinsicError: string | null = null;
  let proxyError: string | null = null;
  const outcomes: ItemOutcome[] = [];
  for (const event of events) {
    switch (event.kind) {
      case 'feePaid':
        fee = event.fee;
        break;
      case 'extrinsicFailed':
        extrinsicError = event.error;
        break;
      case 'proxyExecuted':
        proxyError = event.error;
        break;
      case 'itemCompleted':
        outcomes.push(proxyError === null ? { ok: true } : { ok: false, error: proxyError });
        proxyError = null;
        break;
      case 'itemFailed':
        outcomes.push({ ok: false, error: event.error });
        proxyError = null;
        break;
    }
  }
  if (extrinsicError !== null) {
    const error = extrinsicError;
    return { outcomes: Array.from({ length: itemCount }, () => ({ ok: false, error })), fee, extrinsicError };
  }
  const complete = Array.from(
    { length: itemCount },
    (_, i) => outcomes[i] ?? { ok: false as const, error: NO_ITEM_EVENT },
  );
  return { outcomes: complete, fee, extrinsicError };
}
