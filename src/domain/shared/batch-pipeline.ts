import type { SignedExtrinsic, TrackResult } from '../ports.js';
import { deliverBatch, type Included } from './deliver-batch.js';
import type { SigningFence, SigningLock } from './signing-lock.js';
import type { Address } from './types.js';

/**
 * One pipeline for what the operator sends in batches: plan → store → sign → send → track →
 * record each item's outcome. Pools (accounts, payments) go through it; rounds and payout sweeps
 * follow the same steps with their own stores (see the note in run-round and sweep-payouts).
 */

/** A batch stored before anything is signed: `planned`, or `signed` with its extrinsic stored. */
export interface OpenBatch<Item> {
  id: string;
  status: 'planned' | 'signed';
  items: Item[];
}

export interface ItemResult<Item> {
  item: Item;
  ok: boolean;
  /** `section.Name` of the error when it failed. */
  error: string | null;
}

/** What the chain did with each item of an included batch: the per-item outcome rule, once. */
export function itemResults<Item>(included: Included, items: Item[]): ItemResult<Item>[] {
  return items.map((item, i) => {
    // A failed extrinsic (bad origin, exhausted resources) fails every item with its error.
    if (included.extrinsicError) return { item, ok: false, error: included.extrinsicError };
    const outcome = included.outcomes[i];
    if (!outcome) return { item, ok: false, error: 'no outcome reported for this item' };
    return outcome.ok ? { item, ok: true, error: null } : { item, ok: false, error: outcome.error };
  });
}

export interface BatchStore<Item> {
  signedExtrinsic(batchId: string): Promise<SignedExtrinsic | null>;
  /**
   * Stores the signature: a compare-and-set from `planned` (or from the expired signature it
   * replaces), under the signing fence, so two workers never send one batch twice.
   */
  markSigned(
    batchId: string,
    signed: SignedExtrinsic,
    items: Item[],
    guard: { previousHash: string | null; fence: SigningFence },
  ): Promise<void>;
  /** Nothing was left to send (every item was withdrawn before signing). */
  closeEmpty(batchId: string, reason: string): Promise<void>;
  /** Records the inclusion and each item's result; a second call for the same extrinsic does nothing. */
  recordOutcome(
    batchId: string,
    included: Included & { extrinsicHash: string },
    results: ItemResult<Item>[],
  ): Promise<void>;
}

export interface BatchSigner<Item> {
  operatorAddress(): Address | null;
  sign(items: Item[]): Promise<SignedExtrinsic>;
  sendAndTrack(signed: SignedExtrinsic, itemCount: number, options: { submit?: boolean }): Promise<TrackResult>;
  discard(signed: SignedExtrinsic): void;
}

/**
 * Delivers one stored batch exactly once, under the operator's signing lock: a stored signature is
 * tracked (found by its nonce, or re-sent as the same bytes while it can still land), a new one is
 * stored before it is sent. `recheck` runs before every signature and drops items that must not go
 * out any more. Returns each item's result, or null when nothing was left to send.
 */
export async function deliverStoredBatch<Item>(
  deps: { lock: SigningLock; signer: BatchSigner<Item>; store: BatchStore<Item> },
  batch: OpenBatch<Item>,
  recheck: (items: Item[]) => Promise<Item[]> = async (items) => items,
): Promise<ItemResult<Item>[] | null> {
  const operator = deps.signer.operatorAddress();
  if (!operator) throw new Error('no operator key: batches cannot be signed');
  return deps.lock.hold(operator, async (fence) => {
    const stored = batch.status === 'signed' ? await deps.store.signedExtrinsic(batch.id) : null;
    let items = batch.items;
    const delivered = await deliverBatch({
      stored: stored && { signed: stored, itemCount: items.length },
      sign: async () => {
        items = await recheck(items);
        if (items.length === 0) return null;
        const previous = await deps.store.signedExtrinsic(batch.id);
        const signed = await deps.signer.sign(items);
        try {
          await deps.store.markSigned(batch.id, signed, items, { previousHash: previous?.hash ?? null, fence });
        } catch (e) {
          // Not stored, so never sent: its nonce is free again.
          deps.signer.discard(signed);
          throw e;
        }
        return { signed, itemCount: items.length };
      },
      track: (signed, count, submit) => deps.signer.sendAndTrack(signed, count, { submit }),
    });
    if (!delivered) {
      await deps.store.closeEmpty(batch.id, 'nothing was left to send');
      return null;
    }
    const results = itemResults(delivered.included, items);
    await deps.store.recordOutcome(
      batch.id,
      { ...delivered.included, extrinsicHash: delivered.signature.signed.hash },
      results,
    );
    return results;
  });
}
